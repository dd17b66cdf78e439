// HomeStore with the real token client on a simulated client whose requests a stand-in token
// service answers (sim/helpers/token-service.ts).
import { buildServices, type AppServices } from '../../services/runtime';
import { HomeStore } from '../../stores/home-store';
import { createSessionHistory, type SessionHistory, type SessionRecord } from '../../stores/session-records';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { flush } from '../../sim/time';
import { TOKEN_URL, installTokenService, type FakeTokenService } from '../../sim/helpers/token-service';

let fake: FakeTt;
let cloud: RtcCloud;
let services: AppServices;
let history: SessionHistory;
let server: FakeTokenService;

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function setup(opts: { tokenService?: boolean; mode?: 'dev' | 'douyin' } = {}): HomeStore {
  cloud = new RtcCloud();
  fake = createFakeTt(cloud, { label: 'alice' });
  const mode = opts.mode || 'dev';
  server = installTokenService(fake, cloud, { mode });
  services = buildServices(fake.tt, { appId: 'app', tokenServiceUrl: opts.tokenService === false ? '' : TOKEN_URL, tokenServiceMode: mode });
  history = createSessionHistory(services.storage);
  return new HomeStore({ tokenClient: services.tokenClient, tokenServiceMode: mode, history });
}

function record(roomId: string, endedAt: number, extra: Partial<SessionRecord> = {}): SessionRecord {
  return { roomId, startedAt: endedAt - 60000, endedAt, durationMs: 60000, endReason: 'left', peakMembers: 2, reconnects: 0, screenShares: [], ...extra };
}

describe('create a room', () => {
  test('with a token service: a new room and its invite, on to pre-join', async () => {
    const store = setup();
    const p = store.createRoom();
    expect(store.creating).toBe(true);
    await flush();
    const outcome = await p;
    expect(store.creating).toBe(false);
    const created = server.requests[0];
    expect(created.url).toBe(`${TOKEN_URL}/v1/rooms`);
    const [roomId, invite] = [...server.invites.entries()][0].reverse();
    expect(outcome).toEqual({ kind: 'navigate', url: `/pages/prejoin/prejoin?roomId=${roomId}&invite=${encodeURIComponent(invite)}` });
  });

  test('douyin mode sends the login code', async () => {
    const store = setup({ mode: 'douyin' });
    const p = store.createRoom();
    await flush();
    await p;
    expect(server.requests[0].data).toEqual({ code: expect.stringMatching(/^sim-code-/) });
  });

  test('without a token service: explains that links come from the organizer, no request', async () => {
    const store = setup({ tokenService: false });
    await expect(store.createRoom()).resolves.toEqual({
      kind: 'explain',
      title: '暂不能创建房间',
      content: expect.stringContaining('组织者分享的房间链接'),
    });
    expect(server.requests).toEqual([]);
  });

  test('service down or not logged in: a toast, not a crash', async () => {
    const store = setup();
    server.failWith('network');
    const p = store.createRoom();
    await flush();
    await expect(p).resolves.toEqual({ kind: 'toast', text: '创建房间失败，请检查网络后重试' });
    server.failWith({ status: 401, code: 'invalid_login_code' });
    const q = store.createRoom();
    await flush();
    await expect(q).resolves.toEqual({ kind: 'toast', text: '请先登录抖音后再创建房间' });
  });
});

