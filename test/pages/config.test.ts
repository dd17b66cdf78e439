// Pages opened with a wrong config.ts, or on a Douyin too old for the RTC API we use: each says so
// (「尚未配置」 naming the field / 「版本过低」) and touches neither RTC nor the network, then or later.
import type { HomeView } from '../../view/home-view';
import type { PrejoinView } from '../../view/prejoin-view';
import type { RoomView } from '../../view/room-view';
import { configureRuntime, type RuntimeConfig } from '../../services/runtime';
import { CONFIG_PROBLEM_TEXT } from '../../stores/messages';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { installGlobals, loadPage, uninstallGlobals, type PageHarness } from '../../sim/mini-program';
import { flush } from '../../sim/time';
import { installTokenService } from '../../sim/helpers/token-service';

const APP = '65a1b2c3d4e5f60718293a4b';
let cloud: RtcCloud;
let fake: FakeTt;
let page: PageHarness<object> | null = null;

function start(config: Partial<RuntimeConfig>, sdk?: string): void {
  cloud = new RtcCloud();
  fake = createFakeTt(cloud, { label: 'alice', permissions: { 'scope.camera': true, 'scope.record': true }, ...(sdk ? { systemInfo: { SDKVersion: sdk } } : {}) });
  // A service that would answer, so a request made despite the config would show up as a success.
  installTokenService(fake, cloud, { mode: 'dev' });
  installGlobals({ tt: fake.tt });
  configureRuntime({ appId: APP, tokenServiceUrl: '', tokenServiceMode: 'dev', ...config });
}

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  if (page) page.unload();
  page = null;
  await flush(100);
  uninstallGlobals();
  configureRuntime({});
  jest.useRealTimers();
});

/** Platform calls that would mean we tried anyway: RTC, permissions, network requests. */
const tried = (): string[] =>
  fake.control.calls.map((c) => c.api).filter((a) => a.startsWith('ctx.') || ['tt.createRtcRoomContext', 'tt.getSetting', 'tt.request', 'tt.login'].indexOf(a) >= 0);

const link = (): Record<string, string> => ({ roomId: 'room-1', userId: 'alice', token: encodeURIComponent(cloud.mintToken('room-1', 'alice')) });

const BAD: Array<[string, Partial<RuntimeConfig>, string[]]> = [
  ['RTC_APP_ID empty', { appId: '' }, [CONFIG_PROBLEM_TEXT['app-id-missing']]],
  ['RTC_APP_ID too short', { appId: 'app' }, [CONFIG_PROBLEM_TEXT['app-id-length']]],
  ['TOKEN_SERVICE_URL over http', { tokenServiceUrl: 'http://rtc-token.example.com' }, [CONFIG_PROBLEM_TEXT['token-url-not-https']]],
  ['TOKEN_SERVICE_URL malformed', { tokenServiceUrl: 'rtc-token.example.com' }, [CONFIG_PROBLEM_TEXT['token-url-malformed']]],
];

test.each(BAD)('room page, %s: 「尚未配置」 with the field to edit, no RTC, no request', async (_n, config, texts) => {
  start(config);
  const p = (page = loadPage<RoomView>('pages/room/room', { query: link() }));
  await flush(5000);
  expect(p.data.phase).toBe('failed');
  expect(p.data.failure).toMatchObject({ title: '尚未配置', detail: texts.join('\n'), retryable: false });
  expect(tried()).toEqual([]);
});

test.each(BAD)('pre-join page, %s: a 「尚未配置」 stop with the field to edit, no RTC, no request', async (_n, config, texts) => {
  start(config);
  const p = (page = loadPage<PrejoinView>('pages/prejoin/prejoin', { query: { roomId: 'room-1' } }));
  await flush(5000);
  expect(p.data.verdict).toBe('stop');
  expect(p.data.hint).toBe('尚未配置');
  expect(p.data.checks).toEqual([expect.objectContaining({ id: 'capability', state: 'fail', text: texts.join('\n') })]);
  expect(tried()).toEqual([]);
});

test.each(BAD)('home page, %s: says what to fix; taps request nothing', async (_n, config, texts) => {
  start(config);
  const p = (page = loadPage<HomeView>('pages/index/index'));
  await flush(50);
  expect(p.data.notConfigured).toEqual({ title: '尚未配置', problems: texts });
  p.tap('handleCreate');
  p.input('handleRoomIdInput', 'room-7');
  p.tap('handleJoin');
  await flush(5000);
  expect(tried()).toEqual([]);
  expect(fake.control.navigations).toEqual([]);
});

test('home page, configured: no 「尚未配置」', async () => {
  start({ tokenServiceUrl: 'https://token.test' });
  const p = (page = loadPage<HomeView>('pages/index/index'));
  await flush(50);
  expect(p.data.notConfigured).toBeNull();
});

test("room page opened by link on a base library below 2.68.0: 'unsupported' before any RTC call", async () => {
  start({}, '2.67.0');
  const p = (page = loadPage<RoomView>('pages/room/room', { query: link() }));
  await flush(5000);
  expect(p.data.phase).toBe('failed');
  expect(p.data.failure).toMatchObject({ title: '版本过低', detail: '当前抖音版本过低，无法进行音视频通话。请升级抖音到最新版本后再打开链接。' });
  expect(tried()).toEqual([]);
});

test('room page on exactly 2.68.0 joins', async () => {
  start({}, '2.68.0');
  const p = (page = loadPage<RoomView>('pages/room/room', { query: link() }));
  await flush(200);
  expect(p.data.phase).toBe('joined');
});
