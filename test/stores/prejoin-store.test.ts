// PrejoinStore against the simulated runtime: every check outcome, every refusal path, the preview,
// and the room path it hands over.
import { AccessToken } from '../../server/src/token/access-token';
import { createIdentity } from '../../services/identity';
import type { PrejoinStore } from '../../stores/prejoin-store';
import { flush } from '../../sim/time';
import type { AppServices } from '../../services/runtime';
import type { RtcCloud } from '../../sim/cloud';
import type { FakeTt } from '../../sim/fake-tt';
import { PREJOIN_APP_ID, prejoinRig, type PrejoinSetup } from '../../sim/helpers/prejoin-rig';
import type { FakeTokenService } from '../../sim/helpers/token-service';

const APP_ID = PREJOIN_APP_ID;
let fake: FakeTt;
let cloud: RtcCloud;
let services: AppServices;
let server: FakeTokenService;
let store: PrejoinStore;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  if (store) await Promise.all([store.release(), flush(50)]);
  jest.useRealTimers();
});

function setup(o: PrejoinSetup = {}): PrejoinStore {
  ({ cloud, fake, server, services, store } = prejoinRig(o));
  return store;
}

function token001(expireAt: number): string {
  return new AccessToken({ appId: APP_ID, appKey: 'k', roomId: 'room-1', userId: 'alice' }).expireTime(expireAt).serialize();
}

const nowS = (): number => Math.floor(Date.now() / 1000);
const state = (): Record<string, string> => Object.fromEntries(Object.entries(store.checks).map(([k, v]) => [k, v.state]));

describe('link and token', () => {
  test('a full link with a readable token: every check ok, ready', async () => {
    setup().start({ roomId: 'room-1', userId: 'alice', token: encodeURIComponent(token001(nowS() + 3000)) });
    await flush();
    expect(state()).toEqual({ link: 'ok', token: 'ok', version: 'ok', capability: 'ok', camera: 'ok', mic: 'ok', network: 'ok' });
    expect(store.checks.token.text).toBe('有效，约 50 分钟后过期');
    expect(store.verdict).toEqual({ kind: 'ready', listenOnly: false });
  });

  test.each([
    ['nothing', {}, '缺少房间号'],
    ['bad room id', { roomId: 'bad room' }, '房间号不正确'],
    ['full link, missing token', { roomId: 'room-1', userId: 'alice' }, '链接不完整，缺少进入房间所需的部分'],
    ['full link, bad user', { roomId: 'room-1', userId: '用户', token: 'abc' }, '链接里的用户信息不正确'],
  ])('bad link (%s): a stop, and nothing touches the platform', async (_n, query, text) => {
    setup().start(query);
    await flush();
    expect(store.checks.link.state).toBe('fail');
    expect(store.checks.link.text).toContain(text);
    expect(store.verdict).toEqual({ kind: 'stop', retryable: false });
    expect(fake.control.calls).toEqual([]);
  });

  test('expired link token: a stop that says ask for a new link', async () => {
    setup().start({ roomId: 'room-1', userId: 'alice', token: token001(nowS() - 5) });
    await flush();
    expect(store.checks.token).toEqual({ state: 'fail', text: '已过期，请向邀请人索取新的链接' });
    expect(store.verdict.kind).toBe('stop');
    expect(fake.control.calls).toEqual([]);
  });

  test.each([
    ['another room', () => cloud.mintToken('room-2', 'alice'), '链接属于另一个房间'],
    ['another user', () => cloud.mintToken('room-1', 'bob'), '这是别人的链接'],
    ['another AppId', () => `001${'0'.repeat(24)}${cloud.mintToken('room-1', 'alice').slice(27)}`, '链接不属于这个小程序'],
    ['cut short', () => cloud.mintToken('room-1', 'alice').slice(0, 50), '链接不完整（可能在转发时被截断）'],
  ])('link token for %s: the link line says so, a stop, no platform call', async (_n, t, text) => {
    setup();
    store.start({ roomId: 'room-1', userId: 'alice', token: encodeURIComponent(t()) });
    await flush();
    expect(store.checks.link).toEqual({ state: 'fail', text });
    expect(store.verdict).toEqual({ kind: 'stop', retryable: false });
    expect(fake.control.calls).toEqual([]);
  });

  test('unreadable token: a broken link, a stop before any platform call', async () => {
    setup().start({ roomId: 'room-1', userId: 'alice', token: 'opaque-token-from-elsewhere' });
    await flush();
    expect(store.checks.link).toEqual({ state: 'fail', text: '链接不完整（可能在转发时被截断）' });
    expect(store.verdict).toEqual({ kind: 'stop', retryable: false });
    expect(fake.control.calls).toEqual([]);
  });

  test('room id + invite (douyin): the token is fetched here, for the id the server derives', async () => {
    setup({ mode: 'douyin' });
    const invite = server.createInvite('room-9');
    store.start({ roomId: 'room-9', invite: encodeURIComponent(invite) });
    expect(store.checks.token.state).toBe('pending');
    expect(store.verdict.kind).toBe('checking');
    await flush();
    expect(server.requests[0].data).toEqual({ roomId: 'room-9', code: expect.any(String), invite });
    expect(store.userId).toBe('u-alice');
    expect(store.checks.token).toEqual({ state: 'ok', text: '有效，约 60 分钟后过期' });
  });

  test('room id only (dev): a stable device userId, the same on the next visit', async () => {
    setup().start({ roomId: 'room-9' });
    await flush();
    const first = store.userId;
    expect(first).toMatch(/^d[a-z0-9]{16}$/);
    expect(server.requests[0].data).toEqual({ roomId: 'room-9', userId: first });
    const identity = createIdentity(services.storage);
    expect(identity.deviceUserId()).toBe(first);
  });

  test.each([
    ['invite_required', 403, '进入这个房间需要组织者的邀请链接'],
    ['invalid_invite', 403, '邀请链接无效或不属于这个房间，请向组织者重新索取'],
    ['invite_expired', 403, '邀请链接已过期，请向组织者索取新的邀请'],
  ])('token service refuses (%s): a stop with the reason', async (code, status, text) => {
    setup();
    server.failWith({ status, code });
    store.start({ roomId: 'room-9', invite: '1.abc' });
    await flush();
    expect(store.checks.token).toEqual({ state: 'fail', text });
    expect(store.verdict).toEqual({ kind: 'stop', retryable: false });
  });

  test('token service unreachable: retryable; retry fetches again', async () => {
    setup();
    server.failWith('network');
    store.start({ roomId: 'room-9' });
    await flush();
    expect(store.checks.token.text).toBe('获取凭证失败，请检查网络后重试');
    expect(store.verdict).toEqual({ kind: 'stop', retryable: true });
    server.failWith(null);
    store.retryToken();
    await flush();
    expect(store.checks.token.state).toBe('ok');
    expect(store.verdict.kind).toBe('ready');
  });

  test('room id without a token service: a stop that says links come from the organizer', async () => {
    setup({ tokenService: false }).start({ roomId: 'room-9' });
    await flush();
    expect(store.checks.token.text).toContain('未配置 Token 服务');
    expect(store.verdict.kind).toBe('stop');
  });
});

