// jsdom test environment with a bare-name-only `tt` (see bare-tt.js), for render tests:
// `/** @jest-environment ./sim/env/jsdom.js */`.
'use strict';
const { withBareTt } = require('./bare-tt');
const JsdomEnvironment = require('jest-environment-jsdom').TestEnvironment;

module.exports = withBareTt(JsdomEnvironment);
