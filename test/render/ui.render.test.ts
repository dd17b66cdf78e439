/** @jest-environment ./sim/env/jsdom.js */
// Issue 14 rules, on the rendered room and pre-join pages (docs/ui.md lists which test guards which rule).
import * as fs from 'fs';
import * as path from 'path';
import { CHROME_RPX, GRID_PAD_RPX, TILE_MARGIN_RPX, BANNER_CHARS_PER_LINE, textWidth } from '../../view/room-layout';
import { minutesLeft, remoteMuteKnown } from '../../view/room-ui';
import { CONTROL_TEXT, ROOM_BANNER, TOKEN_BANNER } from '../../stores/messages';
import { renderPage, ROOT, startSimRuntime, type RenderedPage, type SimRuntime } from '../../sim/render/render-page';

let rt: SimRuntime;
let page: RenderedPage | null;

beforeEach(() => {
  jest.useFakeTimers();
  rt = startSimRuntime({ tt: { permissions: { 'scope.camera': true, 'scope.record': true } } });
  page = null;
});

afterEach(async () => {
  if (page) {
    page.unload();
    await page.settle(200);
  }
  rt.dispose();
  jest.useRealTimers();
});

function restart(options: Parameters<typeof startSimRuntime>[0]): void {
  rt.dispose();
  rt = startSimRuntime(options);
}

function query(ttlMs?: number): Record<string, string> {
  return { roomId: 'math-101', userId: 'me', token: encodeURIComponent(rt.cloud.mintToken('math-101', 'me', ttlMs ? { ttlMs } : {})) };
}

async function joined(ttlMs?: number): Promise<RenderedPage> {
  page = renderPage('pages/room/room', { query: query(ttlMs) });
  await page.settle();
  expect(page.data.phase).toBe('joined');
  return page;
}

const px = (style: string | null, prop: string): number => {
  const m = new RegExp(`${prop}:\\s*([0-9.]+)px`).exec(style || '');
  if (!m) throw new Error(`no ${prop} in style "${style}"`);
  return Number(m[1]);
};

// ---------------------------------------------------------------- who and where

test('the navigation bar names the room on the room page, through its recap; a bad link keeps the app name', async () => {
  const p = await joined();
  expect(rt.fake.control.navigationTitles).toEqual(['房间 math-101']);
  expect(p.text('#duration')).toBe('通话 00:00');
  await p.tap('#ctl-leave', 200);
  expect(p.text('#left-view #room-name')).toBe('房间 math-101');
  p.unload();
  page = renderPage('pages/room/room', { query: { roomId: 'bad room!', userId: 'me' } });
  await page.settle();
  expect(rt.fake.control.navigationTitles[rt.fake.control.navigationTitles.length - 1]).toBe('音视频房间');
});

test('the pre-join page names the room too', async () => {
  page = renderPage('pages/prejoin/prejoin', { query: query() });
  await page.settle();
  expect(rt.fake.control.navigationTitles).toContain('房间 math-101');
});

test('before the join finishes: no member count, no timer, no 邀请', async () => {
  rt.fake.control.hang('ctx.joinRtcRoom');
  page = renderPage('pages/room/room', { query: query() });
  await page.settle();
  expect(page.data.phase).toBe('joining');
  expect(page.$('#member-count')).toBeFalsy();
  expect(page.text('#duration')).toBe('');
  expect(page.$('#share-btn')).toBeFalsy();
  expect(page.$('#more-btn')).toBeTruthy();
});

// ---------------------------------------------------------------- a layout that fits the call

test('room.ttss gives the fixed parts exactly the heights the layout subtracts', () => {
  const css = fs.readFileSync(path.join(ROOT, 'pages/room/room.ttss'), 'utf8');
  const height = (sel: string): number => {
    const m = new RegExp(`(^|\\n)${sel.replace('.', '\\.')} \\{[^}]*?\\bheight: (\\d+)rpx`).exec(css);
    if (!m) throw new Error(`${sel} has no rpx height in room.ttss`);
    return Number(m[2]);
  };
  expect(height('.topbar')).toBe(CHROME_RPX.topbar);
  expect(height('.banner--l1') + 16).toBe(CHROME_RPX.banner1);
  expect(height('.banner--l2') + 16).toBe(CHROME_RPX.banner2);
  expect(height('.hint') + 16).toBe(CHROME_RPX.hint);
  expect(height('.pager')).toBe(CHROME_RPX.pager);
  expect(height('.controls') + 32).toBe(CHROME_RPX.controls);
  expect(height('.strip')).toBe(CHROME_RPX.strip);
  expect(css).toMatch(/\.tile \{[^}]*margin: 8rpx;/);
  expect(TILE_MARGIN_RPX).toBe(8);
  expect(css).toMatch(/\.grid \{[^}]*padding: 8rpx;/);
  expect(GRID_PAD_RPX).toBe(8);
});

