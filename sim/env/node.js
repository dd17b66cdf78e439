// Node test environment with a bare-name-only `tt` (see bare-tt.js). jest.config.js uses it by default.
'use strict';
const { withBareTt } = require('./bare-tt');
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

module.exports = withBareTt(NodeEnvironment);
