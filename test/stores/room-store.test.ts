import { createRtcRoom } from '../../services/rtc/rtc-room';
import { createFakeTt } from '../../sim/fake-tt';
import { APP_ID, ME, ROOM, createRoomHarness, unverifiableToken, type RoomHarness } from '../../sim/helpers/room-harness';

let h: RoomHarness;

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(async () => {
  if (h) {
    await leave();
    // One live context at a time (R9), and none left once the room is left.
    expect(h.fake.control.violations).toEqual([]);
    expect(h.fake.control.liveContexts).toBe(0);
  }
  jest.useRealTimers();
});

/** leave() waits for platform callbacks, which only fire while fake time moves. */
async function leave(): Promise<void> {
  const p = h.store.leave();
  await h.settle(100);
  await p;
}

async function joined(opts: Parameters<typeof createRoomHarness>[0] = {}): Promise<RoomHarness> {
  h = createRoomHarness(opts);
  await h.join();
  return h;
}

describe('joining from a link', () => {
  test('a valid link joins, starts capture beside the join, keeps the screen on', async () => {
    h = createRoomHarness();
    h.store.open(h.query());
    expect(h.store.phase).toBe('preparing');
    expect(h.store.banner).toEqual({ kind: 'info', text: '正在进入房间…' });
    await h.settle();
    expect(h.store.phase).toBe('joined');
    expect(h.cloud.room(ROOM).members).toEqual([ME]);
    // Join and both captures were issued before any of them answered.
    const firstThree = h.apis().filter((a) => !a.startsWith('ctx.on')).slice(0, 3).sort();
    expect(firstThree).toEqual(['ctx.changeAudioCapture', 'ctx.changeVideoCapture', 'ctx.joinRtcRoom']);
    expect(h.fake.control.keepScreenOn).toBe(true);
    expect(h.store.tiles).toEqual([{ userId: ME, cameraOn: true, speaking: false, sharing: false }]);
    expect(h.store.joinedAt).not.toBeNull();
    expect(h.fake.control.context!.playbackDevice).toBe('speakerphone');
  });

  test('the URL-encoded token is decoded exactly once', async () => {
    h = createRoomHarness();
    const token = h.cloud.mintToken(ROOM, ME);
    h.store.open({ roomId: ROOM, userId: ME, token: encodeURIComponent(token) });
    await h.settle();
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')[0].args).toMatchObject({ token });
  });

  test.each([
    ['empty query', {}, ['missing-room', 'missing-user', 'missing-token']],
    ['room id with a space', { roomId: 'bad room!', userId: ME, token: 'x' }, ['invalid-room']],
    ['129-char user id', { roomId: ROOM, userId: 'a'.repeat(129), token: 'x' }, ['invalid-user']],
    ['truncated %-escape', { roomId: ROOM, userId: ME, token: '%E0%A4%A' }, ['undecodable-token']],
    ['token with a space', { roomId: ROOM, userId: ME, token: 'has space' }, ['invalid-token']],
    ['5000-char token', { roomId: ROOM, userId: ME, token: 'x'.repeat(5000) }, ['invalid-token']],
  ])('a bad link (%s) never reaches the platform', async (_name, query, problems) => {
    h = createRoomHarness();
    h.store.open(query as Record<string, string>);
    await h.settle();
    expect(h.store.phase).toBe('failed');
    expect(h.store.failure).toMatchObject({ reason: 'invalid-link', retryable: false });
    expect(h.store.linkProblems).toEqual(problems);
    expect(h.fake.control.calls).toEqual([]);
  });

  test('a second open while joining, or a double retry, starts no second join', async () => {
    h = createRoomHarness();
    h.store.open(h.query());
    h.store.open(h.query());
    h.store.retry();
    await h.settle();
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(1);
    expect(h.fake.control.callsTo('tt.createRtcRoomContext')).toHaveLength(1);
  });

  test('the mic/camera choice made before joining is respected', async () => {
    h = createRoomHarness();
    h.store.open(h.query(), { mic: false, camera: false });
    await h.settle();
    expect(h.fake.control.callsTo('ctx.changeVideoCapture')).toHaveLength(0);
    expect(h.fake.control.callsTo('ctx.changeAudioCapture')).toHaveLength(0);
    expect(h.store.tiles[0].cameraOn).toBe(false);
  });

  test('opened while offline: waits for the network instead of burning join attempts', async () => {
    h = createRoomHarness({ tt: { network: { isConnected: false, networkType: 'none' } } });
    h.store.open(h.query());
    await h.settle(30000);
    expect(h.store.phase).toBe('joining');
    expect(h.store.banner).toEqual({ kind: 'warn', text: '网络已断开，等待网络恢复…' });
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(0);
    h.fake.control.setNetwork({ isConnected: true, networkType: '4g' });
    await h.settle();
    expect(h.store.phase).toBe('joined');
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(1);
  });

  test('an expired link token fails before joining when there is no token source', async () => {
    h = createRoomHarness({ readTokenExpiry: () => Math.floor(Date.now() / 1000) - 10 });
    h.store.open(h.query());
    await h.settle();
    expect(h.store.failure).toMatchObject({ reason: 'token-expired', title: '链接已过期' });
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(0);
  });
});

