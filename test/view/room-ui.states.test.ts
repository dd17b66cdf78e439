// What the room page says around the call (view/room-ui.ts, view/room-extras.ts) in the states the
// flow tests do not look at: later reconnect attempts, token banners by renewal and clock, offline,
// a viewer, one permission refused, the moments around leaving, and the leave recap.
import { selectRoomUi, RoomUiState, type RoomUiView } from '../../view/room-ui';
import { selectRoomView } from '../../view/room-view';
import { DiagnosticsSheet } from '../../view/diagnostics';
import { CHROME_RPX, DEFAULT_SCREEN } from '../../view/room-layout';
import { BANNER, CONTROL_TEXT, ROOM_BANNER, TOKEN_BANNER } from '../../stores/messages';
import { SessionRecorder } from '../../stores/session-recorder';
import { createSessionHistory } from '../../stores/session-records';
import { Privilege } from '../../server/src/token/access-token';
import { readTokenExpiry } from '../../services/link-token';
import { ME, ROOM, createRoomHarness, type RoomHarness } from '../../sim/helpers/room-harness';

let h: RoomHarness;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  expect((await h.leaveRoom(1000)).violations).toEqual([]);
  jest.useRealTimers();
});

async function joined(options: Parameters<typeof createRoomHarness>[0] = {}): Promise<void> {
  h = createRoomHarness(options);
  await h.join();
}

function ui(now = 0): RoomUiView {
  const state = new RoomUiState();
  state.tick(now);
  return selectRoomUi(h.store, state, h.store.grid.options.pageSize);
}

describe('banners', () => {
  test('the reconnect banner counts the attempt in progress (2 after a failed rejoin)', async () => {
    await joined();
    h.fake.control.failNext('ctx.joinRtcRoom');
    h.fake.control.interrupt({ errNo: 1, errMsg: 'lost' });
    await h.settle(1500);
    expect(h.store.phase).toBe('reconnecting');
    expect(h.store.reconnectAttempt).toBe(2);
    expect(ui().banner).toEqual({ kind: 'warn', text: ROOM_BANNER.reconnecting(2, h.store.maxReconnectAttempts) });
  });

  test('joined with nothing wrong: no banner', async () => {
    await joined();
    expect(ui().banner).toBeNull();
  });

  test('token expiring, no token service: minutes left while the clock is before the expiry, then "expiring"', async () => {
    h = createRoomHarness({ readTokenExpiry });
    const token = h.cloud.mintToken(ROOM, ME, { ttlMs: 10 * 60000 });
    h.store.open({ roomId: ROOM, userId: ME, token: encodeURIComponent(token) });
    await h.settle();
    h.cloud.warnTokenExpiry(ME);
    await h.settle();
    const exp = h.store.tokenExpiresAt;
    expect(exp).not.toBeNull();
    expect(ui(exp! - 90000).banner).toEqual({ kind: 'warn', text: TOKEN_BANNER.expiresIn(2) });
    // At the expiry instant no time is left: never "约 1 分钟".
    expect(ui(exp!).banner).toEqual({ kind: 'warn', text: TOKEN_BANNER.expiring });
    expect(ui(exp! + 5000).banner).toEqual({ kind: 'warn', text: TOKEN_BANNER.expiring });
  });

  test('token expiring while offline: the network banner, not the token one', async () => {
    await joined();
    h.cloud.warnTokenExpiry(ME);
    await h.settle();
    h.fake.control.setNetwork({ isConnected: false, networkType: 'none' });
    await h.settle();
    expect(h.store.tokenExpiring).toBe(true);
    expect(ui().banner).toEqual({ kind: 'warn', text: BANNER.waitingNetwork });
  });
});

