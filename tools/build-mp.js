#!/usr/bin/env node
// Builds what the Douyin IDE opens and uploads: dist/ (project.config.json miniprogramRoot).
// Every mini-program .ts file is transpiled on its own with esbuild (not bundled: same relative paths,
// so require() paths keep working; CommonJS; ES2015 syntax; minified), every other file of the
// package (.ttml, .ttss, .json, assets) is copied as it is, and miniprogram_npm/ (tools/build-npm.js)
// is copied in. So the upload is JS we built and checked (test/build/syntax.test.ts runs the same
// transpile), not whatever the IDE's TypeScript plugin would emit from the sources.
//
//   node tools/build-mp.js     (npm run build:mp runs build-npm first)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const OUT = 'dist';
/** Never part of the package: tooling and repo state (packOptions.ignore lists the rest). */
const SKIP = new Set(['node_modules', OUT, 'miniprogram_npm', 'package.json', 'project.config.json']);

/** The compiler options that change emitted JS, as tsc would use them with our tsconfig (target ES2015). */
const TSCONFIG = { compilerOptions: { target: 'ES2015', useDefineForClassFields: false, esModuleInterop: true, importsNotUsedAsValues: 'remove' } };

/** One mini-program .ts file → minified ES2015 CommonJS. */
function transpile(source, file) {
  const esbuild = require('esbuild');
  return esbuild.transformSync(source, {
    loader: 'ts',
    format: 'cjs',
    target: 'es2015',
    minify: true,
    sourcefile: file,
    tsconfigRaw: TSCONFIG,
  }).code;
}

function ignoreRules() {
  const config = JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8'));
  return (config.packOptions && config.packOptions.ignore) || [];
}

/** Whether project.config.json packOptions.ignore drops this entry (also used by bench/lib/size.ts). */
function ignored(rel, name, isDir, rules) {
  for (const r of rules) {
    const v = r.value.replace(/^\.\//, '').replace(/\/$/, '');
    if (r.type === 'folder' && isDir && (rel === v || rel.startsWith(`${v}/`))) return true;
    if (r.type === 'file' && !isDir && rel === v) return true;
    if (r.type === 'suffix' && !isDir && name.endsWith(r.value)) return true;
    if (r.type === 'prefix' && name.startsWith(r.value)) return true;
    if (r.type === 'regexp' && new RegExp(r.value).test(rel)) return true;
  }
  return false;
}

/** The package's source files (relative, '/'-separated): the project minus packOptions.ignore and tooling. */
function sourceFiles() {
  const rules = ignoreRules();
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const abs = path.join(dir, entry.name);
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (SKIP.has(rel) || ignored(rel, entry.name, entry.isDirectory(), rules)) continue;
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile() && !entry.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  walk(root);
  return out.sort();
}

function build() {
  if (!fs.existsSync(path.join(root, 'miniprogram_npm', 'mobx-miniprogram', 'index.js'))) {
    console.error('[build:mp] miniprogram_npm/ 不存在，请先运行 npm run build:npm（npm run build:mp 会先运行它）');
    process.exit(1);
  }
  const out = path.join(root, OUT);
  fs.rmSync(out, { recursive: true, force: true });
  let bytes = 0;
  let count = 0;
  const write = (rel, data) => {
    const abs = path.join(out, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, data);
    bytes += Buffer.byteLength(data);
    count++;
  };
  for (const rel of sourceFiles()) {
    const src = fs.readFileSync(path.join(root, rel));
    if (rel.endsWith('.ts')) write(rel.replace(/\.ts$/, '.js'), transpile(src.toString('utf8'), rel));
    else write(rel, src);
  }
  fs.cpSync(path.join(root, 'miniprogram_npm'), path.join(out, 'miniprogram_npm'), { recursive: true });
  console.log(`[build:mp] ${OUT}/ ready: ${count} files, ${(bytes / 1024).toFixed(1)} KB before miniprogram_npm`);
}

module.exports = { transpile, sourceFiles, ignored, OUT };

if (require.main === module) build();