describe('join failures by code', () => {
  test('21101 without a token service → "link expired", not retryable', async () => {
    h = createRoomHarness();
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 21101, errMsg: 'invalid token' });
    h.store.open(h.query());
    await h.settle();
    expect(h.store.failure).toMatchObject({ reason: 'token-expired', retryable: false, code: 21101 });
    expect(h.fake.control.context!.videoCapture).toBe(false); // capture stopped again
  });

  test('21101 with a token service → one fresh token, joined', async () => {
    const source = { fetchToken: (roomId: string, userId: string) => Promise.resolve(h.cloud.mintToken(roomId, userId)) };
    h = createRoomHarness({ tokenSource: source });
    h.store.open({ roomId: ROOM, userId: ME, token: unverifiableToken() });
    await h.settle();
    expect(h.store.phase).toBe('joined');
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(2);
  });

  test('21100 (already in room) → exit and join once more; twice → duplicate session', async () => {
    h = createRoomHarness();
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 21100 });
    h.store.open(h.query());
    await h.settle();
    expect(h.store.phase).toBe('joined');
    expect(h.apis().filter((a) => a === 'ctx.exitRtcRoom' || a === 'ctx.joinRtcRoom')).toEqual([
      'ctx.joinRtcRoom',
      'ctx.exitRtcRoom',
      'ctx.joinRtcRoom',
    ]);
    await leave();
    h = createRoomHarness();
    h.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 21100 });
    h.store.open(h.query());
    await h.settle();
    expect(h.store.failure).toMatchObject({ reason: 'duplicate-login' });
  });

  test('115910 (engine destroyed) → a new context and one more try', async () => {
    h = createRoomHarness();
    h.fake.control.failNext('ctx.joinRtcRoom', { errorCode: 115910, errMsg: 'engine destroyed' });
    h.store.open(h.query());
    await h.settle();
    expect(h.store.phase).toBe('joined');
    expect(h.fake.control.callsTo('tt.createRtcRoomContext')).toHaveLength(2);
    // The old context's listeners were removed.
    expect(h.fake.control.callsTo('ctx.offRtcChatMembersChanged')).toHaveLength(1);
  });

  test('unknown failures are retried with backoff, then failed with Retry; Retry joins', async () => {
    h = createRoomHarness();
    h.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 21102 });
    h.store.open(h.query());
    await h.settle();
    expect(h.store.phase).toBe('joining');
    await h.settle(1000 + 2000 + 10);
    expect(h.store.failure).toMatchObject({ reason: 'join-failed', retryable: true });
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(3);
    h.fake.control.failAlways('ctx.joinRtcRoom', null);
    h.store.retry();
    await h.settle();
    expect(h.store.phase).toBe('joined');
  });

  test.each(['throw-116183', 'return-null'] as const)('RTC capability not granted (%s) → clear stop', async (mode) => {
    h = createRoomHarness();
    h.fake.control.createContextFailure = mode;
    h.store.open(h.query());
    await h.settle();
    expect(h.store.failure).toMatchObject({ reason: 'capability-denied', retryable: false });
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(0);
  });

  test('no AppId configured → "not configured", nothing called', async () => {
    h = createRoomHarness({ appId: '' });
    h.store.open(h.query());
    await h.settle();
    expect(h.store.failure).toMatchObject({ reason: 'not-configured' });
    expect(h.fake.control.calls.filter((c) => c.api.startsWith('ctx.'))).toEqual([]);
  });
});

