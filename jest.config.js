/** @type {import('jest').Config} */
module.exports = {
  // tt only by its bare name, never on globalThis, as in Douyin (sim/env/bare-tt.js).
  testEnvironment: '<rootDir>/sim/env/node.js',
  roots: ['<rootDir>/test', '<rootDir>/server'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  // The production build of mobx-miniprogram strips MobX's warnings; tests want them.
  moduleNameMapper: {
    '^mobx-miniprogram$': 'mobx-miniprogram/dist/mobx.cjs.development.js',
  },
  modulePathIgnorePatterns: ['<rootDir>/miniprogram_npm/'],
};
