// What a user (banners, notices, tiles, diagnostics) and the platform (calls made or not made) see
// while in the room: lists and shares, network changes, token renewal races, app hide/show,
// publishing after a listen-only join, and what leaving does.
import { Privilege } from '../../server/src/token/access-token';
import { readTokenExpiry } from '../../services/link-token';
import type { TokenSource } from '../../stores/room-deps';
import { BANNER, NOTICE } from '../../stores/messages';
import { ME, ROOM, createRoomHarness, type HarnessOptions, type RoomHarness } from '../../sim/helpers/room-harness';

let h: RoomHarness;

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(async () => {
  await leave();
  expect(h.fake.control.violations).toEqual([]);
  expect(h.fake.control.liveContexts).toBe(0);
  jest.useRealTimers();
});

/** leave() waits for platform callbacks, which only fire while fake time moves. */
async function leave(): Promise<void> {
  const p = h.store.leave();
  await h.settle(1000);
  await p;
}

async function joined(opts: HarnessOptions = {}, query?: Record<string, string>): Promise<RoomHarness> {
  h = createRoomHarness(opts);
  await h.join(query);
  return h;
}

function viewerQuery(): Record<string, string> {
  const token = h.cloud.mintToken(ROOM, ME, { privileges: { [Privilege.SubscribeStream]: 0 } });
  return { roomId: ROOM, userId: ME, token: encodeURIComponent(token) };
}

/** A token service that answers after `delayMs` (fake time), failing the calls listed in `failing` (1-based). */
function slowSource(delayMs: number, failing: number[] = [], ttlMs?: number): TokenSource & { calls: number; tokens: string[] } {
  const source = {
    calls: 0,
    tokens: [] as string[],
    fetchToken: (roomId: string, userId: string): Promise<string> => {
      source.calls++;
      const n = source.calls;
      return new Promise<string>((resolve, reject) =>
        setTimeout(() => {
          if (failing.indexOf(n) >= 0) return reject(new Error('token service down'));
          const token = h.cloud.mintToken(roomId, userId, { ttlMs });
          source.tokens.push(token);
          resolve(token);
        }, delayMs),
      );
    },
  };
  return source;
}

const log = (kind: string): string[] => h.store.stateLog.filter((e) => e.kind === kind).map((e) => e.message);
const joinTokens = (): unknown[] => h.fake.control.callsTo('ctx.joinRtcRoom').map((c) => (c.args as { token: string }).token);

describe('people and lists', () => {
  test('someone in the camera or share list before the members list still gets a tile', async () => {
    await joined();
    h.fake.control.emitRaw('onRtcVideoMembersChanged', { userIdList: ['zed'] });
    await h.settle();
    expect(h.store.tiles.map((t) => t.userId)).toEqual([ME, 'zed']);
    h.fake.control.emitRaw('onRtcPublishScreenMembersChanged', { userIdList: ['sam'] });
    await h.settle();
    expect(h.store.tiles.map((t) => t.userId)).toEqual([ME, 'zed', 'sam']);
  });

  test('someone in the camera list before the members list is on the page (rendered and subscribed), not only counted', async () => {
    await joined();
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, 'bob'] });
    await h.settle();
    h.fake.control.emitRaw('onRtcVideoMembersChanged', { userIdList: ['bob', 'zed'] });
    await h.settle();
    expect(h.store.memberCount).toBe(3);
    expect(h.store.pageTiles.map((t) => t.userId)).toEqual(['bob', 'zed']);
  });

  test('a members snapshot naming someone twice shows one tile and counts them once', async () => {
    await joined();
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, 'bob', 'carol', 'bob'] });
    await h.settle();
    expect(h.store.memberCount).toBe(3);
    expect(h.store.pageTiles.map((t) => t.userId)).toEqual(['bob', 'carol']);
  });

  test('one members snapshot that swaps a leaver for a newcomer shows the newcomer, on the page too', async () => {
    await joined();
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, 'bob'] });
    await h.settle();
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, 'carol'] });
    await h.settle();
    expect(h.store.tiles.map((t) => t.userId)).toEqual([ME, 'carol']);
    expect(h.store.pageTiles.map((t) => t.userId)).toEqual(['carol']);
  });

  test('someone on page 2 who keeps talking moves to page 1', async () => {
    await joined();
    const others = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, ...others] });
    // Past the hold that keeps fresh arrivals in place.
    await h.settle(5000);
    expect(h.store.pageTiles.map((t) => t.userId)).not.toContain('p7');
    h.fake.control.emitRaw('onRtcChatSpeakersChanged', { userIdList: ['p7'] });
    await h.settle(2000);
    expect(h.store.pageTiles.map((t) => t.userId)).toContain('p7');
  });

  test('the lists are empty after leaving', async () => {
    await joined();
    h.fake.control.speak(true);
    await h.settle();
    await leave();
    expect([h.store.members, h.store.speakers, h.store.videoMembers, h.store.screenMembers]).toEqual([[], [], [], []]);
  });
});