describe('permissions', () => {
  test('camera refused → joined with the mic, told, settings hint', async () => {
    await joined({ tt: { permissions: { 'scope.camera': false } } });
    expect(h.store.media.camera).toBe('refused');
    expect(h.store.media.micOn).toBe(true);
    expect(h.store.tiles[0].cameraOn).toBe(false);
    expect(h.store.notice!.text).toContain('摄像头');
    expect(h.cloud.room(ROOM).members).toEqual([ME]);
  });

  test('mic refused via the system prompt (115990) → joined with the camera', async () => {
    h = createRoomHarness();
    h.fake.control.setPromptAnswer('scope.record', false);
    h.store.open(h.query());
    await h.settle();
    expect(h.store.phase).toBe('joined');
    expect(h.store.media.mic).toBe('refused');
    expect(h.store.media.cameraOn).toBe(true);
  });

  test('both refused (known before joining) → listen-only join without publishing', async () => {
    await joined({ tt: { permissions: { 'scope.camera': false, 'scope.record': false } } });
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')[0].args).toMatchObject({ roomConfig: { autoPublish: false } });
    expect(h.store.notice!.text).toBe('未获得摄像头和麦克风权限，已以仅收听方式加入');
  });

  test('returning from settings with permission granted turns the camera on', async () => {
    await joined({ tt: { permissions: { 'scope.camera': false } } });
    h.fake.control.setPermission('scope.camera', true);
    const refreshed = h.store.refreshPermissions();
    await h.settle();
    await refreshed;
    h.store.setCamera(true);
    await h.settle();
    expect(h.store.media.cameraOn).toBe(true);
    expect(h.fake.control.context!.videoCapture).toBe(true);
  });
});

describe('tiles and stage', () => {
  test('remote members become tiles; self is filtered out of the remote list; late lists keep order', async () => {
    await joined();
    const bob = h.cloud.addRemote(ROOM, 'bob', { camera: true, mic: true, platform: 'web' });
    h.cloud.addRemote(ROOM, 'carol', { camera: false, mic: true });
    await h.settle();
    bob.speak(true);
    await h.settle();
    const remotes = h.store.tiles.filter((t) => t.userId !== ME);
    expect(remotes).toEqual([
      { userId: 'bob', cameraOn: true, speaking: true, sharing: false },
      { userId: 'carol', cameraOn: false, speaking: false, sharing: false },
    ]);
    expect(h.store.tiles.filter((t) => t.userId === ME)).toHaveLength(1);
    expect(h.store.memberCount).toBe(3);
  });

  test('screen shares: most recent wins the stage, others stay reachable, a leaving sharer hands over', async () => {
    await joined();
    const bob = h.cloud.addRemote(ROOM, 'bob', { platform: 'web' });
    const dan = h.cloud.addRemote(ROOM, 'dan', { platform: 'native' });
    await h.settle();
    expect(h.store.stage).toBeNull();
    bob.startScreenShare();
    await h.settle();
    dan.startScreenShare();
    await h.settle();
    expect(h.store.stage).toEqual({ userId: 'dan', others: ['bob'] });
    h.store.pinSharer('bob');
    expect(h.store.stage).toEqual({ userId: 'bob', others: ['dan'] });
    bob.leave();
    await h.settle();
    expect(h.store.stage).toEqual({ userId: 'dan', others: [] });
    expect(h.store.tiles.map((t) => t.userId)).toEqual([ME, 'dan']);
    dan.stopScreenShare();
    await h.settle();
    expect(h.store.stage).toBeNull();
  });

  test('a Douyin member cannot share (the platform only lets Douyin users watch)', () => {
    h = createRoomHarness();
    const eve = h.cloud.addRemote(ROOM, 'eve', { platform: 'douyin' });
    expect(() => eve.startScreenShare()).toThrow();
  });
});

