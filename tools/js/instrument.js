#!/usr/bin/env node
// Instruments a widget build for coverage with Istanbul (istanbul-lib-instrument), for the
// main command's --coverage.
//
//   node tools/js/instrument.js --in BUILD --out INSTRUMENTED --path NAME --initial INITIAL
//
// - BUILD: the widget build (one script); INSTRUMENTED: where the instrumented build goes, still
//   one script, every original line on its own line number (Babel's retainLines), so errors
//   and reports point at the original source without a source map.
// - NAME: the path the coverage data and the reports name the build by (the widget's file, or
//   its URL).
// - INITIAL: where the build's empty file coverage goes (statement, function and branch maps
//   with zero counts): coverage-report.js adds the counters harvested from the pages to it.
//
// Prints a JSON line on stdout: {"path": NAME, "hash": …, "globals": [names]}, `globals` being
// the globals the instrumented build adds to a page besides the widget's own (the coverage
// variable and Istanbul's per-file function), which spec I5 must not count as the widget's.
//
// The instrumented code must run under a strict Content-Security-Policy (spec I1): Istanbul
// finds the global object with `new Function('return this')` by default, which such a policy
// refuses; it is told to use `window` instead, and the output is checked for it.
'use strict';

const fs = require('fs');
const { createInstrumenter } = require('istanbul-lib-instrument');

const COVERAGE_VARIABLE = '__coverage__';

function args(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      throw new Error(`bad argument ${argv[i]}`);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const needed of ['in', 'out', 'path', 'initial']) {
    if (!out[needed]) throw new Error(`--${needed} is required`);
  }
  return out;
}

function main() {
  const opts = args(process.argv.slice(2));
  const source = fs.readFileSync(opts.in, 'utf8');
  const instrumenter = createInstrumenter({
    coverageVariable: COVERAGE_VARIABLE,
    // `window` directly: no `new Function`, which a strict CSP refuses (spec I1).
    coverageGlobalScope: 'window',
    coverageGlobalScopeFunc: false,
    compact: false,
    preserveComments: true,
    esModules: false,
    generatorOpts: { retainLines: true },
  });
  const code = instrumenter.instrumentSync(source, opts.path);
  const initial = instrumenter.lastFileCoverage();
  const header = /^function (cov_\w+)\s*\(\)\s*\{\s*var path = .*?;\s*var hash = "(\w+)"/m.exec(code);
  if (!header) throw new Error("Istanbul's coverage header was not found in its output");
  initial.hash = header[2];
  if (/new Function\(\s*["']return /.test(code)) {
    throw new Error('the instrumented build looks up the global with new Function (CSP)');
  }
  fs.writeFileSync(opts.out, code);
  fs.writeFileSync(opts.initial, JSON.stringify(initial));
  process.stdout.write(
    JSON.stringify({ path: opts.path, hash: header[2], globals: [COVERAGE_VARIABLE, header[1]] }) +
      '\n'
  );
}

try {
  main();
} catch (e) {
  process.stderr.write(`instrument.js: ${e.message}\n`);
  process.exit(1);
}