describe('screen shares: pinning and full screen', () => {
  async function threeSharers(): Promise<void> {
    await joined();
    for (const id of ['bob', 'carol']) {
      h.cloud.addRemote(ROOM, id, { platform: 'web' }).startScreenShare();
      await h.settle();
    }
  }

  test('a pinned older share stays on stage, full screen, while someone else starts sharing', async () => {
    await threeSharers();
    const first = h.store.stage!.userId;
    const older = h.store.stage!.others[0];
    h.store.pinSharer(older);
    h.store.setStageFull(true);
    h.cloud.addRemote(ROOM, 'dave', { platform: 'web' }).startScreenShare();
    await h.settle();
    expect(h.store.shareOrder).toContain('dave');
    expect(h.store.pinnedSharer).toBe(older);
    expect(h.store.stage!.userId).toBe(older);
    expect(h.store.stageFull).toBe(true);
    expect(first).not.toBe(older);
  });

  test('the pinned newest share stays pinned when an older sharer stops', async () => {
    await threeSharers();
    const newest = h.store.shareOrder[0];
    h.store.pinSharer(newest);
    // The older sharer stops: the pin is still valid.
    h.fake.control.emitRaw('onRtcPublishScreenMembersChanged', { userIdList: [newest] });
    await h.settle();
    expect(h.store.shareOrder).toEqual([newest]);
    expect(h.store.pinnedSharer).toBe(newest);
  });

  test('when the pinned sharer stops, the pin is gone and the stage moves on', async () => {
    await threeSharers();
    const older = h.store.shareOrder[1];
    const newer = h.store.shareOrder[0];
    h.store.pinSharer(older);
    h.fake.control.emitRaw('onRtcPublishScreenMembersChanged', { userIdList: [newer] });
    await h.settle();
    expect(h.store.pinnedSharer).toBeNull();
    expect(h.store.stage!.userId).toBe(newer);
  });

  test('when the last share ends, full screen closes', async () => {
    await threeSharers();
    h.store.setStageFull(true);
    h.fake.control.emitRaw('onRtcPublishScreenMembersChanged', { userIdList: [] });
    await h.settle();
    expect(h.store.stage).toBeNull();
    expect(h.store.stageFull).toBe(false);
  });

  test('pinning someone who is not sharing pins nobody', async () => {
    await threeSharers();
    h.store.pinSharer('nobody');
    expect(h.store.pinnedSharer).toBeNull();
  });
});