describe('controls', () => {
  test('mic, camera, flip, speaker and audio-only reach the platform; the last tap wins', async () => {
    await joined();
    h.store.setMic(false);
    h.store.setMic(true);
    h.store.setMic(false);
    await h.settle();
    expect(h.store.media.micOn).toBe(false);
    expect(h.fake.control.context!.audioCapture).toBe(false);
    h.store.flipCamera();
    await h.settle();
    expect(h.fake.control.context!.camera).toBe('back');
    h.store.toggleSpeaker();
    await h.settle();
    expect(h.fake.control.context!.playbackDevice).toBe('earpiece');
    h.store.toggleSpeaker();
    h.store.setAudioOnly(true);
    await h.settle();
    expect(h.fake.control.context!.videoCapture).toBe(false);
    expect(h.cloud.room(ROOM).video).toEqual([]);
    h.store.setAudioOnly(false);
    await h.settle();
    expect(h.fake.control.context!.videoCapture).toBe(true);
    expect(h.cloud.room(ROOM).video).toEqual([ME]);
  });

  test('audio-only defaults to the earpiece unless the user chose a route', async () => {
    await joined();
    h.store.setAudioOnly(true);
    await h.settle();
    expect(h.fake.control.context!.playbackDevice).toBe('earpiece');
    h.store.setAudioOnly(false);
    await h.settle();
    expect(h.fake.control.context!.playbackDevice).toBe('speakerphone');
  });

  test('a speaker switch this Douyin version lacks is reported, not thrown', async () => {
    await joined();
    h.fake.control.removeMethod('ctx.setAudioPlaybackDevice');
    h.store.toggleSpeaker();
    expect(h.store.notice!.text).toBe('当前抖音版本不支持该操作');
    expect(h.store.media.route).toBe('speakerphone');
  });
});