describe('layout and locks', () => {
  test('a viewer has no tile of its own: one other person fills the page alone, not as a pair', async () => {
    h = createRoomHarness();
    h.cloud.addRemote(ROOM, 'teacher', { camera: true, mic: true, platform: 'web' });
    const token = h.cloud.mintToken(ROOM, ME, { privileges: { [Privilege.SubscribeStream]: 0 } });
    h.store.open({ roomId: ROOM, userId: ME, token: encodeURIComponent(token) });
    await h.settle(3000);
    expect(h.store.role).toBe('viewer');
    expect(ui().layout.kind).toBe('solo');
  });

  test('while leaving, my tile is gone from the layout: one other person alone, not a pair', async () => {
    await joined();
    h.cloud.addRemote(ROOM, 'bob', { camera: true, platform: 'web' });
    await h.settle();
    expect(ui().layout.kind).toBe('pair');
    void h.store.leave();
    expect(h.store.phase).toBe('leaving');
    expect(ui().layout.kind).toBe('solo');
  });

  test.each([
    ['camera refused', { 'scope.camera': false, 'scope.record': true }, CONTROL_TEXT.cameraLockedHint],
    ['microphone refused', { 'scope.camera': true, 'scope.record': false }, CONTROL_TEXT.micLockedHint],
    ['both refused', { 'scope.camera': false, 'scope.record': false }, CONTROL_TEXT.listenOnlyHint],
  ])('%s: the reason, and the tiles give the hint its height', async (_name, permissions, reason) => {
    await joined({ tt: { permissions } });
    const v = ui();
    expect(v.lockReason).toBe(reason);
    const px = DEFAULT_SCREEN.width / 750;
    const full = DEFAULT_SCREEN.height - DEFAULT_SCREEN.safeBottom - (CHROME_RPX.topbar + CHROME_RPX.controls) * px;
    expect(v.layout.areaH).toBeCloseTo(full - CHROME_RPX.hint * px, 1);
  });

  test('nothing refused: no reason, no hint band', async () => {
    await joined();
    const v = ui();
    expect(v.lockReason).toBe('');
    const px = DEFAULT_SCREEN.width / 750;
    expect(v.layout.areaH).toBeCloseTo(DEFAULT_SCREEN.height - DEFAULT_SCREEN.safeBottom - (CHROME_RPX.topbar + CHROME_RPX.controls) * px, 1);
  });
});

describe('reconnecting: what comes back', () => {
  test.each([
    ['mic off', () => h.store.setMic(false), CONTROL_TEXT.restore(CONTROL_TEXT.restoreCamera)],
    ['camera off', () => h.store.setCamera(false), CONTROL_TEXT.restore(CONTROL_TEXT.restoreMic)],
  ])('%s before the drop: only the other one is promised', async (_name, turnOff, restore) => {
    await joined();
    turnOff();
    await h.settle();
    h.fake.control.interrupt({ errNo: 1, errMsg: 'lost' });
    await h.settle();
    expect(h.store.phase).toBe('reconnecting');
    expect(ui().restore).toBe(restore);
  });
});

test('a link without a room: no room name', async () => {
  h = createRoomHarness();
  h.store.open({ userId: ME });
  await h.settle();
  expect(h.store.phase).toBe('failed');
  expect(ui().roomName).toBe('');
});

describe('the leave recap (room-extras.ts)', () => {
  test('after leaving: shown, with the reconnect count', async () => {
    h = createRoomHarness();
    const recorder = new SessionRecorder(h.store, createSessionHistory(h.services.storage));
    const extras = { recorder, sheet: new DiagnosticsSheet(), canInvite: true };
    h.store.open(h.query());
    await h.settle();
    h.fake.control.interrupt({ errNo: 1, errMsg: 'lost' });
    await h.settle(1500);
    expect(h.store.phase).toBe('joined');
    const left = h.store.leave();
    await h.settle(1000);
    await left;
    expect(h.store.phase).toBe('left');
    expect(selectRoomView(h.store, extras).recap).toMatchObject({ people: '1 人', reconnects: '1 次' });
    recorder.dispose();
  });
});
