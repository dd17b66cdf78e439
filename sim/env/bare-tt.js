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
  return require('@stryker-mutator/jest-runner').mixinJestEnvironment(Env);
}

module.exports = { withBareTt, strykerAware, BARE_TT_SCRIPT };