describe('reconnecting', () => {
  test('an interruption rejoins after backoff and restores mic, camera facing and route exactly', async () => {
    await joined();
    h.store.setMic(false);
    h.store.flipCamera();
    h.store.toggleSpeaker();
    await h.settle();
    h.fake.control.clearCalls();
    h.fake.control.interrupt({ errNo: 1, errMsg: 'network lost' });
    await h.settle(5);
    expect(h.store.phase).toBe('reconnecting');
    expect(h.store.banner).toEqual({ kind: 'warn', text: '重新连接中 (1)…' });
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(0);
    await h.settle(1000);
    expect(h.store.phase).toBe('joined');
    expect(h.store.reconnects).toBe(1);
    expect(h.store.notice!.text).toBe('已重新连接');
    const ctx = h.fake.control.context!;
    expect([ctx.audioCapture, ctx.videoCapture, ctx.camera, ctx.playbackDevice]).toEqual([false, true, 'back', 'earpiece']);
    expect(h.cloud.room(ROOM).members).toEqual([ME]);
  });

  test('while reconnecting the buttons show what will be restored, and a tap changes what is restored', async () => {
    await joined();
    h.fake.control.interrupt();
    await h.settle(5);
    expect(h.store.phase).toBe('reconnecting');
    expect([h.store.micShownOn, h.store.cameraShownOn]).toEqual([true, true]);
    h.store.toggleMic();
    expect(h.store.micShownOn).toBe(false);
    await h.settle(1000);
    expect(h.store.phase).toBe('joined');
    expect([h.fake.control.context!.audioCapture, h.fake.control.context!.videoCapture]).toEqual([false, true]);
    expect([h.store.micShownOn, h.store.cameraShownOn]).toEqual([false, true]);
  });

  test('stale remote tiles do not survive a rejoin', async () => {
    await joined();
    const bob = h.cloud.addRemote(ROOM, 'bob', { platform: 'web' });
    await h.settle();
    h.fake.control.interrupt();
    await h.settle(5);
    bob.leave();
    await h.settle(1000);
    expect(h.store.phase).toBe('joined');
    expect(h.store.tiles.map((t) => t.userId)).toEqual([ME]);
  });

  test('stale camera and share lists do not survive a rejoin when the platform sends only non-empty snapshots', async () => {
    // initialLists 'non-empty': after the rejoin nobody sends an empty share or camera list, so only
    // clearing the lists at the rejoin forgets that bob shared and had his camera on.
    await joined({ cloud: { initialLists: 'non-empty' } });
    const bob = h.cloud.addRemote(ROOM, 'bob', { platform: 'web', camera: true });
    bob.startScreenShare();
    await h.settle();
    expect(h.store.stage).not.toBeNull();
    h.fake.control.interrupt();
    await h.settle(5);
    bob.stopScreenShare();
    bob.setCamera(false);
    await h.settle(1000);
    expect(h.store.phase).toBe('joined');
    expect(h.store.tiles.map((t) => t.userId)).toEqual([ME, 'bob']);
    expect(h.store.screenMembers).toEqual([]);
    expect(h.store.stage).toBeNull();
    expect(h.store.tiles[1].cameraOn).toBe(false);
    bob.leave();
  });

  test('a tap while the join is out is applied once joined (the capture started before it)', async () => {
    h = createRoomHarness({});
    h.fake.control.setLatency('ctx.joinRtcRoom', 500);
    h.store.open(h.query());
    await h.settle(100);
    expect(h.store.phase).toBe('joining');
    expect(h.fake.control.context!.audioCapture).toBe(true);
    h.store.toggleMic();
    await h.settle(600);
    expect(h.store.phase).toBe('joined');
    expect(h.store.micShownOn).toBe(false);
    expect(h.fake.control.context!.audioCapture).toBe(false);
  });

  test('gives up after the bound and offers Retry', async () => {
    await joined();
    h.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 21102 });
    h.fake.control.interrupt();
    await h.settle(1000 + 2000 + 4000 + 8000 + 15000 + 15000 + 100);
    expect(h.store.failure).toMatchObject({ reason: 'reconnect-exhausted', retryable: true });
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(1 + 6);
  });

  test('a duplicate login ends the session instead of kicking the other device back', async () => {
    await joined();
    // The same userId joins from a second device: the cloud kicks the older session.
    const second = createFakeTt(h.cloud, { label: 'alice-2' });
    const secondRoom = createRtcRoom(second.tt, APP_ID);
    await Promise.all([secondRoom.join({ roomId: ROOM, userId: ME, token: h.cloud.mintToken(ROOM, ME) }), h.settle()]);
    await h.settle(20000);
    expect(h.store.failure).toMatchObject({ reason: 'duplicate-login' });
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(1);
    expect(h.cloud.room(ROOM).members).toEqual([ME]);
    secondRoom.dispose();
  });

  test('network lost: no attempts while offline, one at once when it is back', async () => {
    await joined();
    h.fake.control.setNetwork({ isConnected: false, networkType: 'none' });
    h.fake.control.interrupt();
    await h.settle(30000);
    expect(h.store.banner).toEqual({ kind: 'warn', text: '网络已断开，等待网络恢复…' });
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(1);
    h.fake.control.setNetwork({ isConnected: true, networkType: 'wifi' });
    await h.settle(20);
    expect(h.store.phase).toBe('joined');
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(2);
  });

  test('back from background during a reconnect wait: the attempt runs at once', async () => {
    await joined();
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 21102 });
    h.fake.control.interrupt();
    await h.settle(1010);
    expect(h.store.reconnectAttempt).toBe(2);
    h.store.onAppHide();
    h.store.onAppShow();
    await h.settle(20);
    expect(h.store.phase).toBe('joined');
  });

  test('back from background while joined: capture restarted, user told', async () => {
    await joined();
    h.fake.control.clearCalls();
    h.store.onAppHide();
    h.store.onAppShow();
    await h.settle();
    expect(h.fake.control.callsTo('ctx.changeVideoCapture').map((c) => c.args)).toEqual([{ state: 1 }]);
    expect(h.store.notice!.text).toBe('已回到房间');
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(0);
  });
});