test.each([
  [1, 0, 'grid grid--c1', 1, 1],
  [2, 1, 'grid grid--pair', 1, 1],
  [4, 3, 'grid grid--c2', 2, 2],
  [6, 5, 'grid grid--c2', 2, 3],
])('%i people: the tiles fill the window between the top bar and the controls (no dead band)', async (people, remotes, cls, cols, rows) => {
  const p = await joined();
  for (let i = 1; i <= remotes; i++) rt.cloud.addRemote('math-101', `p${i}`, { camera: true, platform: 'web' });
  await p.settle();
  const tiles = p.$('#tiles')!.dom;
  expect(tiles.getAttribute('class')).toBe(cls);
  const layout = p.data.layout as { cols: number; rows: number };
  expect([layout.cols, layout.rows]).toEqual([cols, rows]);
  // The window the sim reports (375 × 812 screen, 724 px page, 34 px home indicator), in rpx at 0.5 px.
  const rpx = 375 / 750;
  const areaH = px(tiles.getAttribute('style'), 'height');
  const fixed = (CHROME_RPX.topbar + CHROME_RPX.controls) * rpx + 34;
  expect(Math.abs(areaH + fixed - 724)).toBeLessThan(0.5);
  const remote = p.$$('.remote-tile').map((t) => t.dom.getAttribute('style'));
  expect(remote).toHaveLength(remotes);
  if (people === 2) {
    // 1:1: the other person fills the area, I am an inset over it.
    expect(p.$('#tile-self')!.dom.getAttribute('class')).toContain('tile--inset');
    expect(px(remote[0], 'height') + 2 * (GRID_PAD_RPX + TILE_MARGIN_RPX) * rpx).toBeCloseTo(areaH, 0);
    return;
  }
  const tileH = px(p.$('#tile-self')!.dom.getAttribute('style'), 'height');
  for (const s of remote) expect(px(s, 'height')).toBe(tileH);
  const used = rows * (tileH + 2 * TILE_MARGIN_RPX * rpx) + 2 * GRID_PAD_RPX * rpx;
  expect(areaH - used).toBeGreaterThanOrEqual(0);
  expect(areaH - used).toBeLessThan(1);
});

test('an odd count in two columns: the last tile spans the row (no empty cell)', async () => {
  const p = await joined();
  for (let i = 1; i <= 4; i++) rt.cloud.addRemote('math-101', `p${i}`, { camera: true, platform: 'web' });
  await p.settle();
  const tiles = p.$$('.remote-tile');
  expect(tiles[3].dom.getAttribute('class')).toContain('tile--wide');
  expect(tiles.slice(0, 3).some((t) => (t.dom.getAttribute('class') || '').indexOf('tile--wide') >= 0)).toBe(false);
});

test('1:1: a tap on my inset moves it to the next corner', async () => {
  const p = await joined();
  rt.cloud.addRemote('math-101', 'doctor', { camera: true, platform: 'web' });
  await p.settle();
  expect(p.$('#tile-self')!.dom.getAttribute('class')).toContain('tile--inset-tr');
  await p.tap('#tile-self');
  await p.settle();
  expect(p.$('#tile-self')!.dom.getAttribute('class')).toContain('tile--inset-br');
});

test('a share: stage and a strip of whole tiles fill the same space', async () => {
  const p = await joined();
  const bob = rt.cloud.addRemote('math-101', 'bob', { camera: true, platform: 'web' });
  for (let i = 1; i <= 5; i++) rt.cloud.addRemote('math-101', `p${i}`, { camera: true, platform: 'web' });
  await p.settle();
  bob.startScreenShare();
  await p.settle();
  const rpx = 0.5;
  const stageH = px(p.$('#stage')!.dom.getAttribute('style'), 'height');
  const fixed = (CHROME_RPX.topbar + CHROME_RPX.controls) * rpx + 34;
  expect(Math.abs(stageH + CHROME_RPX.strip * rpx + fixed - 724)).toBeLessThan(0.5);
  // Whole tiles across the strip: k × (width + margins) = the strip's inner width.
  const w = px(p.$('#tile-self')!.dom.getAttribute('style'), 'width');
  const k = Math.round((375 - 16) / (w + 8));
  expect(Math.abs(k * (w + 8) - (375 - 16))).toBeLessThan(0.1);
});

