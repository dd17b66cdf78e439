#!/usr/bin/env node
// Mutation score per folder and overall, from one or more Stryker JSON reports (npm run mutate writes
// reports/mutation/<scope>.json). Runs are per scope or per file set, so the overall score has to be put
// together from several reports: a file's newest result wins (reports are read in the order given).
// The table goes into docs/testing.md as printed, never retyped.
//
//   node tools/mutation-summary.js reports/mutation/stores.json reports/mutation/server.json …
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function count(mutants) {
  const c = { killed: 0, timeout: 0, survived: 0, noCoverage: 0 };
  for (const m of mutants) {
    if (m.status === 'Killed') c.killed++;
    else if (m.status === 'Timeout') c.timeout++;
    else if (m.status === 'Survived') c.survived++;
    else if (m.status === 'NoCoverage') c.noCoverage++;
  }
  return c;
}

function add(a, b) {
  return {
    killed: a.killed + b.killed,
    timeout: a.timeout + b.timeout,
    survived: a.survived + b.survived,
    noCoverage: a.noCoverage + b.noCoverage,
  };
}

/** Stryker's definition: detected (killed, timed out) / valid; mutants that do not compile, crash the run
 * or are ignored are not valid. */
function score(c) {
  const valid = c.killed + c.timeout + c.survived + c.noCoverage;
  return valid === 0 ? NaN : (100 * (c.killed + c.timeout)) / valid;
}

function summarize(reports) {
  const files = new Map();
  for (const report of reports) {
    for (const [file, result] of Object.entries(report.files)) files.set(file, count(result.mutants));
  }
  const folders = new Map();
  let all = count([]);
  for (const [file, c] of files) {
    const folder = path.posix.dirname(file);
    folders.set(folder, add(folders.get(folder) || count([]), c));
    all = add(all, c);
  }
  return { files, folders, all };
}

function row(name, c) {
  const pct = score(c);
  return `| ${name} | ${Number.isNaN(pct) ? '—' : pct.toFixed(1) + ' %'} | ${c.killed} | ${c.timeout} | ${c.survived} | ${c.noCoverage} |`;
}

function table(summary, { perFile }) {
  const lines = ['| files | score | killed | timed out | survived | no coverage |', '|---|---|---|---|---|---|'];
  const entries = perFile ? summary.files : summary.folders;
  for (const name of [...entries.keys()].sort()) lines.push(row(`\`${name}\``, entries.get(name)));
  lines.push(row('**all measured**', summary.all));
  return lines.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const perFile = args.includes('--files');
  const paths = args.filter((a) => a !== '--files');
  if (paths.length === 0) {
    console.error('usage: node tools/mutation-summary.js [--files] report.json…');
    process.exit(2);
  }
  const reports = paths.map((p) => JSON.parse(fs.readFileSync(p, 'utf8')));
  console.log(table(summarize(reports), { perFile }));
}

module.exports = { summarize, table };
