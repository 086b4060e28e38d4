#!/usr/bin/env node
// Triage help for mutation testing (docs/coverage-and-mutation.md, "Mutation testing"): replays every mutant of the
// widget's `sha256Hex` on its own and says what became of the fingerprint. Spec C3 asks for
// "a hashed fingerprint of the email", not SHA-256, so a mutant that still gives a
// deterministic digest that tells emails apart breaks no promise (equivalent), while one
// that makes emails collide is a check the suite should have (C6 with such emails).
//
// Usage: node tools/js/replay-hash.js [--widget PATH] MUTANTS_JSON [ID…]
//   MUTANTS_JSON is the mutants.json of tools/js/mutate.js for that widget.
// Each mutant runs in a child process with a 3 s limit, so an endless loop is reported as
// one instead of hanging the replay.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const args = process.argv.slice(2);
let widget = path.resolve(__dirname, '..', '..', 'fixtures/widget/livechat.js');
if (args[0] === '--widget') {
  widget = path.resolve(args[1]);
  args.splice(0, 2);
}
if (!args[0]) {
  console.error('usage: replay-hash.js [--widget PATH] MUTANTS_JSON [ID…]');
  process.exit(2);
}
const mutants = JSON.parse(fs.readFileSync(args[0], 'utf8'));
const only = new Set(args.slice(1));
const src = fs.readFileSync(widget, 'utf8');

// The function's text: from its declaration to the closing brace at its own indentation.
const declaration = src.indexOf('function sha256Hex(');
if (declaration < 0) {
  console.error(`no function sha256Hex in ${widget}`);
  process.exit(2);
}
const fnStart = src.lastIndexOf('\n', declaration) + 1;
const indent = src.slice(fnStart, declaration);
const fnEnd = src.indexOf(`\n${indent}}\n`, declaration) + indent.length + 3;

const starts = [0];
for (let i = 0; i < src.length; i++) if (src[i] === '\n') starts.push(i + 1);
const offset = (line, column) => starts[line - 1] + column - 1; // mutants.json counts from 1

// The widget hashes 'herodesk-contact:' + widget id + ':' + email; two pairs of equal length.
const emails = ['john@example.com', 'jane@example.com', 'johm@example.com',
  'dmitry.ivanov@example.ru', 'ab@c.de', 'ac@c.de'];
const prefix = 'herodesk-contact:ws-0123456789abcdef0:';

function digests(fnSource) {
  const program = `
    const f = new Function(${JSON.stringify(fnSource)} + '\\nreturn sha256Hex;')();
    const emails = ${JSON.stringify(emails)};
    const run = () => emails.map((e) => String(f(${JSON.stringify(prefix)} + e)));
    console.log(JSON.stringify([run(), run()]));`;
  const child = spawnSync(process.execPath, ['-e', program], { timeout: 3000, encoding: 'utf8' });
  if (child.error) return { error: 'endless loop (no answer in 3 s)' };
  if (child.status !== 0) {
    const line = child.stderr.split('\n').find((l) => /Error/.test(l)) || 'exit ' + child.status;
    return { error: 'throws: ' + line.trim() };
  }
  const [first, second] = JSON.parse(child.stdout);
  return { first, second };
}

const reference = digests(src.slice(fnStart, fnEnd)).first;
const tally = {};
for (const m of mutants) {
  if (only.size && !only.has(m.id)) continue;
  const a = offset(m.line, m.column);
  const b = offset(m.end_line, m.end_column);
  if (a < fnStart || b > fnEnd) continue;
  const d = digests(src.slice(fnStart, a) + m.replacement + src.slice(b, fnEnd));
  let verdict;
  if (d.error) verdict = d.error;
  else if (JSON.stringify(d.first) !== JSON.stringify(d.second)) verdict = 'NOT deterministic';
  else if (d.first.every((x, i) => x === reference[i])) verdict = 'same digest as SHA-256';
  else {
    const distinct = new Set(d.first).size;
    verdict = distinct === emails.length
      ? 'another hash, all emails distinct'
      : `COLLIDES (${distinct} of ${emails.length} distinct)`;
  }
  if (!d.error && d.first.some((x) => emails.some((e) => x.includes(e)))) verdict += ', LEAKS the email';
  const kind = verdict.replace(/ \(.*\)/, '');
  tally[kind] = (tally[kind] || 0) + 1;
  const change = `${m.original.replace(/\s+/g, ' ').slice(0, 50)} → ${m.replacement.slice(0, 40)}`;
  console.log(`#${m.id} line ${m.line} ${m.mutator} ${change}: ${verdict}`);
}
console.error(JSON.stringify(tally));
