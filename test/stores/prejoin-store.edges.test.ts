// PrejoinStore edges on the simulated runtime, wired like the page (pages/prejoin/wire.ts): what a
// stopped page shows (no room, no user, not retryable when retrying cannot help), config problems one
// per line, the toggles in the room path, viewers (from the link, the invite, or the token the server
// hands out) never asking for devices, failed previews not retried in a loop, token retries only when
// they can help, and no platform call or page update after the store is released.
import { AccessToken } from '../../server/src/token/access-token';
import type { PrejoinStore } from '../../stores/prejoin-store';
import { flush } from '../../sim/time';
import type { RtcCloud } from '../../sim/cloud';
import type { FakeTt } from '../../sim/fake-tt';
import { PREJOIN_APP_ID, prejoinRig, type PrejoinSetup } from '../../sim/helpers/prejoin-rig';
import { TOKEN_URL, type FakeTokenService } from '../../sim/helpers/token-service';

const APP_ID = PREJOIN_APP_ID;
let fake: FakeTt;
let cloud: RtcCloud;
let server: FakeTokenService;
let store: PrejoinStore;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  if (store) await Promise.all([store.release(), flush(50)]);
  jest.useRealTimers();
});

function setup(o: PrejoinSetup = {}): PrejoinStore {
  ({ cloud, fake, server, store } = prejoinRig(o));
  return store;
}

const link = (): Record<string, string> => ({ roomId: 'room-1', userId: 'alice', token: cloud.mintToken('room-1', 'alice') });
const VIEWER = '观看模式，不使用';
const tokenRequests = (): number => server.requests.filter((r) => r.url === `${TOKEN_URL}/v1/rtc/token`).length;
const permissionReads = (): number => fake.control.callsTo('tt.getSetting').length;
const roomQuery = (url: string | null): Record<string, string> => Object.fromEntries(new URLSearchParams(url!.split('?')[1]));

describe('what a stopped page shows', () => {
  test('a broken link: no room, no user, not a viewer, a stop retrying cannot fix', async () => {
    setup().start({ userId: 'alice' });
    await flush();
    expect([store.roomId, store.userId, store.viewer]).toEqual(['', '', false]);
    expect(store.verdict).toEqual({ kind: 'stop', retryable: false });
  });

  test('an expired link: a stop retrying cannot fix', async () => {
    const expired = new AccessToken({ appId: APP_ID, appKey: 'k', roomId: 'room-1', userId: 'alice' }).expireTime(Math.floor(Date.now() / 1000) - 5).serialize();
    setup().start({ roomId: 'room-1', userId: 'alice', token: expired });
    await flush();
    expect(store.checks.token).toEqual({ state: 'fail', text: '已过期，请向邀请人索取新的链接' });
    expect(store.verdict).toEqual({ kind: 'stop', retryable: false });
  });

  test('no token service for a room id: a stop retrying cannot fix', async () => {
    setup({ tokenService: false }).start({ roomId: 'room-9' });
    await flush();
    expect(store.checks.token.state).toBe('fail');
    expect(store.verdict).toEqual({ kind: 'stop', retryable: false });
  });

  test('config problems: each on its own line, on the capability check, and nothing touched', async () => {
    setup({ deps: () => ({ configProblems: ['app-id-missing', 'token-url-not-https'] }) }).start(link());
    await flush();
    expect(store.checks.capability.state).toBe('fail');
    expect(store.checks.capability.text.split('\n')).toEqual([expect.stringContaining('RTC_APP_ID'), expect.stringContaining('必须以 https:// 开头')]);
    expect(store.configProblems).toEqual(['app-id-missing', 'token-url-not-https']);
    expect([store.roomId, store.userId]).toEqual(['', '']);
    expect(fake.control.calls).toEqual([]);
  });
});

describe('the room path', () => {
  test('mic and camera on: the room gets mic=1&camera=1, and the preview is off once we leave', async () => {
    setup().start(link());
    await flush();
    expect(store.previewOn).toBe(true);
    const [url] = await Promise.all([store.leaveForRoom(), flush()]);
    expect(roomQuery(url)).toMatchObject({ mic: '1', camera: '1' });
    expect(store.previewOn).toBe(false);
  });
});

describe('viewers', () => {
  test('a viewer token in the link: watching only, no permission read, no capture, no devices in the room path', async () => {
    setup().start({ roomId: 'room-1', userId: 'alice', token: cloud.mintToken('room-1', 'alice', { privileges: { 4: Math.floor(Date.now() / 1000) + 3600 } }) });
    await flush();
    expect(store.viewer).toBe(true);
    expect([store.checks.camera.text, store.checks.mic.text]).toEqual([VIEWER, VIEWER]);
    expect([store.micOn, store.cameraOn, store.previewOn]).toEqual([false, false, false]);
    expect(permissionReads()).toBe(0);
    expect(fake.control.callsTo('ctx.changeVideoCapture')).toEqual([]);
    const [url] = await Promise.all([store.leaveForRoom(), flush()]);
    expect(roomQuery(url)).toMatchObject({ mic: '0', camera: '0' });
  });

  test('a viewer invite: watching only before the token arrives', async () => {
    setup({ mode: 'douyin' });
    store.start({ roomId: 'room-9', invite: server.createInvite('room-9', undefined, 'viewer') });
    expect(store.viewer).toBe(true);
    await flush();
    // Douyin mode: the server derives the userId from the login code; the app never names one.
    expect(server.requests[0].data).not.toHaveProperty('userId');
    // …and no dev-mode device id is made up and stored for it.
    expect(fake.control.storage.has('deviceUserId')).toBe(false);
    expect(permissionReads()).toBe(0);
    expect(store.checks.camera.text).toBe(VIEWER);
  });

  test('the server hands out a viewer token the link did not announce: the preview stops, devices off; 去设置 changes nothing', async () => {
    // The service decides the role (here it is asked for a viewer token): the app only learns it from the token.
    setup({ deps: (d) => ({ tokenClient: { fetchToken: (p) => d.tokenClient!.fetchToken({ ...p, role: 'viewer' }) } }) });
    fake.control.setLatency('tt.request', 100);
    store.start({ roomId: 'room-9' });
    await flush(20);
    // Permissions answered first: the preview is on.
    expect(store.viewer).toBe(false);
    expect(fake.control.context!.videoCapture).toBe(true);
    await flush(200);
    expect(store.checks.token.state).toBe('ok');
    expect(store.viewer).toBe(true);
    expect([store.checks.camera.text, store.checks.mic.text]).toEqual([VIEWER, VIEWER]);
    expect([store.micOn, store.cameraOn, store.previewOn]).toEqual([false, false, false]);
    expect(fake.control.context!.videoCapture).toBe(false);
    await Promise.all([store.recheckPermissions(), flush()]);
    expect([store.checks.camera.text, store.checks.mic.text]).toEqual([VIEWER, VIEWER]);
    expect(store.verdict).toEqual({ kind: 'ready', listenOnly: false });
    const [url] = await Promise.all([store.leaveForRoom(), flush()]);
    expect(roomQuery(url)).toMatchObject({ mic: '0', camera: '0' });
  });
});

