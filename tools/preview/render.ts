// npm run preview [-- <state-name-filter> …]
// Renders every preview state (tools/preview/states.ts) to preview-out/<state>.html plus index.html.

import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../sim/render/render-page';
import { installClock, installDom, runCli } from './env';
import { PREVIEW_EPOCH, indexDocument, renderState, selectStates, type RenderedState } from './run';

export const OUT_DIR = path.join(ROOT, 'preview-out');

/** Render the selected states with a fake clock (uninstalled again before returning). */
export async function renderStates(filters: string[]): Promise<RenderedState[]> {
  // Dates on the pages ("昨天 14:05") are shown in the users' time zone, the same on every machine.
  process.env.TZ = process.env.PREVIEW_TZ || 'Asia/Shanghai';
  installDom();
  const states = selectStates(filters);
  const out: RenderedState[] = [];
  for (const state of states) {
    const clock = installClock(PREVIEW_EPOCH);
    try {
      out.push(await renderState(state, clock));
    } finally {
      clock.uninstall();
    }
  }
  return out;
}

export function writePreview(results: RenderedState[], screenshotDir?: string): string[] {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const files: string[] = [];
  for (const r of results) {
    const file = path.join(OUT_DIR, `${r.state.name}.html`);
    fs.writeFileSync(file, r.html);
    files.push(file);
  }
  fs.writeFileSync(path.join(OUT_DIR, 'index.html'), indexDocument(results.map((r) => r.state), screenshotDir));
  return files;
}

async function main(): Promise<void> {
  const started = Date.now();
  const results = await renderStates(process.argv.slice(2));
  const files = writePreview(results, path.relative(OUT_DIR, path.join(ROOT, 'docs/screenshots')));
  for (const f of files) console.log(`  ${path.relative(ROOT, f)}`);
  console.log(`preview: ${files.length} states → ${path.relative(ROOT, OUT_DIR)}/index.html (${Date.now() - started} ms)`);
}

if ((require as unknown as NodeJS.Require).main === module) runCli(main);