describe('network changes', () => {
  test('going offline while joined shows the waiting banner and says so once; back online says it is back', async () => {
    await joined();
    h.fake.control.setNetwork({ isConnected: false, networkType: 'none' });
    expect(h.store.banner).toEqual({ kind: 'warn', text: BANNER.waitingNetwork });
    expect(h.store.notice!.text).toBe(NOTICE.networkLost);
    const id = h.store.notice!.id;
    // A second offline report is not a second loss.
    h.fake.control.setNetwork({ isConnected: false, networkType: 'none' });
    expect(h.store.notice!.id).toBe(id);
    h.fake.control.setNetwork({ isConnected: true, networkType: 'wifi' });
    expect(h.store.notice!.text).toBe(NOTICE.networkBack);
    expect(h.store.banner).toBeNull();
    expect(log('network')).toEqual(['offline none', 'offline none', 'online wifi']);
  });

  test('switching from Wi-Fi to 4G while online says nothing', async () => {
    await joined();
    const before = h.store.notice;
    h.fake.control.setNetwork({ isConnected: true, networkType: '4g' });
    await h.settle();
    expect(h.store.notice).toBe(before);
    expect(h.store.phase).toBe('joined');
  });

  test('going offline while reconnecting shows the waiting banner but no "network lost" notice', async () => {
    await joined();
    h.fake.control.interrupt();
    await h.settle(5);
    expect(h.store.phase).toBe('reconnecting');
    const before = h.store.notice;
    h.fake.control.setNetwork({ isConnected: false, networkType: 'none' });
    expect(h.store.banner).toEqual({ kind: 'warn', text: BANNER.waitingNetwork });
    expect(h.store.notice).toBe(before);
    h.fake.control.setNetwork({ isConnected: true, networkType: 'wifi' });
    await h.settle(1000);
    expect(h.store.phase).toBe('joined');
  });
});

describe('reconnect guards', () => {
  test('an interruption event while the first join is out starts no reconnect', async () => {
    h = createRoomHarness();
    h.fake.control.setLatency('ctx.joinRtcRoom', 500);
    h.store.open(h.query());
    await h.settle(100);
    expect(h.store.phase).toBe('joining');
    h.fake.control.emitRaw('onRtcChatInterrupted', { errNo: 1, errMsg: 'early noise' });
    await h.settle(600);
    expect(h.store.phase).toBe('joined');
    expect(h.store.reconnects).toBe(0);
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(1);
  });

  test('a second interruption while the rejoin is out does not start another reconnect', async () => {
    await joined();
    h.fake.control.setLatency('ctx.joinRtcRoom', 500);
    h.fake.control.interrupt();
    await h.settle(1100);
    expect(h.store.phase).toBe('reconnecting');
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(2);
    h.fake.control.emitRaw('onRtcChatInterrupted', { errNo: 1, errMsg: 'more noise' });
    await h.settle(600);
    expect(h.store.phase).toBe('joined');
    expect(h.store.reconnects).toBe(1);
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(2);
  });

  test('the call timer keeps counting from the first join across a reconnect', async () => {
    await joined();
    const first = h.store.joinedAt;
    await h.settle(5000);
    h.fake.control.interrupt();
    await h.settle(1100);
    expect(h.store.phase).toBe('joined');
    expect(h.store.joinedAt).toBe(first);
  });

  test('a join that never answers times out and is retried, then fails', async () => {
    h = createRoomHarness();
    h.fake.control.hang('ctx.joinRtcRoom');
    h.store.open(h.query());
    await h.settle(15000 + 1000 + 100);
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(2);
    await h.settle(15000 + 2000 + 15000 + 100);
    expect(h.store.failure).toMatchObject({ reason: 'join-failed' });
  });
});

