// The room under the documented platform rules (docs/platform.md R1–R9), each flow under the strict
// and the lenient reading where the docs are silent. Every test fails if the app goes back to
// rejoining on the same context, keeps two contexts alive, gives up on a permission prompt, forgets
// to publish after a listen-only join, or reconnects on an API error's state event.
import type { FakeTtOptions } from '../../sim/fake-tt';
import { ME, ROOM, createRoomHarness, type HarnessOptions, type RoomHarness } from '../../sim/helpers/room-harness';

let h: RoomHarness;
/** Set by a test whose injected exit failure leaves the fake's context alive on purpose. */
let exitRefused = false;

beforeEach(() => {
  exitRefused = false;
  jest.useFakeTimers();
});
afterEach(async () => {
  const p = h.store.leave();
  await h.settle(100);
  await p;
  // Leaving exits the last context: nothing stays alive, and no rule was broken on the way.
  if (!exitRefused) expect(h.fake.control.liveContexts).toBe(0);
  expect(h.fake.control.violations).toEqual([]);
  jest.useRealTimers();
});

const VARIANTS: Array<[string, FakeTtOptions]> = [
  ['strict', { rejoin: 'strict', contexts: 'single' }],
  ['lenient', { rejoin: 'lenient', contexts: 'multiple' }],
];

async function joined(variant: FakeTtOptions, opts: HarnessOptions = {}): Promise<RoomHarness> {
  h = createRoomHarness({ ...opts, tt: { ...variant, ...opts.tt } });
  await h.join();
  return h;
}

/** The platform calls that decide which context a join runs on, in order. */
function lifecycle(): string[] {
  return h.fake.control.calls
    .map((c) => c.api)
    .filter((a) => a === 'tt.createRtcRoomContext' || a === 'ctx.exitRtcRoom' || a === 'ctx.joinRtcRoom');
}

const REJOIN = ['ctx.exitRtcRoom', 'tt.createRtcRoomContext', 'ctx.joinRtcRoom'];

describe.each(VARIANTS)('every rejoin is exit → new context → join (%s)', (_name, variant) => {
  test('after an interruption', async () => {
    await joined(variant);
    h.fake.control.clearCalls();
    h.fake.control.interrupt({ errMsg: 'connection lost' });
    await h.settle(1100);
    expect(h.store.phase).toBe('joined');
    expect(lifecycle()).toEqual(REJOIN);
    expect(h.cloud.room(ROOM).members).toEqual([ME]);
    expect(h.fake.control.liveContexts).toBe(1);
  });

  test('after the network comes back', async () => {
    await joined(variant);
    h.fake.control.clearCalls();
    h.fake.control.setNetwork({ isConnected: false, networkType: 'none' });
    h.fake.control.interrupt();
    await h.settle(20000);
    expect(h.store.phase).toBe('reconnecting');
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(0);
    h.fake.control.setNetwork({ isConnected: true, networkType: 'wifi' });
    await h.settle();
    expect(h.store.phase).toBe('joined');
    expect(lifecycle()).toEqual(REJOIN);
  });

  test('on Retry after the attempts ran out', async () => {
    h = createRoomHarness({ tt: variant });
    h.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 21102 });
    h.store.open(h.query());
    await h.settle(5000);
    expect(h.store.phase).toBe('failed');
    // Each failed attempt ran on its own context, and the failed state keeps none alive.
    expect(h.fake.control.callsTo('tt.createRtcRoomContext')).toHaveLength(3);
    if (!exitRefused) expect(h.fake.control.liveContexts).toBe(0);
    h.fake.control.failAlways('ctx.joinRtcRoom', null);
    h.fake.control.clearCalls();
    h.store.retry();
    await h.settle(100);
    expect(h.store.phase).toBe('joined');
    expect(lifecycle()).toEqual(['tt.createRtcRoomContext', 'ctx.joinRtcRoom']);
  });

  test('after 21100 (a lost join callback)', async () => {
    h = createRoomHarness({ tt: variant });
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 21100 });
    h.store.open(h.query());
    await h.settle();
    expect(h.store.phase).toBe('joined');
    expect(lifecycle()).toEqual(['tt.createRtcRoomContext', 'ctx.joinRtcRoom', ...REJOIN]);
  });

  test('when token renewal fails and the room rejoins with a fresh token', async () => {
    const source = { fetchToken: (r: string, u: string) => Promise.resolve(h.cloud.mintToken(r, u)) };
    await joined(variant, { tokenSource: source });
    h.fake.control.failNext('ctx.updateToken', { errNo: 21101, errMsg: 'updateToken:fail invalid token' });
    h.fake.control.clearCalls();
    h.cloud.warnTokenExpiry(ME);
    await h.settle(1100);
    expect(h.store.phase).toBe('joined');
    expect(lifecycle()).toEqual(REJOIN);
  });

  test('after being kicked by a duplicate login the session ends and its context is exited', async () => {
    await joined(variant);
    h.cloud.addRemote(ROOM, ME);
    await h.settle();
    expect(h.store.failure).toMatchObject({ reason: 'duplicate-login' });
    if (!exitRefused) expect(h.fake.control.liveContexts).toBe(0);
  });
});

