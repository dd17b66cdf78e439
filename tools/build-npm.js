#!/usr/bin/env node
// Builds mini-program npm (tma build-npm) into miniprogram_npm/ at the project root and checks that it
// really produced output: the tool exits 0 and can print success even when it built nothing.
// tma builds only package.json files inside project.config.json's miniprogramRoot, which is dist/
// (tools/build-mp.js); so it runs on a small staging project holding package.json and a copy of the
// runtime dependencies, and the result is moved here. build-mp.js copies it into dist/.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const expected = ['mobx-miniprogram/index.js'];
const tma = path.join(root, 'node_modules', '.bin', 'tma');

if (!fs.existsSync(tma)) {
  console.error('[build:npm] tt-ide-cli 未安装，请先运行 npm install');
  process.exit(1);
}
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const deps = Object.keys(pkg.dependencies || {});
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'build-npm-'));
let res;
try {
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify({ name: pkg.name, private: true, dependencies: pkg.dependencies || {} }));
  fs.writeFileSync(path.join(stage, 'project.config.json'), JSON.stringify({ miniprogramRoot: './', projectname: 'build-npm', appid: '', douyinProjectType: 'native', setting: {} }));
  fs.writeFileSync(path.join(stage, 'app.json'), '{"pages":[]}');
  fs.writeFileSync(path.join(stage, 'app.js'), 'App({});');
  // A real copy: the tool does not follow a symlinked node_modules (it then builds nothing).
  for (const dep of deps) fs.cpSync(path.join(root, 'node_modules', dep), path.join(stage, 'node_modules', dep), { recursive: true, dereference: true });
  res = spawnSync(tma, ['build-npm', '--project-path', stage], { cwd: stage, encoding: 'utf8' });
  fs.rmSync(path.join(root, 'miniprogram_npm'), { recursive: true, force: true });
  if (fs.existsSync(path.join(stage, 'miniprogram_npm'))) fs.cpSync(path.join(stage, 'miniprogram_npm'), path.join(root, 'miniprogram_npm'), { recursive: true });
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
const missing = expected.filter((f) => !fs.existsSync(path.join(root, 'miniprogram_npm', f)));
if (res.status !== 0 || missing.length > 0) {
  // Show the tool's own output only on failure; on success it is telemetry noise.
  process.stderr.write(res.stdout || '');
  process.stderr.write(res.stderr || '');
  console.error(`[build:npm] 构建失败 (exit ${res.status}); missing: ${missing.join(', ') || '-'}`);
  process.exit(1);
}

// tma copies each package's whole dist (dev, esm, umd builds and source maps: ~2.9 MB for mobx).
// Keep only what index.js really requires, so the main package stays small.
function reachable(pkgDir) {
  const keep = new Set(['package.json']);
  const queue = ['index.js'];
  while (queue.length) {
    const rel = path.normalize(queue.pop());
    if (keep.has(rel)) continue;
    const abs = path.join(pkgDir, rel);
    if (!fs.existsSync(abs)) continue;
    keep.add(rel);
    const src = fs.readFileSync(abs, 'utf8');
    for (const m of src.matchAll(/require\((['"])(\.{1,2}\/[^'"]+)\1\)/g)) {
      let dep = path.join(path.dirname(rel), m[2]);
      if (!dep.endsWith('.js') && !dep.endsWith('.json')) dep += '.js';
      queue.push(dep);
    }
  }
  return keep;
}
function prune(dir, base, keep) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    const rel = path.relative(base, abs);
    if (entry.isDirectory()) {
      prune(abs, base, keep);
      if (fs.readdirSync(abs).length === 0) fs.rmdirSync(abs);
    } else if (!keep.has(rel)) {
      fs.unlinkSync(abs);
    }
  }
}
let bytes = 0;
for (const pkg of fs.readdirSync(path.join(root, 'miniprogram_npm'))) {
  const dir = path.join(root, 'miniprogram_npm', pkg);
  const keep = reachable(dir);
  prune(dir, dir, keep);
  for (const f of keep) if (fs.existsSync(path.join(dir, f))) bytes += fs.statSync(path.join(dir, f)).size;
}
console.log(`[build:npm] miniprogram_npm/ ready: ${expected.join(', ')} (${(bytes / 1024).toFixed(1)} KB after pruning)`);