describe('platform checks', () => {
  const link = (): Record<string, string> => ({ roomId: 'room-1', userId: 'alice', token: cloud.mintToken('room-1', 'alice') });

  test('base library below 2.68.0: a stop, no RTC context created', async () => {
    setup({ sdk: '2.30.0' }).start(link());
    await flush();
    expect(store.checks.version).toEqual({ state: 'fail', text: '抖音版本过低，请升级抖音到最新版本' });
    expect(store.checks.capability.state).toBe('fail');
    expect(store.verdict.kind).toBe('stop');
    expect(fake.control.callsTo('tt.createRtcRoomContext')).toEqual([]);
  });

  test('RTC capability not granted (116183): a clear stop', async () => {
    setup();
    fake.control.createContextFailure = 'throw-116183';
    store.start(link());
    await flush();
    expect(store.checks.capability).toEqual({ state: 'fail', text: '该小程序尚未开通音视频通话能力，请联系管理员' });
    expect(store.verdict.kind).toBe('stop');
    expect(store.previewOn).toBe(false);
  });

  test('createRtcRoomContext missing on this client: a stop that says upgrade', async () => {
    setup();
    fake.control.removeMethod('tt.createRtcRoomContext');
    store.start(link());
    await flush();
    expect(store.checks.capability.text).toBe('当前抖音版本不支持音视频房间，请升级抖音');
  });

  test('the preview component reports 21200: a stop', async () => {
    setup().start(link());
    await flush();
    store.onPreviewError(21200);
    await flush();
    expect(store.checks.capability).toEqual({ state: 'fail', text: '当前设备或系统版本不支持音视频画面' });
    expect(store.verdict.kind).toBe('stop');
    expect(fake.control.context!.videoCapture).toBe(false);
  });

  test('camera refused: warn, no preview capture, join still possible with the mic', async () => {
    setup({ permissions: { 'scope.camera': false, 'scope.record': true } }).start(link());
    await flush();
    expect(store.checks.camera).toEqual({ state: 'warn', text: '已拒绝，他人将看不到你的画面' });
    expect(store.checks.mic.state).toBe('ok');
    expect(fake.control.callsTo('ctx.changeVideoCapture')).toEqual([]);
    expect(store.verdict).toEqual({ kind: 'ready', listenOnly: false });
  });

  test('mic refused: warn, preview still on', async () => {
    setup({ permissions: { 'scope.camera': true, 'scope.record': false } }).start(link());
    await flush();
    expect(store.checks.mic).toEqual({ state: 'warn', text: '已拒绝，他人将听不到你的声音' });
    expect(store.previewOn).toBe(true);
    expect(fake.control.context!.videoCapture).toBe(true);
  });

  test('both refused: listen-only, and the room path says so', async () => {
    setup({ permissions: { 'scope.camera': false, 'scope.record': false } }).start(link());
    await flush();
    expect(store.verdict).toEqual({ kind: 'ready', listenOnly: true });
    const [url] = await Promise.all([store.leaveForRoom(), flush()]);
    expect(url).toContain('&mic=0&camera=0');
  });

  test('never asked: the preview asks; allowed → granted, refused → refused and no retry loop', async () => {
    setup({ permissions: {} });
    // The system prompt takes a while to answer.
    fake.control.setLatency('ctx.changeVideoCapture', 200);
    store.start(link());
    await flush(20);
    expect(store.checks.camera).toEqual({ state: 'warn', text: '尚未授权，开启时会询问你' });
    await flush(300);
    expect(store.checks.camera.state).toBe('ok');
    expect(store.previewOn).toBe(true);

    await Promise.all([store.release(), flush(300)]);
    setup({ permissions: {} });
    fake.control.setPromptAnswer('scope.camera', false);
    store.start(link());
    await flush(100);
    expect(store.checks.camera.state).toBe('warn');
    expect(store.permissions!.camera).toBe('refused');
    expect(store.previewOn).toBe(false);
    expect(fake.control.callsTo('ctx.changeVideoCapture')).toHaveLength(1);
  });

  test('去设置 then back: permissions re-read, preview starts', async () => {
    setup({ permissions: { 'scope.camera': false, 'scope.record': false } }).start(link());
    await flush();
    fake.control.setPermission('scope.camera', true);
    await Promise.all([store.recheckPermissions(), flush()]);
    await flush();
    expect(store.checks.camera.state).toBe('ok');
    expect(store.previewOn).toBe(true);
    expect(store.verdict).toEqual({ kind: 'ready', listenOnly: false });
  });

  test('offline: no join until the network is back', async () => {
    setup({ network: 'none' }).start(link());
    await flush();
    expect(store.checks.network).toEqual({ state: 'fail', text: '没有网络连接，请联网后重试' });
    expect(store.verdict).toEqual({ kind: 'offline' });
    await expect(store.leaveForRoom()).resolves.toBeNull();
    fake.control.setNetwork({ isConnected: true, networkType: '4g' });
    expect(store.checks.network).toEqual({ state: 'ok', text: '4G' });
    expect(store.verdict.kind).toBe('ready');
  });

  test('offline while fetching the token: fetched again when the network returns', async () => {
    setup({ network: 'none' });
    server.failWith('network');
    store.start({ roomId: 'room-9' });
    await flush();
    server.failWith(null);
    fake.control.setNetwork({ isConnected: true, networkType: 'wifi' });
    await flush();
    expect(store.checks.token.state).toBe('ok');
  });

  test('2G: a warning only', async () => {
    setup({ network: '2g' }).start(link());
    await flush();
    expect(store.checks.network.state).toBe('warn');
    expect(store.verdict.kind).toBe('ready');
  });
});

