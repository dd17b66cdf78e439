// npm run preview:shots [-- <state-name-filter> …]
// Renders the preview states, then screenshots each one in headless Chromium (Debian's `chromium`
// package, driven by playwright-core) at 375×812 CSS px, device scale 2, into docs/screenshots/<state>.png.

import * as fs from 'fs';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { ROOT } from '../../sim/render/render-page';
import { renderStates, writePreview } from './render';
import { runCli } from './env';
import { SCREEN } from './html';

const SHOTS_DIR = path.join(ROOT, 'docs/screenshots');
const EXECUTABLE = process.env.PREVIEW_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function main(): Promise<void> {
  if (!fs.existsSync(EXECUTABLE)) {
    throw new Error(`preview:shots needs Chromium at ${EXECUTABLE}: apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji (or set PREVIEW_CHROMIUM)`);
  }
  const results = await renderStates(process.argv.slice(2));
  const files = writePreview(results, path.relative(path.join(ROOT, 'preview-out'), SHOTS_DIR));
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
  try {
    const context = await browser.newContext({
      viewport: { width: SCREEN.width, height: SCREEN.height },
      deviceScaleFactor: 2,
      locale: 'zh-CN',
      // The pages are self-contained: nothing may come from the network.
      offline: true,
    });
    const page = await context.newPage();
    for (let i = 0; i < results.length; i++) {
      const name = results[i].state.name;
      await page.goto(`file://${files[i]}`, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const frame = page.frames()[1];
      if (frame) await frame.evaluate(() => document.fonts.ready.then(() => undefined));
      const out = path.join(SHOTS_DIR, `${name}.png`);
      await page.screenshot({ path: out, clip: { x: 0, y: 0, width: SCREEN.width, height: SCREEN.height } });
      console.log(`  ${path.relative(ROOT, out)}`);
    }
  } finally {
    await browser.close();
  }
  if (process.argv.length <= 2) {
    // A full run owns the folder: pictures of states that no longer exist go.
    const keep = new Set(results.map((r) => `${r.state.name}.png`));
    for (const f of fs.readdirSync(SHOTS_DIR)) {
      if (f.endsWith('.png') && !keep.has(f)) {
        fs.unlinkSync(path.join(SHOTS_DIR, f));
        console.log(`  removed stale ${f}`);
      }
    }
  }
  console.log(`preview:shots: ${results.length} screenshots in ${path.relative(ROOT, SHOTS_DIR)}/`);
}

runCli(main);
