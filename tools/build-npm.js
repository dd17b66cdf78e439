#!/usr/bin/env node
// Builds mini-program npm (tma build-npm) and checks that it really produced output:
// the tool exits 0 and can print success even when it built nothing.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const expected = ['mobx-miniprogram/index.js', 'mobx-miniprogram-bindings/index.js'];
const tma = path.join(root, 'node_modules', '.bin', 'tma');

if (!fs.existsSync(tma)) {
  console.error('[build:npm] tt-ide-cli 未安装，请先运行 npm install');
  process.exit(1);
}
const res = spawnSync(tma, ['build-npm', '--project-path', root], { cwd: root, encoding: 'utf8' });
const missing = expected.filter((f) => !fs.existsSync(path.join(root, 'miniprogram_npm', f)));
if (res.status !== 0 || missing.length > 0) {
  // Show the tool's own output only on failure; on success it is telemetry noise.
  process.stderr.write(res.stdout || '');
  process.stderr.write(res.stderr || '');
  console.error(`[build:npm] 构建失败 (exit ${res.status}); missing: ${missing.join(', ') || '-'}`);
  process.exit(1);
}
console.log(`[build:npm] miniprogram_npm/ ready: ${expected.join(', ')}`);
