#!/usr/bin/env node
// Drops the undetected mutants (survived, no coverage) from a Stryker incremental file, so that the next
// `npm run mutate` of that scope runs them again, while every killed mutant is reused. Used after a
// related-tests pass, before a run against all tests (MUTATE_RELATED=0): the render harness loads pages
// by path, which jest's related-tests graph cannot follow (docs/testing.md).
//
// With --timeouts it drops the timed-out mutants instead: a loaded machine (two runs side by side, test
// sessions) reports false timeouts, which count as detected, so they are re-run on a quiet machine.
//
//   node tools/mutation-recheck.js reports/stryker-incremental-server.json
//   node tools/mutation-recheck.js --timeouts reports/stryker-incremental-stores.json
'use strict';
const fs = require('node:fs');

const args = process.argv.slice(2);
const timeouts = args.includes('--timeouts');
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: node tools/mutation-recheck.js [--timeouts] reports/stryker-incremental-<scope>.json');
  process.exit(2);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
let dropped = 0;
for (const result of Object.values(report.files)) {
  const drop = timeouts ? ['Timeout'] : ['Survived', 'NoCoverage'];
  const kept = result.mutants.filter((m) => !drop.includes(m.status));
  dropped += result.mutants.length - kept.length;
  result.mutants = kept;
}
fs.writeFileSync(file, JSON.stringify(report));
console.log(`${dropped} ${timeouts ? 'timed-out' : 'undetected'} mutant(s) will be run again`);
