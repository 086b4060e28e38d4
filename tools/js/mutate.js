#!/usr/bin/env node
// Builds ONE mutant-schemata copy of a widget build with Stryker's instrumenter: every mutant
// in one file, switched at run time by `globalThis.__stryker__.activeMutant`, plus
// `mutants.json` describing each mutant. The mutation campaign (src/mutation/, `cargo run
// --release --bin mutation`) serves this file to real browsers, so it must stay a classic
// script that works on a customer's page:
//
// - Stryker puts its helpers (`stryNS_…`, `stryCov_…`, `stryMutAct_…`) at the top level of the
//   file, where a classic script would make them page globals (spec I5 forbids any global but
//   `window.Herodesk`): the whole output is wrapped in `(function () { … })();`.
// - Stryker's statement placer rebuilds block bodies without their directives, so the
//   widget's `'use strict'` is lost; when the build is strict as a whole (a directive at the
//   top of the program or of every top-level IIFE) the wrapper restores it, or mutants would
//   run with sloppy-mode semantics the build never has.
// - The namespace helper looks the global object up as `globalThis` first and reaches
//   `new Function("return this")` only where there is no `globalThis`: never in the browsers
//   the suite drives, so the strict CSP host page (I1) sees no eval.
//
// Usage: node tools/js/mutate.js [--widget PATH] [--out DIR]
//   writes DIR/livechat.schemata.js and DIR/mutants.json (default DIR: target/mutation/build).
//   A mutant is activated by a first line `globalThis.__stryker__ = {activeMutant: "ID"};`:
//   Stryker compares the id as a string (`ns.activeMutant === "12"`). Several at once:
//   `globalThis.__stryker__ = {activeMutants: {"12": true, "40": true}};` (see withGroups).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const PROJECT = path.resolve(__dirname, '..', '..');

function parseArgs(argv) {
  const args = {
    widget: path.join(PROJECT, 'fixtures/widget/livechat.js'),
    out: path.join(PROJECT, 'target/mutation/build'),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--widget' || flag === '--out') && value !== undefined) {
      args[flag.slice(2)] = path.resolve(value);
      i++;
    } else {
      throw new Error(`unknown argument ${flag}; usage: mutate.js [--widget PATH] [--out DIR]`);
    }
  }
  return args;
}

// Stryker logs through an injected logger; warnings and errors go to stderr, the rest is noise.
const logger = {
  isTraceEnabled: () => false,
  isDebugEnabled: () => false,
  isInfoEnabled: () => false,
  isWarnEnabled: () => true,
  isErrorEnabled: () => true,
  isFatalEnabled: () => true,
  trace() {},
  debug() {},
  info() {},
  warn: (...a) => console.error('stryker:', ...a),
  error: (...a) => console.error('stryker:', ...a),
  fatal: (...a) => console.error('stryker:', ...a),
};

// True when every statement of the build runs in strict mode: a 'use strict' directive for
// the whole program, or at the top of every top-level IIFE (the usual shape of a widget).
// Also says whether any function of the build has the directive at all.
function strictness(babel, source) {
  const ast = babel.parseSync(source, { configFile: false, babelrc: false, sourceType: 'script' });
  const isStrict = (directives) => directives.some((d) => d.value.value === 'use strict');
  let anywhere = isStrict(ast.program.directives);
  babel.traverse(ast, {
    Function(p) {
      if (p.node.body.type === 'BlockStatement' && isStrict(p.node.body.directives)) anywhere = true;
    },
  });
  if (isStrict(ast.program.directives)) return { whole: true, anywhere };
  const iifeBody = (stmt) => {
    if (stmt.type !== 'ExpressionStatement') return null;
    let e = stmt.expression;
    if (e.type === 'UnaryExpression') e = e.argument; // !function () { … }()
    if (e.type !== 'CallExpression') return null;
    const callee = e.callee;
    return callee.type === 'FunctionExpression' || callee.type === 'ArrowFunctionExpression'
      ? callee.body
      : null;
  };
  const top = ast.program.body;
  const whole = top.length > 0 && top.every((stmt) => {
    const body = iifeBody(stmt);
    return body !== null && body.type === 'BlockStatement' && isStrict(body.directives);
  });
  return { whole, anywhere };
}