test('remote tiles carry a muted mark only if the speakers list means "mic on" (SPEAKING_MEANS)', async () => {
  expect(remoteMuteKnown('talking')).toBe(false);
  expect(remoteMuteKnown('mic-on')).toBe(true);
  const p = await joined();
  rt.cloud.addRemote('math-101', 'bob', { camera: true, mic: false, platform: 'web' });
  await p.settle();
  // SPEAKING_MEANS = 'talking': not in the speakers list says nothing about bob's mic.
  expect(p.text('.remote-tile .tile-name')).toBe('bob');
});

// ---------------------------------------------------------------- honest controls

test('listen-only: mic, camera, flip and voice-only are locked with the reason; a tap opens the settings, never the device', async () => {
  restart({ tt: { permissions: { 'scope.camera': false, 'scope.record': false } } });
  const p = await joined();
  for (const id of ['#ctl-mic', '#ctl-camera', '#ctl-flip', '#ctl-audio-only']) {
    expect(p.$(id)!.dom.getAttribute('class')).toContain('ctl--locked');
    expect(p.text(`${id} .ctl-icon`)).toBe('🔒');
  }
  // The action it would perform, under a lock; the reason is in the hint above, with 去设置.
  expect(p.text('#ctl-mic .ctl-label')).toBe('开麦');
  expect(p.text('#ctl-camera .ctl-label')).toBe('开摄像头');
  expect(p.text('#permission-hint .hint-text')).toBe('未获得摄像头和麦克风权限，现在只能听和看');
  expect(p.text('#tile-self .tile-name')).toBe(CONTROL_TEXT.selfMicLocked);
  expect(p.$('#ctl-speaker')!.dom.getAttribute('class')).not.toContain('ctl--locked');
  const captures = (): number => rt.fake.control.calls.filter((c) => c.api === 'ctx.changeAudioCapture' || c.api === 'ctx.changeVideoCapture').length;
  const before = captures();
  await p.tap('#ctl-mic');
  await p.tap('#ctl-camera');
  expect(rt.fake.control.openSettingCalls).toHaveLength(2);
  expect(rt.fake.control.openSettingCalls.every((c) => c.fromTap)).toBe(true);
  expect(captures()).toBe(before);
});

test('every control is labelled with the action a tap performs', async () => {
  const p = await joined();
  expect(p.text('#ctl-mic .ctl-label')).toBe('关麦');
  expect(p.text('#ctl-camera .ctl-label')).toBe('关摄像头');
  expect(p.text('#ctl-flip .ctl-label')).toBe('切到后置');
  expect(p.text('#ctl-speaker .ctl-label')).toBe('切到听筒');
  expect(p.text('#ctl-audio-only .ctl-label')).toBe('只用语音');
  await p.tap('#ctl-speaker');
  expect(p.text('#ctl-speaker .ctl-label')).toBe('切到扬声器');
  await p.tap('#ctl-flip');
  expect(p.text('#ctl-flip .ctl-label')).toBe('切到前置');
  expect(p.text('#ctl-camera .ctl-icon')).toBe('📷');
  await p.tap('#ctl-camera');
  expect(p.text('#ctl-camera .ctl-icon')).not.toBe('📷');
});

test('reconnecting: my tile says what will come back', async () => {
  const p = await joined();
  rt.fake.control.interrupt();
  await p.settle();
  expect(p.data.phase).toBe('reconnecting');
  expect(p.text('#restore-note')).toBe('重连后恢复麦克风、摄像头');
  expect(p.text('#tile-self .tile-name')).toBe('我 · 重连中');
  await p.settle(3000);
  expect(p.data.phase).toBe('joined');
  expect(p.$('#restore-note')).toBeFalsy();
});

test('诊断 lives in 更多; 邀请 is the prominent button once joined', async () => {
  const p = await joined();
  expect(p.$('#diag-btn')).toBeFalsy();
  expect(p.$('#share-btn')).toBeTruthy();
  await p.tap('#more-btn');
  await p.tap('#diag-btn');
  expect(p.$('#diagnostics')).toBeTruthy();
  expect(p.$('#more-sheet')).toBeFalsy();
});

// ---------------------------------------------------------------- messages that stay

test('token expiry without a token service: a banner with the minutes left that stays until the token expires, no toast', async () => {
  const p = await joined(10 * 60000);
  await p.settle(8 * 60000 + 1000); // the warning comes two minutes before the expiry
  expect(p.text('#banner')).toBe(TOKEN_BANNER.expiresIn(2));
  await p.settle(61000);
  expect(p.text('#banner')).toBe(TOKEN_BANNER.expiresIn(1));
  await p.settle(50000);
  expect(p.$('#banner')).toBeTruthy();
  expect(rt.fake.control.toasts.map((t) => t.title).filter((t) => t.indexOf('凭证') >= 0)).toEqual([]);
  rt.cloud.expireToken('me');
  await p.settle(3000);
  expect(p.$('#failure-view')).toBeTruthy();
  expect(p.text('#failure-view #room-name')).toBe('房间 math-101');
});

