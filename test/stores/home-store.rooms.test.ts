// HomeStore edges the home page depends on: the recent list stops at 10 rooms, a stored cause only
// explains a failed join, a recent room without a token service explains why it cannot be opened,
// a second 创建房间 tap while one is on its way sends nothing, and a refused Douyin login says so.
import { buildServices } from '../../services/runtime';
import { HomeStore } from '../../stores/home-store';
import { createSessionHistory, type SessionHistory, type SessionRecord } from '../../stores/session-records';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt } from '../../sim/fake-tt';
import { flush } from '../../sim/time';
import { TOKEN_URL, installTokenService, type FakeTokenService } from '../../sim/helpers/token-service';

let history: SessionHistory;
let server: FakeTokenService;

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function setup(tokenService = true): HomeStore {
  const cloud = new RtcCloud();
  const fake = createFakeTt(cloud, { label: 'alice' });
  server = installTokenService(fake, cloud, { mode: 'douyin' });
  const services = buildServices(fake.tt, { appId: 'app', tokenServiceUrl: tokenService ? TOKEN_URL : '', tokenServiceMode: 'douyin' });
  history = createSessionHistory(services.storage);
  return new HomeStore({ tokenClient: services.tokenClient, tokenServiceMode: 'douyin', history });
}

function record(roomId: string, endedAt: number, extra: Partial<SessionRecord> = {}): SessionRecord {
  return { roomId, startedAt: endedAt - 60000, endedAt, durationMs: 60000, endReason: 'left', peakMembers: 2, reconnects: 0, screenShares: [], ...extra };
}

test('recent rooms: the 10 most recent distinct rooms, no more', () => {
  const store = setup();
  const now = Date.now();
  for (let i = 11; i >= 0; i--) history.add(record(`room-${i}`, now - i * 60000));
  store.load();
  expect(store.recents.map((r) => r.roomId)).toEqual(['room-0', 'room-1', 'room-2', 'room-3', 'room-4', 'room-5', 'room-6', 'room-7', 'room-8', 'room-9']);
});

test('a cause stored with another ending is not shown as a failed join', () => {
  const store = setup();
  history.add(record('room-a', Date.now() - 1000, { endReason: 'kicked', cause: 'token-expired' }));
  store.load();
  expect(store.recents.map((r) => [r.durationText, r.endText])).toEqual([['1分00秒', '被移出房间']]);
});

test('a recent room without a token service: explains the missing service, not a missing invite', () => {
  const store = setup(false);
  history.add(record('room-a', Date.now() - 1000, { invite: `${Math.floor(Date.now() / 1000) + 3600}.abcdefghijklmnopqrstuv` }));
  store.load();
  expect(store.openRecent('room-a')).toEqual({
    kind: 'explain',
    title: '暂不能创建房间',
    content: '这个小程序没有配置 Token 服务，无法凭房间号进入。请通过组织者分享的房间链接进入。',
  });
});

test('创建房间 tapped again while the first is on its way: nothing more is sent', async () => {
  const store = setup();
  const first = store.createRoom();
  await expect(store.createRoom()).resolves.toEqual({ kind: 'none' });
  await flush();
  await expect(first).resolves.toMatchObject({ kind: 'navigate' });
  expect(server.requests.filter((r) => r.url === `${TOKEN_URL}/v1/rooms`)).toHaveLength(1);
});

test('the token service says login_required: the toast asks to log in to Douyin', async () => {
  const store = setup();
  server.failWith({ status: 401, code: 'login_required' });
  const p = store.createRoom();
  await flush();
  await expect(p).resolves.toEqual({ kind: 'toast', text: '请先登录抖音后再创建房间' });
  server.failWith({ status: 401, code: 'invite_required' });
  const q = store.createRoom();
  await flush();
  await expect(q).resolves.toEqual({ kind: 'toast', text: '创建房间失败，请检查网络后重试' });
});
