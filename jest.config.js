/** @type {import('jest').Config} */
module.exports = {
  // tt only by its bare name, never on globalThis, as in Douyin (sim/env/bare-tt.js).
  // An absolute path, not <rootDir>: Stryker's environment wrapper requires it as given (npm run mutate).
  testEnvironment: require('node:path').join(__dirname, 'sim/env/node.js'),
  roots:
    process.env.STRYKER_MUTATE === '1'
      ? ['<rootDir>/test', '<rootDir>/server', '<rootDir>/stores', '<rootDir>/services', '<rootDir>/view', '<rootDir>/sim', '<rootDir>/pages']
      : ['<rootDir>/test', '<rootDir>/server'],
  testMatch: ['**/*.test.ts'],
  // Under npm run mutate the build checks (test/build: layers, syntax, globals) would read Stryker's
  // instrumented sources; they check source text, not behaviour, so they sit mutation runs out.
  testPathIgnorePatterns: process.env.STRYKER_MUTATE === '1' ? ['/node_modules/', '<rootDir>/test/build/'] : ['/node_modules/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  // The production build of mobx-miniprogram strips MobX's warnings; tests want them.
  moduleNameMapper: {
    '^mobx-miniprogram$': 'mobx-miniprogram/dist/mobx.cjs.development.js',
  },
  modulePathIgnorePatterns: ['<rootDir>/miniprogram_npm/'],
};
