// Node test environment with a bare-name-only `tt` (see bare-tt.js). jest.config.js uses it by default.
'use strict';
const { strykerAware, withBareTt } = require('./bare-tt');
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

// Under `npm run mutate` (STRYKER_MUTATE=1) Stryker must see every test, including files that pick this
// environment by docblock (its own wrapper only replaces the configured one): wrap it here.
module.exports = strykerAware(withBareTt(NodeEnvironment));
