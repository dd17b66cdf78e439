// The pre-join page as Douyin loads it: check lines in the page data, the stop states, 去设置 from a
// tap, listen-only, and the hand-over to the room.
import { configureRuntime } from '../../services/runtime';
import type { PrejoinView } from '../../view/prejoin-view';
import type { AuthSetting } from '../../services/platform/tt-types';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { installGlobals, loadPage, uninstallGlobals, type PageHarness } from '../../sim/mini-program';
import { flush } from '../../sim/time';
import { TOKEN_URL, installTokenService } from '../../sim/helpers/token-service';

let cloud: RtcCloud;
let fake: FakeTt;
let page: PageHarness<PrejoinView> | null;

beforeEach(() => {
  jest.useFakeTimers();
  cloud = new RtcCloud();
  page = null;
});

afterEach(async () => {
  if (page && !page.unloaded) page.unload();
  await flush(100);
  uninstallGlobals();
  configureRuntime({});
  jest.useRealTimers();
});

function open(query: Record<string, string>, o: { permissions?: AuthSetting; sdk?: string; tokenService?: boolean; before?: (f: FakeTt) => void } = {}): PageHarness<PrejoinView> {
  fake = createFakeTt(cloud, {
    label: 'alice',
    permissions: o.permissions ?? { 'scope.camera': true, 'scope.record': true },
    ...(o.sdk ? { systemInfo: { SDKVersion: o.sdk } } : {}),
  });
  installTokenService(fake, cloud, { mode: 'dev' });
  if (o.before) o.before(fake);
  installGlobals({ tt: fake.tt });
  configureRuntime({ appId: '65a1b2c3d4e5f60718293a4b', tokenServiceUrl: o.tokenService === false ? '' : TOKEN_URL, tokenServiceMode: 'dev' });
  page = loadPage<PrejoinView>('pages/prejoin/prejoin', { query });
  return page;
}

const link = (): Record<string, string> => ({ roomId: 'room-1', userId: 'alice', token: encodeURIComponent(cloud.mintToken('room-1', 'alice')) });
const lines = (p: PageHarness<PrejoinView>): string[] => p.data.checks.map((c) => `${c.label}:${c.state}`);

test('a good link: seven lines, a preview of my camera, 加入房间', async () => {
  const p = open(link());
  expect(p.data.verdict).toBe('checking');
  await flush(50);
  expect(lines(p)).toEqual(['房间链接:ok', '链接有效期:ok', '抖音版本:ok', '通话功能:ok', '摄像头权限:ok', '麦克风权限:ok', '网络:ok']);
  expect(p.data).toMatchObject({ verdict: 'ready', joinText: '加入房间', previewOn: true, userId: 'alice', showSettings: false });
});

test('bad link: a stop with the problem, only 返回首页, and RTC untouched', async () => {
  const p = open({ roomId: 'no such room!' });
  await flush(50);
  expect(p.data.verdict).toBe('stop');
  expect(p.data.hint).toBe('无法进入房间');
  expect(p.data.checks).toEqual([expect.objectContaining({ label: '房间链接', state: 'fail', text: expect.stringContaining('房间号不正确') })]);
  expect(fake.control.callsTo('tt.createRtcRoomContext')).toEqual([]);
  p.tap('handleBackHome');
  await flush(20);
  expect(fake.control.navigations).toEqual([expect.objectContaining({ api: 'reLaunch', url: '/pages/index/index' })]);
});

test('old base library: a stop', async () => {
  const p = open(link(), { sdk: '2.67.9' });
  await flush(50);
  expect(p.data.verdict).toBe('stop');
  expect(p.data.checks[2]).toMatchObject({ state: 'fail', text: '抖音版本过低，请升级抖音到最新版本' });
});

test('RTC capability not granted (116183): a clear stop, no join button', async () => {
  const p = open(link(), { before: (f) => (f.control.createContextFailure = 'throw-116183') });
  await flush(50);
  expect(p.data).toMatchObject({ verdict: 'stop', hint: '无法进入房间', previewOn: false, canRetry: false });
  expect(p.data.checks[3]).toMatchObject({ state: 'fail', text: '该小程序尚未开通音视频通话能力，请联系管理员' });
});

test('the preview component reports 10101: a stop and a toast', async () => {
  const p = open(link());
  await flush(50);
  p.call('onPreviewError', { detail: { errNo: 10101 } });
  await flush(50);
  expect(p.data.verdict).toBe('stop');
  expect(p.data.checks[3]).toMatchObject({ state: 'fail', text: '该小程序尚未开通音视频组件权限，暂时无法显示画面' });
  expect(fake.control.toasts.map((t) => t.title)).toContain('摄像头预览开启失败');
});

test('both refused: 仅收听加入 and 去设置; settings from the tap bring the camera back', async () => {
  const p = open(link(), { permissions: { 'scope.camera': false, 'scope.record': false } });
  await flush(50);
  expect(p.data).toMatchObject({ verdict: 'ready', listenOnly: true, joinText: '仅收听加入', showSettings: true, previewOn: false });
  // The toggles do not claim devices the user refused.
  expect([p.data.micOn, p.data.cameraOn]).toEqual([false, false]);
  expect(p.data.hint).toContain('仅收听');
  fake.control.setOpenSettingResult({ 'scope.camera': true, 'scope.record': true });
  p.tap('handleOpenSettings');
  await flush(50);
  expect(fake.control.openSettingCalls).toEqual([expect.objectContaining({ fromTap: true })]);
  expect(p.data).toMatchObject({ listenOnly: false, joinText: '加入房间', showSettings: false, previewOn: true });
  expect([p.data.micOn, p.data.cameraOn]).toEqual([true, true]);
});

test('listen-only join: the room gets mic=0&camera=0', async () => {
  const p = open(link(), { permissions: { 'scope.camera': false, 'scope.record': false } });
  await flush(50);
  p.tap('handleJoin');
  await flush(50);
  expect(fake.control.navigations).toEqual([expect.objectContaining({ api: 'redirectTo', url: expect.stringMatching(/&mic=0&camera=0$/) })]);
});

test('offline: 等待网络…, the join tap does nothing', async () => {
  const p = open(link());
  fake.control.setNetwork({ isConnected: false, networkType: 'none' });
  await flush(50);
  expect(p.data).toMatchObject({ verdict: 'offline', joinText: '等待网络…' });
  p.tap('handleJoin');
  await flush(50);
  expect(fake.control.navigations).toEqual([]);
});

test('room id without a token service: a stop that explains', async () => {
  const p = open({ roomId: 'room-1' }, { tokenService: false });
  await flush(50);
  expect(p.data.verdict).toBe('stop');
  expect(p.data.checks[1].text).toContain('未配置 Token 服务');
});

test('unload releases the preview: capture off, listeners gone, the context exited (none left alive)', async () => {
  const p = open(link());
  await flush(50);
  expect(fake.control.context!.videoCapture).toBe(true);
  p.unload();
  await flush(50);
  expect(fake.control.context!.videoCapture).toBe(false);
  expect(fake.control.context!.listenerCount('onRtcChatMembersChanged')).toBe(0);
  expect(fake.control.liveContexts).toBe(0);
});