describe('failed previews', () => {
  test('the camera fails to start (not a refusal): off, one attempt, no loop; a toggle tries again', async () => {
    setup();
    fake.control.failNext('ctx.changeVideoCapture', { errNo: 10000, errMsg: 'changeVideoCapture:fail camera busy' });
    store.start(link());
    await flush(100);
    expect(store.previewOn).toBe(false);
    expect(store.checks.camera.state).toBe('ok');
    expect(fake.control.callsTo('ctx.changeVideoCapture')).toHaveLength(1);
    store.setCamera(true);
    await flush();
    expect(store.previewOn).toBe(true);
    expect(fake.control.callsTo('ctx.changeVideoCapture')).toHaveLength(2);
  });

  test('turning the camera off fails: the preview shows off, and permissions are not read again', async () => {
    setup().start(link());
    await flush();
    const reads = permissionReads();
    fake.control.failNext('ctx.changeVideoCapture', { errNo: 10000, errMsg: 'changeVideoCapture:fail busy' });
    store.setCamera(false);
    await flush();
    expect(store.previewOn).toBe(false);
    expect(permissionReads()).toBe(reads);
  });

  test('a granted camera: the first capture does not read permissions again', async () => {
    setup().start(link());
    await flush();
    expect(store.previewOn).toBe(true);
    expect(permissionReads()).toBe(1);
    store.setCamera(false);
    await flush();
    expect(permissionReads()).toBe(1);
  });
});

describe('after release', () => {
  test('leaving while the system prompt is open: no permission read once released', async () => {
    setup({ permissions: {} });
    fake.control.setPromptDelay(200);
    store.start(link());
    await flush(20);
    expect(store.previewOn).toBe(true);
    const reads = permissionReads();
    await Promise.all([store.release(), flush(500)]);
    expect(permissionReads()).toBe(reads);
    expect(fake.control.liveContexts).toBe(0);
  });

  test('going to the room while the system prompt is open: the room path, and no permission read after', async () => {
    setup({ permissions: {} });
    fake.control.setPromptDelay(200);
    store.start(link());
    await flush(20);
    expect(store.verdict.kind).toBe('ready');
    const reads = permissionReads();
    const [url] = await Promise.all([store.leaveForRoom(), flush(500)]);
    expect(url).toContain('roomId=room-1');
    expect(permissionReads()).toBe(reads);
  });

  test('leaving while the token is on its way: the page keeps what it showed', async () => {
    setup();
    fake.control.setLatency('tt.request', 100);
    store.start({ roomId: 'room-9' });
    await flush(20);
    expect(store.checks.token.state).toBe('pending');
    await Promise.all([store.release(), flush(300)]);
    expect(store.checks.token.state).toBe('pending');
    expect(store.userId).toBe('');
  });
});

describe('token retries', () => {
  test('a refusal retrying cannot fix: retry sends nothing', async () => {
    setup();
    server.failWith({ status: 403, code: 'invite_required' });
    store.start({ roomId: 'room-9' });
    await flush();
    expect(tokenRequests()).toBe(1);
    store.retryToken();
    await flush();
    expect(tokenRequests()).toBe(1);
  });

  test('a full link has its token: retry sends nothing', async () => {
    setup().start(link());
    await flush();
    store.retryToken();
    await flush();
    expect(tokenRequests()).toBe(0);
  });

  test('online, the token fetch failed: a network type change does not refetch (the retry button does)', async () => {
    setup({ network: 'wifi' });
    server.failWith('network');
    store.start({ roomId: 'room-9' });
    await flush();
    expect(store.verdict).toEqual({ kind: 'stop', retryable: true });
    fake.control.setNetwork({ isConnected: true, networkType: '4g' });
    await flush();
    expect(tokenRequests()).toBe(1);
  });

  test('offline, the token fetch failed: still offline → no refetch; back online → refetched', async () => {
    setup({ network: 'none' });
    server.failWith('network');
    store.start({ roomId: 'room-9' });
    await flush();
    fake.control.setNetwork({ isConnected: false, networkType: 'none' });
    await flush();
    expect(tokenRequests()).toBe(1);
    server.failWith(null);
    fake.control.setNetwork({ isConnected: true, networkType: 'wifi' });
    await flush();
    expect(tokenRequests()).toBe(2);
    expect(store.checks.token.state).toBe('ok');
  });
});