describe('tokens', () => {
  test('will-expire with a token service → updateToken in place, nobody leaves', async () => {
    const source = { calls: 0, fetchToken: (r: string, u: string) => (source.calls++, Promise.resolve(h.cloud.mintToken(r, u))) };
    await joined({ tokenSource: source });
    h.cloud.warnTokenExpiry(ME);
    await h.settle();
    expect(source.calls).toBe(1);
    expect(h.fake.control.callsTo('ctx.updateToken')).toHaveLength(1);
    expect(h.fake.control.callsTo('ctx.exitRtcRoom')).toHaveLength(0);
    expect(h.store.phase).toBe('joined');
  });

  test('updateToken missing on this client → exit and rejoin with the new token', async () => {
    const source = { fetchToken: (r: string, u: string) => Promise.resolve(h.cloud.mintToken(r, u)) };
    await joined({ tokenSource: source });
    h.fake.control.removeMethod('ctx.updateToken');
    h.cloud.warnTokenExpiry(ME);
    await h.settle(1100);
    expect(h.store.phase).toBe('joined');
    expect(h.apis().filter((a) => a === 'ctx.exitRtcRoom' || a === 'ctx.joinRtcRoom')).toEqual([
      'ctx.joinRtcRoom',
      'ctx.exitRtcRoom',
      'ctx.joinRtcRoom',
    ]);
  });

  test('no token service → the user is warned before the token runs out', async () => {
    await joined();
    h.cloud.warnTokenExpiry(ME);
    await h.settle();
    expect(h.store.banner).toEqual({ kind: 'warn', text: '房间凭证即将过期' });
    expect(h.fake.control.toasts.length).toBe(0); // the page shows notices; the store only exposes them
    expect(h.store.notice!.text).toContain('房间凭证即将过期');
  });

  test('expired and removed (state -1009) with a token service → rejoin with a fresh token', async () => {
    const source = { fetchToken: (r: string, u: string) => Promise.resolve(h.cloud.mintToken(r, u)) };
    await joined({ tokenSource: source });
    h.cloud.expireToken(ME, { via: 'state' });
    await h.settle(1100);
    expect(h.store.phase).toBe('joined');
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(2);
  });

  test('expired and removed without a token service → failed "link expired"', async () => {
    await joined();
    h.cloud.expireToken(ME, { via: 'interrupted' });
    await h.settle(100);
    expect(h.store.failure).toMatchObject({ reason: 'token-expired' });
  });
});

describe('leaving', () => {
  test('leave exits, stops capture, removes every listener, releases the screen lock', async () => {
    await joined();
    h.fake.control.clearCalls();
    await leave();
    expect(h.store.phase).toBe('left');
    expect(h.store.endReason).toBe('left');
    const apis = h.apis();
    expect(apis).toEqual(expect.arrayContaining(['ctx.exitRtcRoom', 'ctx.changeVideoCapture', 'ctx.changeAudioCapture']));
    expect(apis.filter((a) => a.startsWith('ctx.off'))).toHaveLength(7);
    expect(h.fake.control.keepScreenOn).toBe(false);
    expect(h.cloud.room(ROOM).members).toEqual([]);
  });

  test('leave during join: the join settles first, then exit; nothing half-joined remains', async () => {
    h = createRoomHarness();
    h.fake.control.setLatency('ctx.joinRtcRoom', 500);
    h.store.open(h.query());
    await h.settle(100);
    const leaving = h.store.leave();
    h.store.leave();
    await h.settle(600);
    await leaving;
    expect(h.store.phase).toBe('left');
    expect(h.cloud.room(ROOM).members).toEqual([]);
    expect(h.fake.control.callsTo('ctx.exitRtcRoom')).toHaveLength(1);
  });

  test('platform events after leaving change nothing and trigger no calls', async () => {
    await joined();
    await leave();
    h.fake.control.clearCalls();
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, 'ghost'] });
    h.fake.control.emitRaw('onRtcChatInterrupted', { errNo: 1 });
    await h.settle(5000);
    expect(h.store.phase).toBe('left');
    expect(h.store.tiles.map((t) => t.userId)).toEqual([ME]);
    expect(h.fake.control.calls).toEqual([]);
  });

  test('rejoin from the recap joins the same room again', async () => {
    await joined();
    const firstJoin = h.store.joinedAt!;
    await h.settle(5000);
    await leave();
    h.store.rejoin();
    await h.settle();
    expect(h.store.phase).toBe('joined');
    // A new call: its timer starts from the rejoin, not from the first join.
    expect(h.store.joinedAt! - firstJoin).toBeGreaterThanOrEqual(5000);
    expect(h.cloud.room(ROOM).members).toEqual([ME]);
  });
});