test('minutes left round up, never 0 while time is left', () => {
  expect(minutesLeft(120000, 0)).toBe(2);
  expect(minutesLeft(61000, 0)).toBe(2);
  expect(minutesLeft(1000, 0)).toBe(1);
});

// ---------------------------------------------------------------- copy rules (docs/ui.md)

test('banners fit in two lines at 375 px', () => {
  const texts = [ROOM_BANNER.reconnecting(6, 6), TOKEN_BANNER.expiresIn(120), TOKEN_BANNER.expiring];
  for (const t of texts) expect(textWidth(t)).toBeLessThanOrEqual(2 * BANNER_CHARS_PER_LINE);
});

test('no text under 24rpx (12 px) and no tap target under 88rpx (44 px) in the room and pre-join styles', () => {
  for (const file of ['pages/room/room.ttss', 'pages/prejoin/prejoin.ttss', 'app.ttss']) {
    const css = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of css.matchAll(/font-size:\s*(\d+)rpx/g)) expect([file, Number(m[1])]).toEqual([file, Math.max(24, Number(m[1]))]);
  }
  const room = fs.readFileSync(path.join(ROOT, 'pages/room/room.ttss'), 'utf8');
  for (const sel of ['.topbar-btn', '.hint-btn', '.chip', '.pager-btn', '.tile-share']) {
    const m = new RegExp(`\\${sel} \\{[^}]*?\\b(min-)?height: (\\d+)rpx`).exec(room);
    expect([sel, m ? Number(m[2]) >= 88 : false]).toEqual([sel, true]);
  }
  expect(room).toMatch(/\.ctl \{[^}]*min-height: 112rpx/);
});

test('text wraps at CJK punctuation, never inside a word or button label', () => {
  const app = fs.readFileSync(path.join(ROOT, 'app.ttss'), 'utf8');
  expect(app).toMatch(/page \{[^}]*word-break: keep-all;[^}]*overflow-wrap: anywhere;/);
  const room = fs.readFileSync(path.join(ROOT, 'pages/room/room.ttss'), 'utf8');
  expect(room).toMatch(/\.topbar \{[^}]*white-space: nowrap/);
  expect(room).toMatch(/\.ctl-label \{[^}]*white-space: nowrap/);
});

// ---------------------------------------------------------------- plain words (pre-join, diagnostics)

test('pre-join: the checks collapse into one line (the first problem), details on tap; a refused camera locks its toggle', async () => {
  restart({ tt: { permissions: { 'scope.camera': false, 'scope.record': true } } });
  page = renderPage('pages/prejoin/prejoin', { query: query() });
  const p = page;
  await p.settle();
  expect(p.text('#check-summary .summary-text')).toBe('摄像头权限：已拒绝，他人将看不到你的画面');
  expect(p.$('#checks')).toBeFalsy();
  await p.tap('#check-summary');
  expect(p.$$('.check')).toHaveLength(7);
  // No version numbers or id rules in the user's face.
  expect(p.text('#check-version .check-text')).toBe('已是可用版本');
  expect(p.$('#toggle-camera')!.dom.getAttribute('class')).toContain('toggle--locked');
  expect(p.text('#toggle-camera')).toBe('🔒 摄像头未授权');
  expect(p.text('#toggle-mic')).toBe('🎙 麦克风：开');
  await p.tap('#toggle-camera');
  expect(rt.fake.control.openSettingCalls).toHaveLength(1);
});

test('pre-join: all fine is one line', async () => {
  page = renderPage('pages/prejoin/prejoin', { query: query() });
  await page.settle();
  expect(page.text('#check-summary .summary-text')).toBe('设备与网络正常');
});

test('the diagnostics sheet speaks Chinese at ≥ 12 px and wraps long ids', async () => {
  const p = await joined();
  await p.tap('#more-btn');
  await p.tap('#diag-btn');
  await p.settle();
  const lines = p.$$('#diagnostics .sheet-line').map((l) => l.dom.textContent || '');
  expect(lines).toContain('状态已在房间');
  for (const e of p.$$('#diagnostics .sheet-event').map((l) => l.dom.textContent || '')) expect(e).toMatch(/[\u4e00-\u9fff]/);
  const css = fs.readFileSync(path.join(ROOT, 'pages/room/room.ttss'), 'utf8');
  expect(css).toMatch(/\.sheet-event \{[^}]*font-size: (2[4-9]|3\d)rpx;[^}]*overflow-wrap: anywhere/);
});
