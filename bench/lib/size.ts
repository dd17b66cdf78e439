// Main package size: what the Douyin tool would upload, i.e. project.config.json's miniprogramRoot
// (dist/, built by `npm run build:mp`: transpiled JS, templates, styles, assets, miniprogram_npm)
// minus packOptions.ignore, node_modules and dot-entries.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

interface IgnoreRule {
  type: 'folder' | 'file' | 'suffix' | 'prefix' | 'regexp' | 'glob';
  value: string;
}

export interface SizeResult {
  bytes: number;
  files: number;
  /** Bytes per top-level entry, largest first. */
  byTop: Array<[string, number]>;
  npmBytes: number;
  /** `npm run build:mp` (build-npm, then build-mp) succeeded. */
  buildNpmOk: boolean;
  /** What was walked: the project root joined with miniprogramRoot. */
  packageRoot: string;
  /** `tma project-size --json` main package bytes, or why it is unavailable. */
  tma: { bytes: number } | { error: string };
}

// The one packOptions.ignore matcher: the build that writes dist/ and this measurement must agree.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ignored } = require('../../tools/build-mp.js') as { ignored(rel: string, name: string, isDir: boolean, rules: IgnoreRule[]): boolean };

function walk(root: string, dir: string, rules: IgnoreRule[], out: Array<{ rel: string; size: number }>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // node_modules never uploads (only the built miniprogram_npm does); dot-entries are VCS/editor state.
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const abs = join(dir, entry.name);
    const rel = relative(root, abs).split(sep).join('/');
    if (ignored(rel, entry.name, entry.isDirectory(), rules)) continue;
    if (entry.isDirectory()) walk(root, abs, rules, out);
    else if (entry.isFile()) out.push({ rel, size: statSync(abs).size });
  }
}

function runTma(root: string): SizeResult['tma'] {
  const bin = join(root, 'node_modules', '.bin', 'tma');
  if (!existsSync(bin)) return { error: 'tt-ide-cli not installed' };
  // The CLI also tries to send telemetry; offline that only prints to stderr, which we drop.
  const r = spawnSync(bin, ['project-size', '--json', './'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  const line = (r.stdout || '').split('\n').find((l) => l.trim().startsWith('{'));
  if (!line) return { error: r.error ? r.error.message : `no JSON output (exit ${r.status})` };
  try {
    const parsed = JSON.parse(line) as { main?: { size?: number } };
    const bytes = parsed.main && typeof parsed.main.size === 'number' ? parsed.main.size : NaN;
    return Number.isFinite(bytes) ? { bytes } : { error: 'unexpected JSON shape' };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

export function measureSize(root: string): SizeResult {
  const npm = spawnSync(process.execPath, [join(root, 'tools', 'build-npm.js')], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const mp = npm.status === 0 ? spawnSync(process.execPath, [join(root, 'tools', 'build-mp.js')], { cwd: root, encoding: 'utf8', timeout: 120_000 }) : npm;
  const config = JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')) as {
    miniprogramRoot?: string;
    packOptions?: { ignore?: IgnoreRule[] };
  };
  const rules = (config.packOptions && config.packOptions.ignore) || [];
  const pkgRoot = join(root, config.miniprogramRoot || './');
  const files: Array<{ rel: string; size: number }> = [];
  walk(pkgRoot, pkgRoot, rules, files);
  const top = new Map<string, number>();
  let bytes = 0;
  let npmBytes = 0;
  for (const f of files) {
    bytes += f.size;
    const head = f.rel.includes('/') ? `${f.rel.split('/')[0]}/` : f.rel;
    top.set(head, (top.get(head) || 0) + f.size);
    if (f.rel.startsWith('miniprogram_npm/')) npmBytes += f.size;
  }
  return {
    bytes,
    files: files.length,
    byTop: [...top.entries()].sort((a, b) => b[1] - a[1]),
    npmBytes,
    buildNpmOk: npm.status === 0 && mp.status === 0,
    packageRoot: relative(root, pkgRoot).split(sep).join('/') || '.',
    tma: runTma(root),
  };
}
