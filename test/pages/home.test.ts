// The home page loaded the way Douyin loads it, on a simulated client with a stand-in token service.
import { configureRuntime } from '../../services/runtime';
import type { HomeView } from '../../view/home-view';
import { createSessionHistory } from '../../stores/session-records';
import { createStorage } from '../../services/storage';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { installGlobals, loadPage, uninstallGlobals, type PageHarness } from '../../sim/mini-program';
import { flush } from '../../sim/time';
import { TOKEN_URL, installTokenService, type FakeTokenService } from '../../sim/helpers/token-service';

let cloud: RtcCloud;
let fake: FakeTt;
let server: FakeTokenService;
let page: PageHarness<HomeView> | null;

beforeEach(() => {
  jest.useFakeTimers();
  cloud = new RtcCloud();
  fake = createFakeTt(cloud, { label: 'alice' });
  server = installTokenService(fake, cloud, { mode: 'dev' });
  installGlobals({ tt: fake.tt });
  page = null;
});

afterEach(async () => {
  if (page && !page.unloaded) page.unload();
  await flush(50);
  uninstallGlobals();
  configureRuntime({});
  jest.useRealTimers();
});

function open(tokenService: boolean): PageHarness<HomeView> {
  configureRuntime({ appId: '65a1b2c3d4e5f60718293a4b', tokenServiceUrl: tokenService ? TOKEN_URL : '', tokenServiceMode: 'dev' });
  page = loadPage<HomeView>('pages/index/index');
  return page;
}

test('create: loading while the service answers, then on to pre-join with the new invite', async () => {
  const p = open(true);
  expect(p.data.tokenService).toBe(true);
  fake.control.setLatency('tt.request', 200);
  p.tap('handleCreate');
  await flush(50);
  expect(fake.control.loadingVisible).toBe(true);
  await flush(250);
  expect(fake.control.loadingVisible).toBe(false);
  const [invite, roomId] = [...server.invites.entries()][0];
  expect(fake.control.navigations).toEqual([
    expect.objectContaining({ api: 'navigateTo', url: `/pages/prejoin/prejoin?roomId=${roomId}&invite=${encodeURIComponent(invite)}` }),
  ]);
});

test('create without a token service: a dialog explains, nothing is requested', async () => {
  const p = open(false);
  expect(p.data.tokenService).toBe(false);
  p.tap('handleCreate');
  await flush(50);
  expect(fake.control.modals).toEqual([expect.objectContaining({ title: '暂不能创建房间', showCancel: false })]);
  expect(server.requests).toEqual([]);
  expect(fake.control.navigations).toEqual([]);
});

test('join by id: invalid input shows an inline error; valid goes to pre-join', async () => {
  const p = open(true);
  p.input('handleRoomIdInput', 'bad id!');
  p.tap('handleJoin');
  await flush(50);
  expect(p.data.inputError).toBe('房间号只能包含字母、数字和 @ . _ -，最多 128 位');
  expect(fake.control.navigations).toEqual([]);
  p.input('handleRoomIdInput', 'room-7');
  await flush(50);
  expect(p.data.inputError).toBeNull();
  p.tap('handleJoin');
  await flush(50);
  expect(fake.control.navigations).toEqual([expect.objectContaining({ url: '/pages/prejoin/prejoin?roomId=room-7' })]);
});

test('recent rooms appear newest first and refresh on show; a tap rejoins through pre-join', async () => {
  const history = createSessionHistory(createStorage(fake.tt));
  const now = Date.now();
  history.add({ roomId: 'old-room', startedAt: now - 90000, endedAt: now - 30000, durationMs: 60000, endReason: 'left', peakMembers: 2, reconnects: 0, screenShares: [] });
  const p = open(true);
  expect(p.data.recents.map((r) => r.roomId)).toEqual(['old-room']);
  history.add({ roomId: 'new-room', startedAt: now - 20000, endedAt: now - 1000, durationMs: 19000, endReason: 'kicked', peakMembers: 3, reconnects: 1, screenShares: [] });
  p.hide();
  p.show();
  await flush(50);
  expect(p.data.recents.map((r) => [r.roomId, r.endText])).toEqual([
    ['new-room', '被移出房间'],
    ['old-room', '你离开了房间'],
  ]);
  p.tap('handleOpenRecent', { roomId: 'old-room' });
  await flush(50);
  expect(fake.control.navigations).toEqual([expect.objectContaining({ url: '/pages/prejoin/prejoin?roomId=old-room' })]);
});