describe('a permission prompt left open (R4)', () => {
  test('capture and join wait for the answer; the page then shows the camera the phone really runs', async () => {
    h = createRoomHarness({ tt: { promptDelayMs: 25000 } });
    h.store.open(h.query());
    await h.settle(20000);
    // Well past any 10–15 s timeout: still waiting, nothing given up, nothing marked off for good.
    expect(h.store.phase).toBe('joining');
    expect(h.store.media.cameraPending).toBe(true);
    expect(h.store.media.cameraWanted).toBe(true);
    await h.settle(30000);
    expect(h.store.phase).toBe('joined');
    const ctx = h.fake.control.context!;
    expect([ctx.videoCapture, ctx.audioCapture]).toEqual([true, true]);
    expect([h.store.media.cameraOn, h.store.media.micOn, h.store.cameraShownOn]).toEqual([true, true, true]);
    expect(h.store.media.cameraPending).toBe(false);
  });

  test('a camera turned off while the prompt was open is turned off when the late "allow" arrives', async () => {
    h = createRoomHarness({ tt: { permissions: { 'scope.record': true } } });
    h.store.open(h.query({}));
    h.store.setCamera(false);
    await h.settle();
    expect(h.store.phase).toBe('joined');
    h.fake.control.setPromptDelay(30000);
    h.store.setCamera(true);
    await h.settle(15000);
    expect(h.store.media.cameraPending).toBe(true);
    h.store.setCamera(false);
    await h.settle(16000);
    expect(h.fake.control.context!.videoCapture).toBe(false);
    expect(h.store.media.cameraOn).toBe(false);
    expect(h.store.media.cameraPending).toBe(false);
  });

  test('a late "deny" leaves the camera off and says why', async () => {
    h = createRoomHarness({ tt: { promptDelayMs: 20000 } });
    h.fake.control.setPromptAnswer('scope.camera', false);
    h.store.open(h.query());
    // Two prompts, one after the other: camera (denied) at 20 s, microphone (allowed) at 40 s.
    await h.settle(45000);
    expect(h.store.phase).toBe('joined');
    expect([h.store.media.cameraOn, h.store.media.camera]).toEqual([false, 'refused']);
    expect(h.fake.control.context!.videoCapture).toBe(false);
    expect(h.store.media.micOn).toBe(true);
  });
});

describe('listen-only joins publish what is captured later (R3)', () => {
  test('granting the camera in settings after a listen-only join: others see me; stopping it unpublishes', async () => {
    await joined({}, { tt: { permissions: { 'scope.camera': false, 'scope.record': false } } });
    const bob = h.cloud.addRemote(ROOM, 'bob', { platform: 'web' });
    await h.settle();
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')[0].args).toMatchObject({ roomConfig: { autoPublish: false } });
    h.fake.control.setPermission('scope.camera', true);
    h.fake.control.setPermission('scope.record', true);
    const refreshed = h.store.refreshPermissions();
    await h.settle();
    await refreshed;
    await h.settle();
    h.fake.control.speak(true);
    await h.settle();
    expect(h.store.media.cameraOn).toBe(true);
    expect(h.cloud.room(ROOM).video).toEqual([ME]);
    expect(h.cloud.room(ROOM).speakers).toEqual([ME]);
    expect(h.fake.control.callsTo('ctx.changeStreamPublishState').map((c) => c.args)).toEqual([{ state: 1, streamType: 'both' }]);
    h.store.setCamera(false);
    h.store.setMic(false);
    await h.settle();
    expect(h.fake.control.context!.publishing).toEqual({ audio: false, video: false });
    expect(bob.present).toBe(true);
  });

  test('a normal join never touches the publish state', async () => {
    await joined({});
    h.store.setCamera(false);
    h.store.setMic(false);
    await h.settle();
    h.store.setMic(true);
    await h.settle();
    expect(h.fake.control.callsTo('ctx.changeStreamPublishState')).toHaveLength(0);
  });
});