describe('token renewal', () => {
  test('a will-expire warning is in the diagnostics log', async () => {
    await joined({ tokenSource: slowSource(10) });
    h.cloud.warnTokenExpiry(ME);
    await h.settle(100);
    expect(log('token')).toEqual(['token will expire']);
    expect(h.fake.control.callsTo('ctx.updateToken')).toHaveLength(1);
  });

  test('expired and removed with a token service: the rejoin uses a freshly fetched token', async () => {
    const source = slowSource(10);
    await joined({ tokenSource: source });
    h.cloud.expireToken(ME, { via: 'state' });
    await h.settle(1100);
    expect(h.store.phase).toBe('joined');
    expect(source.calls).toBe(1);
    expect(joinTokens()).toHaveLength(2);
    expect(joinTokens()[1]).toBe(source.tokens[0]);
  });

  test('a warning while the join is out calls no updateToken; the next rejoin fetches a fresh token', async () => {
    const source = slowSource(10);
    h = createRoomHarness({ tokenSource: source });
    h.fake.control.setLatency('ctx.joinRtcRoom', 500);
    h.store.open(h.query());
    await h.settle(100);
    h.fake.control.emitRaw('onRoomTokenWillExpire', undefined);
    await h.settle(600);
    expect(h.store.phase).toBe('joined');
    expect(source.calls).toBe(0);
    expect(h.fake.control.callsTo('ctx.updateToken')).toHaveLength(0);
    h.fake.control.interrupt();
    await h.settle(2000);
    expect(h.store.phase).toBe('joined');
    expect(source.calls).toBe(1);
    expect(joinTokens()[1]).toBe(source.tokens[0]);
  });

  test('a token service that fails at renewal: told, and the rejoin fetches a fresh token', async () => {
    const source = slowSource(10, [1]);
    await joined({ tokenSource: source });
    h.cloud.warnTokenExpiry(ME);
    await h.settle(50);
    expect(h.store.notice!.text).toBe(NOTICE.tokenRenewFailed);
    await h.settle(1100);
    expect(h.store.phase).toBe('joined');
    expect(source.calls).toBe(2);
    expect(joinTokens()[1]).toBe(source.tokens[0]);
  });

  test('a reconnect during a renewal rejoins on a token of its own; the late renewal calls updateToken on no context', async () => {
    const source = slowSource(3000);
    await joined({ tokenSource: source });
    h.cloud.warnTokenExpiry(ME);
    await h.settle(20);
    expect(source.calls).toBe(1);
    h.fake.control.interrupt();
    // Backoff, then the rejoin's own fetch (this token service takes 3 s).
    await h.settle(1100 + 3000);
    expect(h.store.phase).toBe('joined');
    expect(source.calls).toBe(2);
    await h.settle(3000);
    expect(h.fake.control.callsTo('ctx.updateToken')).toHaveLength(0);
    expect(joinTokens()[1]).toBe(source.tokens[1]);
    expect(h.store.notice!.text).toBe(NOTICE.reconnected);
  });

  test('a reconnect during a renewal: the shown expiry is the one of the token the session runs on', async () => {
    const source = slowSource(3000, [], 600000);
    h = createRoomHarness({ tokenSource: source, readTokenExpiry });
    h.store.open(h.query({ token: encodeURIComponent(h.cloud.mintToken(ROOM, ME, { ttlMs: 600000 })) }));
    await h.settle();
    expect(h.store.phase).toBe('joined');
    const linkExpiry = h.store.tokenExpiresAt;
    h.cloud.warnTokenExpiry(ME);
    await h.settle(20);
    h.fake.control.interrupt();
    await h.settle(1100 + 3000);
    expect(h.store.phase).toBe('joined');
    await h.settle(10000);
    expect(source.tokens).toHaveLength(2);
    // The rejoin ran on its own fresh token, not the expiring link token; the late renewal's token
    // was never given to the platform, and the expiry shown is the running token's.
    const running = h.cloud.room(ROOM).member(ME)!.tokenExpiresAt!;
    expect(running - linkExpiry!).toBeGreaterThan(1000);
    expect(Math.abs(h.store.tokenExpiresAt! - running)).toBeLessThan(1000);
    expect(joinTokens()[1]).toBe(source.tokens[1]);
  });

  test('a token renewal that fails after a reconnect is ignored: no notice, no second rejoin', async () => {
    const source = slowSource(3000, [1]);
    await joined({ tokenSource: source });
    h.cloud.warnTokenExpiry(ME);
    await h.settle(20);
    h.fake.control.interrupt();
    await h.settle(1100 + 3000);
    expect(h.store.phase).toBe('joined');
    await h.settle(5000);
    expect(h.store.phase).toBe('joined');
    expect(h.store.notice!.text).toBe(NOTICE.reconnected);
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(2);
  });

  test('a token renewal that answers after a removal and a Retry changes nothing', async () => {
    const source = slowSource(3000);
    await joined({ tokenSource: source });
    h.cloud.warnTokenExpiry(ME);
    await h.settle(20);
    h.fake.control.emitRaw('onRtcChatInterrupted', { errNo: -1006, errMsg: 'removed by admin' });
    await h.settle(100);
    expect(h.store.phase).toBe('failed');
    h.store.retry();
    await h.settle(100);
    expect(h.store.phase).toBe('joined');
    await h.settle(3000);
    expect(h.fake.control.callsTo('ctx.updateToken')).toHaveLength(0);
    expect(h.store.notice).toBeNull();
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(2);
  });

  test('a token renewal that answers after a reconnect and leaving calls nothing', async () => {
    const source = slowSource(3000);
    await joined({ tokenSource: source });
    h.cloud.warnTokenExpiry(ME);
    await h.settle(20);
    h.fake.control.interrupt();
    await h.settle(1100 + 3000);
    expect(h.store.phase).toBe('joined');
    await leave();
    h.fake.control.clearCalls();
    await h.settle(3000);
    expect(h.fake.control.calls).toEqual([]);
  });

  test('the token warning of a left call does not show after a rejoin', async () => {
    await joined();
    h.cloud.warnTokenExpiry(ME);
    await h.settle();
    expect(h.store.banner).toEqual({ kind: 'warn', text: BANNER.tokenExpiring });
    await leave();
    h.store.rejoin();
    await h.settle();
    expect(h.store.phase).toBe('joined');
    expect(h.store.banner).toBeNull();
  });
});