describe('join by room id', () => {
  test.each([
    ['', '请输入房间号'],
    ['   ', '请输入房间号'],
    ['房间1', '房间号只能包含字母、数字和 @ . _ -，最多 128 位'],
    ['a b', '房间号只能包含字母、数字和 @ . _ -，最多 128 位'],
    ['x'.repeat(129), '房间号只能包含字母、数字和 @ . _ -，最多 128 位'],
  ])('invalid %j: an inline error, no navigation', (input, error) => {
    const store = setup();
    store.setRoomIdInput(input);
    expect(store.joinById()).toEqual({ kind: 'none' });
    expect(store.inputError).toBe(error);
    store.setRoomIdInput('ok');
    expect(store.inputError).toBeNull();
  });

  test('valid (trimmed) in dev mode: pre-join for that room', () => {
    const store = setup();
    store.setRoomIdInput('  team-standup.1 ');
    expect(store.joinById()).toEqual({ kind: 'navigate', url: '/pages/prejoin/prejoin?roomId=team-standup.1' });
  });

  test('douyin mode: needs an invite, taken from the records when we have one', () => {
    const store = setup({ mode: 'douyin' });
    store.setRoomIdInput('room-a');
    expect(store.joinById()).toMatchObject({ kind: 'explain', title: '需要邀请' });
    history.add(record('room-a', Date.now() - 1000, { invite: '4000000000.abcdefghijklmnopqrstuv' }));
    store.load();
    expect(store.joinById()).toEqual({ kind: 'navigate', url: '/pages/prejoin/prejoin?roomId=room-a&invite=4000000000.abcdefghijklmnopqrstuv' });
  });

  test('without a token service: explained', () => {
    const store = setup({ tokenService: false });
    store.setRoomIdInput('room-a');
    expect(store.joinById()).toMatchObject({ kind: 'explain', content: expect.stringContaining('凭房间号') });
  });
});

describe('recent rooms', () => {
  test('newest first, one line per room, with when, duration and how it ended', () => {
    const store = setup();
    const now = Date.now();
    history.add(record('room-a', now - 3 * 86400000));
    history.add(record('room-b', now - 7200000, { durationMs: 754000 }));
    history.add(record('room-a', now - 60000, { endReason: 'reconnect-exhausted' }));
    history.add(record('room-c', now - 30000, { endReason: 'join-failed', cause: 'token-expired', durationMs: 0 }));
    store.load();
    expect(store.recents.map((r) => [r.roomId, r.durationText, r.endText])).toEqual([
      ['room-c', '', '未能进入房间（凭证过期）'],
      ['room-a', '1分00秒', '多次重连失败后断开'],
      ['room-b', '12分34秒', '你离开了房间'],
    ]);
    expect(store.recents[0].whenText).toMatch(/^(今天|昨天) \d\d:\d\d$/);
  });

  test('tap to rejoin: through pre-join, with the newest unexpired invite for that room', () => {
    const store = setup({ mode: 'douyin' });
    const now = Date.now();
    const fresh = `${Math.floor(now / 1000) + 3600}.abcdefghijklmnopqrstuv`;
    const stale = `${Math.floor(now / 1000) - 10}.abcdefghijklmnopqrstuv`;
    history.add(record('room-a', now - 50000, { invite: fresh }));
    history.add(record('room-a', now - 20000));
    history.add(record('room-b', now - 10000, { invite: stale }));
    store.load();
    expect(store.recents.map((r) => [r.roomId, r.canRejoin])).toEqual([
      ['room-b', false],
      ['room-a', true],
    ]);
    expect(store.openRecent('room-a')).toEqual({ kind: 'navigate', url: `/pages/prejoin/prejoin?roomId=room-a&invite=${encodeURIComponent(fresh)}` });
    expect(store.openRecent('room-b')).toMatchObject({ kind: 'explain', title: '需要邀请' });
  });

  test('dev mode rejoins without an invite; no token service explains instead', () => {
    const dev = setup();
    history.add(record('room-a', Date.now()));
    dev.load();
    expect(dev.openRecent('room-a')).toEqual({ kind: 'navigate', url: '/pages/prejoin/prejoin?roomId=room-a' });
    const none = new HomeStore({ tokenClient: null, tokenServiceMode: 'dev', history });
    none.load();
    expect(none.recents[0].canRejoin).toBe(false);
    expect(none.openRecent('room-a')).toMatchObject({ kind: 'explain' });
  });

  test('corrupt records storage: an empty list', () => {
    const store = setup();
    fake.control.storage.set('sessionRecords', '{{{');
    store.load();
    expect(store.recents).toEqual([]);
  });
});
