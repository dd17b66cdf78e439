// jsdom test environment with a bare-name-only `tt` (see bare-tt.js), for render tests:
// `/** @jest-environment ./sim/env/jsdom.js */`.
'use strict';
const { strykerAware, withBareTt } = require('./bare-tt');
const JsdomEnvironment = require('jest-environment-jsdom').TestEnvironment;

// Under `npm run mutate` (STRYKER_MUTATE=1) Stryker must see every test, including files that pick this
// environment by docblock (its own wrapper only replaces the configured one): wrap it here.
module.exports = strykerAware(withBareTt(JsdomEnvironment));
