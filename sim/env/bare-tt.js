// Jest test environments in which `tt` exists only as a bare name, as in Douyin's logic layer.
//
// Douyin's JavaScriptCore (iOS) / V8 (Android) logic layer does not promise `tt` on the global object,
// and `globalThis` is missing on iOS < 12.2; the official samples read the bare identifier `tt`
// (docs/platform.md, rule R6; developer.open-douyin.com …/mini-app/develop/tutorial/runtime). A global
// *lexical* binding (`let tt` run as a script in the context) is visible to every module by its bare
// name but is not a property of the global object, so `globalThis.tt` / `global.tt` stay undefined.
// sim/mini-program.ts installGlobals sets it through __simSetTt.
'use strict';
const vm = require('vm');

const BARE_TT_SCRIPT = 'let tt; var __simSetTt = function (v) { tt = v; };';

function withBareTt(Base) {
  return class extends Base {
    async setup() {
      await super.setup();
      vm.runInContext(BARE_TT_SCRIPT, this.getVmContext());
    }
  };
}

/**
 * Under `npm run mutate` (STRYKER_MUTATE=1, stryker.config.mjs): Stryker's per-test coverage needs its
 * mixin on every environment, and a docblock environment (render tests) bypasses the one Stryker
 * configures. Idempotent, and a no-op in ordinary test runs.
 */
function strykerAware(Env) {
  if (process.env.STRYKER_MUTATE !== '1') return Env;
  return withBail(require('@stryker-mutator/jest-runner').mixinJestEnvironment(Env));
}

// The mutant whose run has already failed a test (the runner process runs one mutant at a time).
let failedMutant;

/**
 * Stryker wants a mutant run to stop at its first failing test (its `disableBail` default), but its jest
 * runner cannot ask Jest for that (it forces `bail: false`), so every covering test ran for every killed
 * mutant. Once a test fails under the active mutant, the tests after it, in this file and the next, are
 * skipped: the mutant is killed either way, and the run costs a fraction. Only under an active mutant:
 * the initial (coverage) run sees every test.
 */
function withBail(Env) {
  return class extends Env {
    async handleTestEvent(event, state) {
      const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
      if (mutant !== undefined) {
        if (event.name === 'test_start' && failedMutant === mutant) event.test.mode = 'skip';
        if (event.name === 'test_done' && event.test.errors.length > 0) failedMutant = mutant;
      }
      if (super.handleTestEvent) await super.handleTestEvent(event, state);
    }
  };
}

module.exports = { withBareTt, strykerAware, BARE_TT_SCRIPT };
