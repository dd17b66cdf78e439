// Mutation testing (npm run mutate; not part of npm test). One scope per run, because a whole-repo run
// costs hours on 2 cores (docs/testing.md has the measured cost and scores):
//
//   npm run mutate                         → MUTATE_SCOPE=stores (default)
//   MUTATE_SCOPE=services npm run mutate   → services/**
//   MUTATE_SCOPE=view npm run mutate       → view/**
//   MUTATE_SCOPE=server npm run mutate     → server/src/** (type-checked with server/tsconfig.mutate.json)
//   MUTATE_FILES=stores/grid.ts,view/diff.ts npm run mutate   → just those files (any scope's tsconfig: app)
//
//   MUTATE_RELATED=0 npm run mutate        → every test per mutant (the re-check of survivors, below)
//
// Traps (../shared/docs/toolchain-notes.md): jest's roots are test/ and server/, so "related tests"
// need the source folders added to them (jest.config.js does under STRYKER_MUTATE), and still miss the
// pages the render harness loads by path; docblock environments (render tests) are
// wrapped by sim/env/*.js when STRYKER_MUTATE=1 (set by the npm script); incremental results are kept
// per scope in reports/ (git-ignored: machine output of one checkout, see docs/testing.md).
const SCOPES = {
  stores: ['stores/**/*.ts'],
  services: ['services/**/*.ts', '!services/platform/tt-types.ts'],
  view: ['view/**/*.ts'],
  server: ['server/src/**/*.ts'],
};

const files = process.env.MUTATE_FILES ? process.env.MUTATE_FILES.split(',').filter(Boolean) : null;
const scope = files ? 'files' : process.env.MUTATE_SCOPE || 'stores';
if (!files && !SCOPES[scope]) throw new Error(`MUTATE_SCOPE must be one of ${Object.keys(SCOPES).join(', ')}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  // Related tests only (jest.config.js adds the source folders to the roots under STRYKER_MUTATE, so the
  // import graph reaches them): a mutant loads the test files that import its file, not all of them.
  // Pages are loaded by path in the render harness, which the import graph cannot see, so a survivor of
  // this pass is re-run against every test (MUTATE_RELATED=0, docs/testing.md) before it counts.
  jest: { configFile: 'jest.config.js', enableFindRelatedTests: process.env.MUTATE_RELATED !== '0' },
  coverageAnalysis: 'perTest',
  // One checker + two test runners on 2 cores (the checker idles after its first pass).
  concurrency: Number(process.env.MUTATE_CONCURRENCY || 3),
  mutate: files || SCOPES[scope],
  checkers: ['typescript'],
  // The server's own tsconfig also checks its tests; the checker only needs the sources (on the first
  // server run its two processes, not the test runner, were the bottleneck).
  tsconfigFile: scope === 'server' ? 'server/tsconfig.mutate.json' : 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  disableTypeChecks: true,
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${scope}.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${scope}.html` },
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  ignorePatterns: ['dist', 'miniprogram_npm', 'preview-out', 'coverage', 'reports', 'docs/screenshots'],
  timeoutMS: 10000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