describe('mic and camera buttons', () => {
  test('a member turning the mic off gets it off, without the viewer notice', async () => {
    await joined();
    h.store.setMic(false);
    h.store.setCamera(false);
    await h.settle();
    expect([h.fake.control.context!.audioCapture, h.fake.control.context!.videoCapture]).toEqual([false, false]);
    expect(h.store.notice).toBeNull();
  });

  test('a viewer turning the mic off is not told anything', async () => {
    h = createRoomHarness();
    h.store.open(viewerQuery());
    await h.settle(3000);
    h.store.setMic(false);
    h.store.setCamera(false);
    expect(h.store.notice).toBeNull();
  });

  test('while joined, the buttons show the running state until a capture call answers', async () => {
    await joined();
    h.store.setMic(false);
    h.store.setCamera(false);
    await h.settle();
    h.fake.control.setLatency('ctx.changeAudioCapture', 500);
    h.fake.control.setLatency('ctx.changeVideoCapture', 500);
    h.store.setMic(true);
    h.store.setCamera(true);
    await h.settle(100);
    expect([h.store.micShownOn, h.store.cameraShownOn]).toEqual([false, false]);
    await h.settle(500);
    expect([h.store.micShownOn, h.store.cameraShownOn]).toEqual([true, true]);
    h.fake.control.setLatency('ctx.changeAudioCapture', 0);
    h.fake.control.setLatency('ctx.changeVideoCapture', 0);
  });

  test('a mic tap while the join is out reaches the platform only once joined', async () => {
    h = createRoomHarness();
    h.fake.control.setLatency('ctx.joinRtcRoom', 500);
    h.store.open(h.query());
    await h.settle(100);
    h.fake.control.clearCalls();
    h.store.toggleMic();
    await h.settle(100);
    expect(h.fake.control.callsTo('ctx.changeAudioCapture')).toHaveLength(0);
    await h.settle(500);
    expect(h.fake.control.callsTo('ctx.changeAudioCapture').map((c) => c.args)).toEqual([{ state: 0 }]);
  });
});

describe('app hide and show', () => {
  test('going to the background is in the diagnostics log', async () => {
    await joined();
    h.fake.control.appHide();
    h.store.onAppHide();
    expect(log('network')).toEqual(['app hidden']);
    h.fake.control.appShow();
  });

  test('back from background with the mic off: capture restarted and the mic kept off', async () => {
    await joined();
    h.store.setMic(false);
    await h.settle();
    h.fake.control.clearCalls();
    h.store.onAppHide();
    h.store.onAppShow();
    await h.settle();
    expect(h.fake.control.callsTo('ctx.changeAudioCapture').map((c) => c.args)).toEqual([{ state: 0 }]);
    expect(h.store.notice!.text).toBe(NOTICE.backInRoom);
  });

  test('a viewer back from background: no capture, no notice', async () => {
    h = createRoomHarness();
    h.store.open(viewerQuery());
    await h.settle(3000);
    h.fake.control.clearCalls();
    h.store.onAppHide();
    h.store.onAppShow();
    await h.settle();
    expect(h.apis().filter((a) => a.endsWith('Capture'))).toEqual([]);
    expect(h.store.notice).toBeNull();
  });

  test('back from background while the join is out restarts nothing', async () => {
    h = createRoomHarness();
    h.fake.control.setLatency('ctx.joinRtcRoom', 500);
    h.store.open(h.query());
    await h.settle(100);
    h.fake.control.clearCalls();
    h.store.onAppShow();
    await h.settle(600);
    expect(h.store.phase).toBe('joined');
    expect(h.apis().filter((a) => a.endsWith('Capture'))).toEqual([]);
    expect(h.store.notice).toBeNull();
  });

  test('back from background, then a reconnect before capture answers: "reconnected", not "back in the room"', async () => {
    await joined();
    h.fake.control.setLatency('ctx.changeVideoCapture', 3000);
    h.store.onAppShow();
    await h.settle(5);
    h.fake.control.interrupt();
    await h.settle(1100);
    expect(h.store.phase).toBe('joined');
    await h.settle(5000);
    h.fake.control.setLatency('ctx.changeVideoCapture', 0);
    expect(h.store.notice!.text).toBe(NOTICE.reconnected);
  });
});

