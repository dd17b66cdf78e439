#!/usr/bin/env node
// Drops the undetected mutants (survived, no coverage) from a Stryker incremental file, so that the next
// `npm run mutate` of that scope runs them again, while every killed mutant is reused. Used after a
// related-tests pass, before a run against all tests (MUTATE_RELATED=0): the render harness loads pages
// by path, which jest's related-tests graph cannot follow (docs/testing.md).
//
//   node tools/mutation-recheck.js reports/stryker-incremental-server.json
'use strict';
const fs = require('node:fs');

const file = process.argv[2];
if (!file) {
  console.error('usage: node tools/mutation-recheck.js reports/stryker-incremental-<scope>.json');
  process.exit(2);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
let dropped = 0;
for (const result of Object.values(report.files)) {
  const kept = result.mutants.filter((m) => m.status !== 'Survived' && m.status !== 'NoCoverage');
  dropped += result.mutants.length - kept.length;
  result.mutants = kept;
}
fs.writeFileSync(file, JSON.stringify(report));
console.log(`${dropped} undetected mutant(s) will be run again against every test`);