describe('preview and hand-over', () => {
  test('toggles carry into the room path; the preview is released before navigating', async () => {
    setup({ mode: 'douyin' });
    const invite = server.createInvite('room-9');
    store.start({ roomId: 'room-9', invite });
    await flush();
    expect(fake.control.context!.videoCapture).toBe(true);
    store.setCamera(false);
    await flush();
    expect(fake.control.context!.videoCapture).toBe(false);
    store.setCamera(true);
    store.setMic(false);
    await flush();
    const p = store.leaveForRoom();
    await flush();
    const url = await p;
    const q = new URLSearchParams(url!.split('?')[1]);
    expect(url!.startsWith('/pages/room/room?')).toBe(true);
    expect(Object.fromEntries(q)).toEqual({ roomId: 'room-9', userId: 'u-alice', token: expect.stringMatching(/^00165a1b2c3d4e5f60718293a4b/), invite, mic: '0', camera: '1' });
    const ctx = fake.control.context!;
    expect(ctx.videoCapture).toBe(false);
    expect(ctx.listenerCount('onRtcChatMembersChanged')).toBe(0);
    expect(ctx.joined).toBe(false);
  });

  test('mic/camera prefs in the query start the toggles', async () => {
    setup().start({ roomId: 'room-1', userId: 'alice', token: cloud.mintToken('room-1', 'alice'), mic: '0', camera: '0' });
    await flush();
    expect([store.micOn, store.cameraOn, store.previewOn]).toEqual([false, false, false]);
  });
});