// Stryker's helper switches on the one mutant whose id equals `activeMutant`. The campaign
// also tests several mutants at once (src/mutation/trial.rs: survivors are most of its time,
// and a group of them that passes together spares one whole run per member), so the helper
// also accepts `activeMutants`, an object whose keys are the ids switched on. The helper is a
// fixed template of the pinned instrumenter: if its test ever reads differently, stop rather
// than build a schemata that silently ignores groups.
const STRYKER_TEST = 'if (ns.activeMutant === id) {';
const GROUP_TEST =
  'if (ns.activeMutant === id || (typeof ns.activeMutants === "object" && ns.activeMutants !== null && ' +
  'Object.prototype.hasOwnProperty.call(ns.activeMutants, id))) {';

function withGroups(content) {
  const parts = content.split(STRYKER_TEST);
  if (parts.length !== 2) {
    throw new Error(
      `expected Stryker's helper to test "${STRYKER_TEST}" once, found it ${parts.length - 1} times: ` +
      'update mutate.js for this instrumenter version',
    );
  }
  return parts.join(GROUP_TEST);
}

// A mutant's position (Stryker's API counts lines and columns from 0) to an offset in `source`.
function offsetOf(lineStarts, pos) {
  return lineStarts[pos.line] + pos.column;
}

function lineStartsOf(source) {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1);
  return starts;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // The instrumenter and typed-inject are ES modules; this file stays CommonJS so that
  // `node --check` and plain `node` run it without a package "type".
  const { createInstrumenter } = await import('@stryker-mutator/instrumenter');
  const { createInjector } = await import('typed-inject');
  const babel = require('@babel/core');

  const source = fs.readFileSync(args.widget, 'utf8');
  const name = path.basename(args.widget);
  const instrumenter = createInstrumenter(createInjector().provideValue('logger', logger));
  const result = await instrumenter.instrument(
    [{ name, content: source, mutate: true }],
    { plugins: null, excludedMutations: [], ignorers: [] },
  );
  if (result.files.length !== 1) throw new Error(`expected one instrumented file, got ${result.files.length}`);

  const strict = strictness(babel, source);
  if (!strict.whole && strict.anywhere) {
    console.error(
      "mutate.js: warning: 'use strict' stands inside functions only; Stryker drops those " +
      'directives, so mutants of those functions run in sloppy mode',
    );
  }
  const schemata =
    `/* Mutant schemata of ${name}, built by tools/js/mutate.js with @stryker-mutator/instrumenter. ` +
    'Every mutant is in this file; set globalThis.__stryker__ = {activeMutant: "ID"} before it ' +
    'runs to activate one, or {activeMutants: {"ID": true, …}} for several. */\n' +
    '(function () {\n' +
    (strict.whole ? "'use strict';\n" : '') +
    withGroups(result.files[0].content) +
    '\n})();\n';

  const starts = lineStartsOf(source);
  const mutants = result.mutants.map((m) => ({
    id: String(m.id),
    mutator: m.mutatorName,
    file: name,
    // Stryker's API positions count from 0; the report counts from 1, as editors do.
    line: m.location.start.line + 1,
    column: m.location.start.column + 1,
    end_line: m.location.end.line + 1,
    end_column: m.location.end.column + 1,
    original: source.slice(offsetOf(starts, m.location.start), offsetOf(starts, m.location.end)),
    replacement: m.replacement,
  }));

  fs.mkdirSync(args.out, { recursive: true });
  fs.writeFileSync(path.join(args.out, 'livechat.schemata.js'), schemata);
  fs.writeFileSync(path.join(args.out, 'mutants.json'), JSON.stringify(mutants, null, 1) + '\n');
  console.error(
    `mutate.js: ${mutants.length} mutants of ${args.widget} in ${path.join(args.out, 'livechat.schemata.js')}` +
    (strict.whole ? ' (strict mode kept)' : ''),
  );
}

main().catch((e) => {
  console.error(`mutate.js: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
