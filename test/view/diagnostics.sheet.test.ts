// The diagnostics sheet as the room page binds it (data.diagnostics): the labelled lines, the last
// connection events, and the text copied for support, for a room store driven on the simulated platform.
import { readFileSync } from 'fs';
import { join } from 'path';
import { DiagnosticsSheet, selectDiagnostics, type DiagnosticsView } from '../../view/diagnostics';
import { FAILURE_TEXT } from '../../stores/messages';
import { createRoomHarness, type HarnessOptions, type RoomHarness } from '../../sim/helpers/room-harness';

let h: RoomHarness | null = null;

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(async () => {
  if (h && h.store.phase !== 'idle' && h.store.phase !== 'failed' && h.store.phase !== 'left') {
    const p = h.store.leave();
    await h.settle(1000);
    await p;
  }
  h = null;
  jest.useRealTimers();
});

async function joined(opts: HarnessOptions = {}): Promise<RoomHarness> {
  h = createRoomHarness(opts);
  await h.join();
  return h;
}

function shown(store: RoomHarness['store'], info = {}, now = Date.now()): { sheet: DiagnosticsSheet; view: () => DiagnosticsView } {
  const sheet = new DiagnosticsSheet();
  sheet.show(info, { camera: 'granted', mic: 'refused' }, now);
  return { sheet, view: () => selectDiagnostics(sheet, store)! };
}

const value = (d: DiagnosticsView, label: string): string | undefined => d.lines.find((l) => l.label === label)?.value;

test('nothing is shown until the sheet is opened', () => {
  h = createRoomHarness();
  expect(selectDiagnostics(new DiagnosticsSheet(), h.store)).toBeNull();
});

test('before joining: every line, and the copied text with 无 for no events', () => {
  h = createRoomHarness();
  const { view } = shown(h.store, { SDKVersion: '3.20.0', version: '30.2.0', platform: 'ios' });
  expect(view().text).toBe(
    [
      '诊断信息',
      '基础库: 3.20.0',
      '抖音版本: 30.2.0 (ios)',
      '小程序版本: 0.1.0',
      '房间: 无',
      '用户: 无',
      '状态: 未开始',
      '重连次数: 0',
      '凭证剩余: 未知',
      '摄像头权限: 已允许',
      '麦克风权限: 已拒绝',
      '连接记录:',
      '无',
    ].join('\n'),
  );
  expect(view().events).toEqual([]);
});

test('the mini-program version shown is the one in package.json (support tells builds apart by it)', () => {
  h = createRoomHarness();
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };
  expect(value(shown(h.store).view(), '小程序版本')).toBe(pkg.version);
});

test('the Douyin version: with the platform in brackets, alone, or 未知', () => {
  h = createRoomHarness();
  const store = h.store;
  expect(value(shown(store, { version: '30.2.0' }).view(), '抖音版本')).toBe('30.2.0');
  expect(value(shown(store, { platform: 'android' }).view(), '抖音版本')).toBe('未知 (android)');
  expect(value(shown(store, {}).view(), '抖音版本')).toBe('未知');
  expect(value(shown(store, {}).view(), '基础库')).toBe('未知');
});

test('permissions not read yet show 未知', () => {
  h = createRoomHarness();
  const sheet = new DiagnosticsSheet();
  sheet.show({}, null, 0);
  const d = selectDiagnostics(sheet, h.store)!;
  expect([value(d, '摄像头权限'), value(d, '麦克风权限')]).toEqual(['未知', '未知']);
});

test('a link that failed: the state says why, in the failure title', () => {
  h = createRoomHarness();
  h.store.open({});
  expect(h.store.phase).toBe('failed');
  expect(value(shown(h.store).view(), '状态')).toBe(`未能进入（${FAILURE_TEXT['invalid-link'].title}）`);
});

test('the token countdown moves with the sheet clock and reads 已过期 from the second it ends', async () => {
  const expSec = Math.floor(Date.now() / 1000) + 3605;
  await joined({ readTokenExpiry: () => expSec });
  const exp = expSec * 1000;
  const { sheet, view } = shown(h!.store, {}, exp - 3605_000);
  expect(value(view(), '凭证剩余')).toBe('1:00:05');
  sheet.tick(exp - 61_000);
  expect(value(view(), '凭证剩余')).toBe('01:01');
  sheet.tick(exp);
  expect(value(view(), '凭证剩余')).toBe('已过期');
  sheet.tick(exp + 5_000);
  expect(value(view(), '凭证剩余')).toBe('已过期');
});

test('events: a platform code is kept when there is one, never invented; only the last 12 are shown', async () => {
  await joined();
  const store = h!.store;
  // 13 coded drops, then an uncoded network change: 14 entries, so the oldest two drop out.
  for (let i = 0; i < 13; i++) {
    h!.fake.control.interrupt({ errNo: 1234, errMsg: 'lost' });
    await h!.settle(1500);
  }
  h!.fake.control.setNetwork({ isConnected: true, networkType: '4g' });
  await h!.settle(1500);
  expect(store.stateLog.length).toBeGreaterThan(12);
  const d = shown(store).view();
  const last = store.stateLog.slice(-12);
  expect(d.events).toHaveLength(12);
  d.events.forEach((e, i) => expect(e.endsWith(`：${last[i].message}`)).toBe(true));
  // A line is the time of day, the kind in Chinese, the code only when there is one, then the words.
  expect(d.events.slice(0, 11).every((e) => /^\d\d:\d\d:\d\d 连接中断（代码 1234）：lost$/.test(e))).toBe(true);
  expect(d.events[11]).toMatch(/^\d\d:\d\d:\d\d 网络：online 4g$/);
  // The copied text ends with the same 12 events under its heading.
  expect(d.text.endsWith(['连接记录:'].concat(d.events).join('\n'))).toBe(true);
});