describe('publishing after a listen-only join', () => {
  async function listenOnly(): Promise<void> {
    await joined({ tt: { permissions: { 'scope.camera': false, 'scope.record': false } } });
    h.fake.control.setPermission('scope.camera', true);
    h.fake.control.setPermission('scope.record', true);
  }
  async function grant(): Promise<void> {
    const refreshed = h.store.refreshPermissions();
    await h.settle();
    await refreshed;
    await h.settle();
  }
  const publishCalls = (): unknown[] => h.fake.control.callsTo('ctx.changeStreamPublishState').map((c) => c.args);

  test('a refused publish is logged, and the next capture publishes', async () => {
    await listenOnly();
    h.fake.control.failNext('ctx.changeStreamPublishState', { errNo: 7, errMsg: 'changeStreamPublishState:fail busy' });
    await grant();
    expect(h.store.stateLog).toContainEqual(
      expect.objectContaining({ kind: 'platform', code: 7, message: 'publish on: changeStreamPublishState:fail busy' }),
    );
    expect(h.cloud.room(ROOM).video).toEqual([]);
    h.store.setCamera(false);
    h.store.setMic(false);
    await h.settle();
    h.store.setCamera(true);
    await h.settle();
    expect(publishCalls()).toHaveLength(2);
    expect(h.cloud.room(ROOM).video).toEqual([ME]);
  });

  test('a refused unpublish is logged', async () => {
    await listenOnly();
    await grant();
    h.fake.control.failNext('ctx.changeStreamPublishState', { errNo: 8, errMsg: 'changeStreamPublishState:fail nope' });
    h.store.setCamera(false);
    h.store.setMic(false);
    await h.settle();
    expect(h.store.stateLog).toContainEqual(
      expect.objectContaining({ kind: 'platform', code: 8, message: 'publish off: changeStreamPublishState:fail nope' }),
    );
  });

  test('capture off and on again while a publish is out sends one publish', async () => {
    await listenOnly();
    h.fake.control.setLatency('ctx.changeStreamPublishState', 500);
    const refreshed = h.store.refreshPermissions();
    await h.settle();
    await refreshed;
    await h.settle();
    expect(publishCalls()).toHaveLength(1);
    h.store.setCamera(false);
    h.store.setMic(false);
    await h.settle();
    h.store.setCamera(true);
    await h.settle(1000);
    expect(publishCalls()).toEqual([{ state: 1, streamType: 'both' }]);
    expect(h.cloud.room(ROOM).video).toEqual([ME]);
  });
});

describe('diagnostics log', () => {
  test('keeps the newest 30 entries', async () => {
    await joined();
    const before = h.store.stateLog.length;
    for (let i = 0; i < 40; i++) h.fake.control.emitRaw('onRtcStateChanged', { errMsg: `e${i}` });
    await h.settle();
    expect(before).toBeLessThan(30);
    expect(h.store.stateLog).toHaveLength(30);
    expect(h.store.stateLog[0].message).toBe('e10');
    expect(h.store.stateLog[29].message).toBe('e39');
  });
});

