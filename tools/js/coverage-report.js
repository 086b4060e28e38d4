#!/usr/bin/env node
// Writes the widget coverage reports of a --coverage run from what the pages gathered.
//
//   node tools/js/coverage-report.js --initial INITIAL --harvest HARVEST --source SOURCE \
//     --root ROOT --out DIR
//
// - INITIAL: the build's empty file coverage, written by instrument.js.
// - HARVEST: {"<scenario key>": [page, …]}, one `page` per page load of that scenario:
//   {"<path>": {"hash": …, "s": {…}, "f": {…}, "b": {…}}}, the counters of Istanbul's
//   `window.__coverage__` on that page (its maps are the same on every page, so only the
//   counters travel).
// - SOURCE: the original widget source, for the HTML report (the build may have come from a
//   URL, so it is not looked up by its path).
// - ROOT: the project's folder: lcov.info names a build inside it by its path relative to it
//   (as nyc does), any other build by its absolute path or URL.
// - DIR: gets coverage-final.json (merged Istanbul coverage), lcov.info, html/ (an HTML report),
//   scenarios.json ({"<scenario key>": [covered lines, sorted]}) and lines.json ({"<line>":
//   [scenario keys that executed it]}, every line holding a statement, [] where none did).
//
// Prints a summary (istanbul-reports' text-summary) on stdout. Pages whose counters belong to
// another build (another hash) are left out and counted on stderr.
'use strict';

const fs = require('fs');
const path = require('path');
const libCoverage = require('istanbul-lib-coverage');
const libReport = require('istanbul-lib-report');
const reports = require('istanbul-reports');

function args(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      throw new Error(`bad argument ${argv[i]}`);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const needed of ['initial', 'harvest', 'source', 'root', 'out']) {
    if (!out[needed]) throw new Error(`--${needed} is required`);
  }
  return out;
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

// A file coverage of the build with the counters of `pages` added up, and how many pages
// belonged to another build.
function fileCoverageOf(initial, pages) {
  const total = libCoverage.createFileCoverage(JSON.parse(JSON.stringify(initial)));
  let foreign = 0;
  for (const page of pages) {
    const counters = page && page[initial.path];
    if (!counters || counters.hash !== initial.hash) {
      foreign += 1;
      continue;
    }
    total.merge({ ...initial, s: counters.s, f: counters.f, b: counters.b });
  }
  return { coverage: total, foreign };
}

function coveredLines(fileCoverage) {
  return Object.entries(fileCoverage.getLineCoverage())
    .filter(([, hits]) => hits > 0)
    .map(([line]) => Number(line))
    .sort((a, b) => a - b);
}

// One entry per line: `{"key": value, …}` with each value on the key's line.
function jsonByKey(object) {
  const entries = Object.entries(object).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n${entries.join(',\n')}\n}\n`;
}

// The name lcov.info gives the build: relative to the project when it lies inside it.
function lcovName(file, root) {
  const inside = path.isAbsolute(file) && file.startsWith(path.resolve(root) + path.sep);
  return inside ? path.relative(root, file) : file;
}

function main() {
  const opts = args(process.argv.slice(2));
  const initial = readJson(opts.initial);
  const harvest = readJson(opts.harvest);
  const source = fs.readFileSync(opts.source, 'utf8');
  fs.mkdirSync(opts.out, { recursive: true });

  const map = libCoverage.createCoverageMap({});
  map.addFileCoverage(libCoverage.createFileCoverage(JSON.parse(JSON.stringify(initial))));
  const scenarios = {};
  const lines = {};
  for (const line of Object.keys(map.fileCoverageFor(initial.path).getLineCoverage())) {
    lines[line] = [];
  }
  let foreign = 0;
  for (const key of Object.keys(harvest).sort()) {
    const one = fileCoverageOf(initial, harvest[key]);
    foreign += one.foreign;
    map.merge({ [initial.path]: one.coverage.toJSON() });
    scenarios[key] = coveredLines(one.coverage);
    for (const line of scenarios[key]) (lines[line] = lines[line] || []).push(key);
  }
  if (foreign > 0) {
    process.stderr.write(`coverage-report.js: ${foreign} page(s) held another build's counters; left out\n`);
  }

  fs.writeFileSync(path.join(opts.out, 'coverage-final.json'), JSON.stringify(map.toJSON()));
  fs.writeFileSync(path.join(opts.out, 'scenarios.json'), jsonByKey(scenarios));
  fs.writeFileSync(path.join(opts.out, 'lines.json'), jsonByKey(lines));
  const context = libReport.createContext({
    dir: opts.out,
    coverageMap: map,
    sourceFinder: (file) => {
      if (file === initial.path) return source;
      throw new Error(`no source for ${file}`);
    },
  });
  reports.create('lcovonly', { file: 'lcov.info' }).execute(context);
  // lcovonly names files relative to a root whatever they are; a URL would come out mangled.
  const lcov = path.join(opts.out, 'lcov.info');
  const name = lcovName(initial.path, opts.root);
  fs.writeFileSync(lcov, fs.readFileSync(lcov, 'utf8').replace(/^SF:.*$/m, () => `SF:${name}`));
  reports.create('html', { subdir: 'html' }).execute(context);
  reports.create('text-summary').execute(context);
}

try {
  main();
} catch (e) {
  process.stderr.write(`coverage-report.js: ${e.stack || e.message}\n`);
  process.exit(1);
}