describe('state events are diagnostics (R7)', () => {
  test('an API error reported on the state event (updateToken:fail … token) neither reconnects nor ends the call', async () => {
    const source = { fetchToken: () => Promise.resolve('001garbage') };
    await joined({}, { tokenSource: source });
    h.fake.control.clearCalls();
    h.cloud.warnTokenExpiry(ME);
    await h.settle(5);
    // The refused updateToken fires the state event with "updateToken:fail invalid token …".
    const log = h.store.stateLog.map((e) => `${e.kind}:${e.message}`);
    expect(log.some((l) => l.startsWith('state:updateToken:fail'))).toBe(true);
    expect(h.store.phase).not.toBe('failed');
  });

  test('arbitrary state text mentioning tokens or kicks is logged only', async () => {
    await joined({});
    h.fake.control.clearCalls();
    h.fake.control.emitRaw('onRtcStateChanged', { errNo: 21101, errMsg: 'updateToken:fail token invalid, expired' });
    h.fake.control.emitRaw('onRtcStateChanged', { errMsg: 'user kicked from another api call' });
    // An API's own failure, even with a room-state code, is that call's business.
    h.fake.control.emitRaw('onRtcStateChanged', { errNo: -1004, errMsg: 'changeStreamPublishState:fail -1004' });
    await h.settle(3000);
    expect(h.store.phase).toBe('joined');
    expect(lifecycle()).toEqual([]);
    expect(h.store.stateLog.filter((e) => e.kind === 'state')).toHaveLength(3);
  });
});

describe('no silent failure: what fails on the way out or on the side is in the diagnostics log', () => {
  const platformLog = (): string[] => h.store.stateLog.filter((e) => e.kind === 'platform').map((e) => `${e.code}:${e.message}`);

  test('a failed exit during teardown, and failed capture-off before it, are logged', async () => {
    await joined({});
    h.fake.control.failNext('ctx.changeVideoCapture', { errNo: 1, errMsg: 'changeVideoCapture:fail busy' });
    h.fake.control.failNext('ctx.exitRtcRoom', { errNo: 2, errMsg: 'exitRtcRoom:fail gone' });
    exitRefused = true;
    const p = h.store.leave();
    await h.settle(100);
    await p;
    expect(platformLog()).toEqual(expect.arrayContaining(['1:changeVideoCapture: changeVideoCapture:fail busy', '2:exit: exitRtcRoom:fail gone']));
  });

  test('a refused keep-screen-on is logged, and the room still joins', async () => {
    h = createRoomHarness({});
    h.fake.control.failNext('tt.setKeepScreenOn', { errMsg: 'setKeepScreenOn:fail nope' });
    h.store.open(h.query());
    await h.settle();
    expect(h.store.phase).toBe('joined');
    expect(platformLog().some((l) => l.includes('setKeepScreenOn: setKeepScreenOn:fail nope'))).toBe(true);
  });

  test('a refused audio route after a (re)join is logged', async () => {
    h = createRoomHarness({});
    h.fake.control.failNext('ctx.setAudioPlaybackDevice', { errNo: 3, errMsg: 'setAudioPlaybackDevice:fail x' });
    h.store.open(h.query());
    await h.settle();
    expect(h.store.phase).toBe('joined');
    expect(platformLog()).toContain('3:setAudioPlaybackDevice: setAudioPlaybackDevice:fail x');
  });
});