describe('leaving', () => {
  test('leaving turns capture off before the exit', async () => {
    await joined();
    h.fake.control.clearCalls();
    await leave();
    expect(h.fake.control.callsTo('ctx.changeVideoCapture').map((c) => c.args)).toEqual([{ state: 0 }]);
    expect(h.fake.control.callsTo('ctx.changeAudioCapture').map((c) => c.args)).toEqual([{ state: 0 }]);
  });

  test('a refused mic-off and a refused screen-lock release on leaving are logged', async () => {
    await joined();
    h.fake.control.failNext('ctx.changeAudioCapture', { errNo: 4, errMsg: 'changeAudioCapture:fail busy' });
    h.fake.control.failNext('tt.setKeepScreenOn', { errMsg: 'setKeepScreenOn:fail nope' });
    await leave();
    const platform = h.store.stateLog.filter((e) => e.kind === 'platform').map((e) => e.message);
    expect(platform).toEqual(expect.arrayContaining(['changeAudioCapture: changeAudioCapture:fail busy', 'setKeepScreenOn: setKeepScreenOn:fail nope']));
  });

  test('a viewer leaving makes no capture calls', async () => {
    h = createRoomHarness();
    h.store.open(viewerQuery());
    await h.settle(3000);
    h.fake.control.clearCalls();
    await leave();
    expect(h.apis().filter((a) => a.endsWith('Capture'))).toEqual([]);
    expect(h.fake.control.callsTo('ctx.exitRtcRoom')).toHaveLength(1);
  });

  test('leaving during the join exits only after the join answered', async () => {
    h = createRoomHarness();
    h.fake.control.setLatency('ctx.joinRtcRoom', 500);
    h.store.open(h.query());
    await h.settle(100);
    const joinAt = h.fake.control.callsTo('ctx.joinRtcRoom')[0].at;
    const p = h.store.leave();
    await h.settle(600);
    await p;
    expect(h.fake.control.callsTo('ctx.exitRtcRoom')[0].at).toBeGreaterThanOrEqual(joinAt + 500);
  });

  test('leaving during a reconnect wait shows mic and camera off', async () => {
    await joined();
    h.fake.control.interrupt();
    await h.settle(5);
    expect(h.store.phase).toBe('reconnecting');
    await leave();
    expect(h.store.phase).toBe('left');
    expect([h.store.media.micOn, h.store.media.cameraOn]).toEqual([false, false]);
    expect(h.store.selfTile.cameraOn).toBe(false);
  });

  test('a rejoin after leaving creates its context before reading permissions, as the first join did', async () => {
    await joined();
    await leave();
    h.fake.control.clearCalls();
    h.store.rejoin();
    await h.settle();
    expect(h.store.phase).toBe('joined');
    const ttCalls = h.fake.control.calls.map((c) => c.api).filter((a) => a.startsWith('tt.'));
    expect(ttCalls[0]).toBe('tt.createRtcRoomContext');
  });
});

describe('the network coming back after a failure', () => {
  test('a join that failed for the network retries by itself when the network comes back', async () => {
    h = createRoomHarness();
    h.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 21102 });
    h.store.open(h.query());
    await h.settle(1000 + 2000 + 10);
    expect(h.store.failure).toMatchObject({ reason: 'join-failed', retryable: true });
    h.fake.control.failAlways('ctx.joinRtcRoom', null);
    h.fake.control.setNetwork({ isConnected: false, networkType: 'none' });
    await h.settle();
    expect(h.store.phase).toBe('failed');
    h.fake.control.setNetwork({ isConnected: true, networkType: 'wifi' });
    await h.settle();
    expect(h.store.phase).toBe('joined');
  });

  test('a failure the network cannot fix (a bad link token) stays failed when the network comes back', async () => {
    h = createRoomHarness();
    h.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 21101 });
    h.store.open(h.query());
    await h.settle(3000);
    expect(h.store.phase).toBe('failed');
    const joins = h.fake.control.callsTo('ctx.joinRtcRoom').length;
    h.fake.control.setNetwork({ isConnected: false, networkType: 'none' });
    h.fake.control.setNetwork({ isConnected: true, networkType: 'wifi' });
    await h.settle(3000);
    expect(h.store.phase).toBe('failed');
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(joins);
  });
});
