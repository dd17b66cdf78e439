import { PlatformError, type ErrorCategory } from '../../services/platform/errors';
import type { TtPlatform } from '../../services/platform/tt-types';
import { createRtcRoom, type RtcRoom } from '../../services/rtc/rtc-room';
import { RtcCloud, SIM_APP_ID } from '../../sim/cloud';
import { createFakeTt, type ApiName, type FakeTt } from '../../sim/fake-tt';
import { flush } from '../../sim/time';

let cloud: RtcCloud;
let fake: FakeTt;
let room: RtcRoom;

beforeEach(() => {
  jest.useFakeTimers();
  cloud = new RtcCloud();
  fake = createFakeTt(cloud, { label: 'alice', stateEventName: 'both' });
  room = createRtcRoom(fake.tt, SIM_APP_ID, { timeoutMs: 5000, joinTimeoutMs: 8000 });
});
afterEach(() => {
  room.dispose();
  jest.useRealTimers();
});

async function settled<T>(p: Promise<T>, ms = 10): Promise<{ ok: true; value: T } | { ok: false; error: PlatformError }> {
  const out = p.then(
    (value) => ({ ok: true as const, value }),
    (error: PlatformError) => ({ ok: false as const, error }),
  );
  await flush(ms);
  return out;
}

async function joinAlice(): Promise<void> {
  const r = await settled(room.join({ roomId: 'r1', userId: 'alice', token: cloud.mintToken('r1', 'alice') }));
  expect(r.ok).toBe(true);
}

describe('createRtcRoom', () => {
  test('passes { appId } to createRtcRoomContext', () => {
    expect(fake.control.callsTo('tt.createRtcRoomContext').map((c) => c.args)).toEqual([{ appId: SIM_APP_ID }]);
  });

  test.each(['throw-116183', 'return-null'] as const)('capability not granted (%s) → capability-denied', (mode) => {
    const other = createFakeTt(cloud);
    other.control.createContextFailure = mode;
    let caught: unknown;
    try {
      createRtcRoom(other.tt, SIM_APP_ID);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PlatformError);
    expect((caught as PlatformError).category).toBe('capability-denied');
  });

  test('a client without createRtcRoomContext → unsupported; an empty AppId → bad-parameter, before any call', () => {
    const old = createFakeTt(cloud);
    old.control.removeMethod('tt.createRtcRoomContext');
    expect(() => createRtcRoom(old.tt, SIM_APP_ID)).toThrow(expect.objectContaining({ category: 'unsupported' }));
    const other = createFakeTt(cloud);
    expect(() => createRtcRoom(other.tt, '')).toThrow(expect.objectContaining({ category: 'bad-parameter' }));
    expect(other.control.callsTo('tt.createRtcRoomContext')).toHaveLength(0);
  });
});

describe('one live context (R9), exit destroys it (R1)', () => {
  test('exit destroys the context: the room is disposed, the platform refuses later calls with 115910', async () => {
    await joinAlice();
    expect(await settled(room.exit('r1'))).toEqual({ ok: true, value: undefined });
    expect(room.disposed).toBe(true);
    expect(fake.control.context!.destroyed).toBe(true);
    const raw = fake.control.context!.ctx;
    const codes: unknown[] = [];
    raw.joinRtcRoom!({ roomId: 'r1', userId: 'alice', token: 't', fail: (f) => codes.push(f.errorCode) });
    await flush();
    expect(codes).toEqual([115910]);
  });

  test('a second room while one is alive is refused before the platform sees it; after exit a new one works', async () => {
    expect(() => createRtcRoom(fake.tt, SIM_APP_ID)).toThrow(expect.objectContaining({ category: 'busy' }));
    expect(fake.control.callsTo('tt.createRtcRoomContext')).toHaveLength(1);
    await settled(room.exit('r1'));
    const next = createRtcRoom(fake.tt, SIM_APP_ID);
    expect(fake.control.callsTo('tt.createRtcRoomContext')).toHaveLength(2);
    expect(fake.control.violations).toEqual([]);
    next.dispose();
  });

  test('exit failing on a destroyed engine still releases the slot (the context is gone either way)', async () => {
    fake.control.destroyEngine();
    expect(await settled(room.exit('r1'))).toMatchObject({ ok: false, error: { category: 'engine-destroyed' } });
    expect(room.disposed).toBe(true);
    expect(() => createRtcRoom(fake.tt, SIM_APP_ID).dispose()).not.toThrow();
  });

  test('park hands a never-joined context to the next room: same platform context, no second one', async () => {
    await settled(room.setVideoCapture(true));
    room.park();
    expect(room.disposed).toBe(true);
    const next = createRtcRoom(fake.tt, SIM_APP_ID);
    expect(fake.control.callsTo('tt.createRtcRoomContext')).toHaveLength(1);
    expect(fake.control.liveContexts).toBe(1);
    const r = await settled(next.join({ roomId: 'r1', userId: 'alice', token: cloud.mintToken('r1', 'alice') }));
    expect(r.ok).toBe(true);
    expect(() => createRtcRoom(fake.tt, 'other-app')).toThrow(expect.objectContaining({ category: 'busy' }));
  });
});

describe('methods', () => {
  test('join sends roomConfig only when asked, and resolves on success', async () => {
    await joinAlice();
    const r2 = createRtcRoom(createFakeTt(cloud).tt, SIM_APP_ID);
    const other = createFakeTt(cloud);
    const r3 = createRtcRoom(other.tt, SIM_APP_ID);
    await settled(r3.join({ roomId: 'r1', userId: 'bob', token: cloud.mintToken('r1', 'bob'), autoPublish: false }));
    expect(fake.control.callsTo('ctx.joinRtcRoom')[0].args).toEqual({ roomId: 'r1', userId: 'alice', token: expect.any(String) });
    expect(other.control.callsTo('ctx.joinRtcRoom')[0].args).toEqual({
      roomId: 'r1',
      userId: 'bob',
      token: expect.any(String),
      roomConfig: { autoPublish: false },
    });
    expect(cloud.room('r1').members).toEqual(['alice', 'bob']);
    r2.dispose();
    r3.dispose();
  });

  test('every device method maps to its platform call with the documented arguments', async () => {
    await joinAlice();
    const calls: Array<[Promise<void>, ApiName, unknown]> = [
      [room.setAudioCapture(true), 'ctx.changeAudioCapture', { state: 1 }],
      [room.setVideoCapture(false), 'ctx.changeVideoCapture', { state: 0 }],
      [room.switchCamera('back'), 'ctx.switchCamera', { camera: 'back' }],
      [room.setAudioPlaybackDevice('earpiece'), 'ctx.setAudioPlaybackDevice', { device: 'earpiece' }],
      [room.setPublishState(false), 'ctx.changeStreamPublishState', { state: 0, streamType: 'both' }],
      [room.setSubscribeState('bob', true), 'ctx.changeStreamSubscribeState', { state: 1, userId: 'bob', streamType: 'both' }],
      [room.setScreenSubscribeState('bob', false), 'ctx.changeScreenSubscribeState', { state: 0, userId: 'bob', streamType: 'both' }],
      [room.setVisibility(false), 'ctx.changeUserVisibility', { visible: false }],
      [room.setVideoEncoderConfig(640, 360, 24), 'ctx.setVideoEncoderConfig', { maxSolution: { width: 640, height: 360, frameRate: 24 } }],
      [room.updateToken(cloud.mintToken('r1', 'alice')), 'ctx.updateToken', { token: expect.any(String) }],
    ];
    for (const [p, api, args] of calls) {
      const r = await settled(p);
      expect(r).toEqual({ ok: true, value: undefined });
      expect(fake.control.callsTo(api).map((c) => c.args)).toContainEqual(args);
    }
    const info = fake.control.context!;
    expect(info.camera).toBe('back');
    expect(info.playbackDevice).toBe('earpiece');
    expect(info.visible).toBe(false);
    const exit = await settled(room.exit('r1'));
    expect(exit.ok).toBe(true);
    expect(cloud.room('r1').members).toEqual([]);
  });

  test('methods are called on the context (the fake rejects detached calls)', async () => {
    await joinAlice();
    const r = await settled(room.setAudioCapture(true));
    expect(r.ok).toBe(true);
  });
});

describe('errors', () => {
  const cases: Array<[string, ApiName, object, ErrorCategory, number]> = [
    ['permission (errNo 10200)', 'ctx.changeVideoCapture', { errNo: 10200, errMsg: 'changeVideoCapture:fail auth deny' }, 'permission-denied', 10200],
    ['mic permission (errorCode 115990 beside errNo)', 'ctx.changeAudioCapture', { errNo: 10200, errorCode: 115990 }, 'permission-denied', 115990],
    ['privacy agreement not accepted (10201)', 'ctx.changeAudioCapture', { errNo: 10201 }, 'privacy-agreement', 10201],
    ['privacy scope not declared (10202)', 'ctx.changeVideoCapture', { errNo: 10202 }, 'privacy-agreement', 10202],
    ['bad parameter (20000)', 'ctx.switchCamera', { errNo: 20000 }, 'bad-parameter', 20000],
    ['already in room (21100)', 'ctx.joinRtcRoom', { errNo: 21100 }, 'already-in-room', 21100],
    ['invalid token (21101)', 'ctx.joinRtcRoom', { errNo: 21101 }, 'invalid-token', 21101],
    ['unknown join failure (21102)', 'ctx.joinRtcRoom', { errNo: 21102 }, 'join-failed', 21102],
    ['engine destroyed (errorCode 115910)', 'ctx.changeAudioCapture', { errorCode: 115910 }, 'engine-destroyed', 115910],
    ['capability (116183)', 'ctx.joinRtcRoom', { errNo: 116183 }, 'capability-denied', 116183],
    ['string errCode', 'ctx.joinRtcRoom', { errCode: '21101' }, 'invalid-token', 21101],
  ];
  test.each(cases)('%s', async (_name, api, failure, category, code) => {
    fake.control.failNext(api, failure);
    const p =
      api === 'ctx.joinRtcRoom'
        ? room.join({ roomId: 'r1', userId: 'alice', token: cloud.mintToken('r1', 'alice') })
        : api === 'ctx.switchCamera'
          ? room.switchCamera('back')
          : api === 'ctx.changeVideoCapture'
            ? room.setVideoCapture(true)
            : room.setAudioCapture(true);
    const r = await settled(p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(PlatformError);
    expect(r.error.category).toBe(category);
    expect(r.error.code).toBe(code);
  });

  test('an unknown code keeps its raw code and message', async () => {
    fake.control.failNext('ctx.joinRtcRoom', { errNo: 99999, errMsg: 'joinRtcRoom:fail something new' });
    const r = await settled(room.join({ roomId: 'r1', userId: 'alice', token: 't' }));
    expect(r).toMatchObject({ ok: false, error: { category: 'unknown', code: 99999, rawMessage: 'joinRtcRoom:fail something new' } });
  });

  test('a real refusal from the fake platform: camera denied in settings → permission-denied', async () => {
    fake.control.setPermission('scope.camera', false);
    const r = await settled(room.setVideoCapture(true));
    expect(r).toMatchObject({ ok: false, error: { category: 'permission-denied', code: 10200 } });
  });

  test('a callback that never comes rejects with timeout', async () => {
    fake.control.hang('ctx.setAudioPlaybackDevice');
    const r = await settled(room.setAudioPlaybackDevice('earpiece'), 5001);
    expect(r).toMatchObject({ ok: false, error: { category: 'timeout' } });
  });

  test('turning a device on waits for the permission prompt however long it stays open (R4); off keeps its timeout', async () => {
    fake.control.setPromptDelay(60000);
    let result: unknown;
    void room.setVideoCapture(true).then(() => (result = 'ok'));
    await flush(59000);
    expect(result).toBeUndefined();
    await flush(2000);
    expect(result).toBe('ok');
    expect(fake.control.context!.videoCapture).toBe(true);
    fake.control.hang('ctx.changeVideoCapture');
    expect(await settled(room.setVideoCapture(false), 5001)).toMatchObject({ ok: false, error: { category: 'timeout' } });
  });

  test('join has its own, longer timeout', async () => {
    fake.control.hang('ctx.joinRtcRoom');
    let done = false;
    const p = room.join({ roomId: 'r1', userId: 'alice', token: 't' }).catch((e: PlatformError) => {
      done = true;
      return e;
    });
    await flush(5500);
    expect(done).toBe(false);
    await flush(3000);
    expect(await p).toMatchObject({ category: 'timeout' });
  });

  test('a method this Douyin version lacks rejects "unsupported" (no TypeError) and supports() says so', async () => {
    fake.control.removeMethod('ctx.updateToken');
    expect(room.supports('updateToken')).toBe(false);
    expect(room.supports('joinRtcRoom')).toBe(true);
    const r = await settled(room.updateToken('x'));
    expect(r).toMatchObject({ ok: false, error: { category: 'unsupported', rawMessage: 'updateToken is not available on this Douyin version' } });
  });

  test('a platform method that throws synchronously becomes a rejected PlatformError', async () => {
    const broken = createFakeTt(cloud);
    const ctxRoom = createRtcRoom(broken.tt, 'app');
    const ctx = broken.control.context!.ctx as { changeAudioCapture?: unknown };
    ctx.changeAudioCapture = () => {
      throw Object.assign(new Error('boom'), { errNo: 20000 });
    };
    const r = await settled(ctxRoom.setAudioCapture(true));
    expect(r).toMatchObject({ ok: false, error: { category: 'bad-parameter', code: 20000 } });
    ctxRoom.dispose();
  });
});

describe('events', () => {
  test('list events deliver full snapshots (self included), typed and cleaned', async () => {
    const members: string[][] = [];
    const video: string[][] = [];
    const speakers: string[][] = [];
    const screens: string[][] = [];
    room.on('members', (l) => members.push(l));
    room.on('videoMembers', (l) => video.push(l));
    room.on('speakers', (l) => speakers.push(l));
    room.on('screenMembers', (l) => screens.push(l));
    await joinAlice();
    const bob = cloud.addRemote('r1', 'bob', { camera: true, mic: true, platform: 'web' });
    await flush();
    bob.speak(true);
    bob.startScreenShare();
    await flush();
    expect(members[members.length - 1]).toEqual(['alice', 'bob']);
    expect(video[video.length - 1]).toContain('bob');
    expect(speakers[speakers.length - 1]).toContain('bob');
    expect(screens[screens.length - 1]).toEqual(['bob']);
    // Malformed payloads never wipe the lists; duplicates and non-strings are dropped.
    fake.control.emitRaw('onRtcChatMembersChanged', {} as never);
    fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: ['alice', 'alice', 7 as unknown as string, 'bob'] });
    expect(members[members.length - 1]).toEqual(['alice', 'bob']);
  });

  test('interrupted, state (either spelling, de-duplicated) and token-will-expire reach subscribers', async () => {
    const states: unknown[] = [];
    const interrupts: unknown[] = [];
    let willExpire = 0;
    room.on('state', (s) => states.push(s));
    room.on('interrupted', (p) => interrupts.push(p));
    room.on('tokenWillExpire', () => willExpire++);
    await joinAlice();
    // This fake client has both registrars; one emitted payload must arrive once.
    fake.control.emitRaw('onRtcStateChanged', { errNo: -1009, errMsg: 'expired' });
    fake.control.emitRaw('onRtcStateChange', { errNo: -1009, errMsg: 'expired' });
    expect(states).toEqual([{ meaning: 'token-expired', code: -1009, message: 'expired' }]);
    cloud.warnTokenExpiry('alice');
    await flush();
    expect(willExpire).toBe(1);
    fake.control.interrupt({ errNo: 1, errMsg: 'network' });
    await flush();
    expect(interrupts).toEqual([{ meaning: 'lost', code: 1, message: 'network' }]);
  });

  test('state and interrupt payloads arrive classified (stores never read the raw payload)', async () => {
    const states: unknown[] = [];
    const interrupts: unknown[] = [];
    room.on('state', (s) => states.push(s));
    room.on('interrupted', (p) => interrupts.push(p));
    await joinAlice();
    const state = (p: unknown): void => fake.control.emitRaw('onRtcStateChanged', p as never);
    state({ errNo: -1004, errMsg: 'dup' });
    state({ code: -1006 });
    state({ errCode: '-1011', errMsg: 'dismissed' });
    state({ errNo: -1000, errMsg: 'bad token' });
    state({ errNo: -1001 });
    state({ errNo: 42, errMsg: 'something' });
    // R7: an API error on the state event is diagnostics, even with a room-state code or token text.
    state({ errNo: -1004, errMsg: 'changeStreamPublishState:fail -1004' });
    state({ errCode: 'x', errMsg: 'updateToken:fail token expired' });
    state('junk');
    // Codes must be whole numbers; an API error only when the text starts with "<api>:fail".
    state({ errCode: '-1004abc' });
    state({ errCode: 'x-1004' });
    state({ errNo: -1006, errMsg: 'removed; changeStreamPublishState:fail earlier' });
    expect(states).toStrictEqual([
      { meaning: 'duplicate-login', code: -1004, message: 'dup' },
      { meaning: 'kicked', code: -1006, message: 'kicked' },
      { meaning: 'kicked', code: '-1011', message: 'dismissed' },
      { meaning: 'token-expired', code: -1000, message: 'bad token' },
      { meaning: 'lost', code: -1001, message: 'lost' },
      { meaning: 'info', code: 42, message: 'something' },
      { meaning: 'info', code: -1004, message: 'changeStreamPublishState:fail -1004' },
      { meaning: 'info', code: 'x', message: 'updateToken:fail token expired' },
      { meaning: 'info', message: 'info' },
      { meaning: 'info', code: '-1004abc', message: 'info' },
      { meaning: 'info', code: 'x-1004', message: 'info' },
      { meaning: 'kicked', code: -1006, message: 'removed; changeStreamPublishState:fail earlier' },
    ]);
    const interrupt = (p: object): void => fake.control.emitRaw('onRtcChatInterrupted', p as never);
    interrupt({});
    interrupt({ errCode: '-1009' });
    interrupt({ errNo: 7, errMsg: 'logged in on other device' });
    interrupt({ errMsg: 'Token expired' });
    interrupt({ errMsg: 'token invalid' });
    interrupt({ errMsg: 'you were kicked' });
    interrupt({ errNo: 3, errMsg: 'tokens are fine, network is not' });
    interrupt({ errNo: -1006 });
    expect(interrupts).toStrictEqual([
      { meaning: 'lost', message: 'interrupted' },
      { meaning: 'token-expired', code: '-1009', message: 'interrupted' },
      { meaning: 'duplicate-login', code: 7, message: 'logged in on other device' },
      { meaning: 'token-expired', message: 'Token expired' },
      { meaning: 'token-expired', message: 'token invalid' },
      { meaning: 'kicked', message: 'you were kicked' },
      { meaning: 'lost', code: 3, message: 'tokens are fine, network is not' },
      { meaning: 'kicked', code: -1006, message: 'interrupted' },
    ]);
  });

  test('only the state spelling the client has is used', async () => {
    const legacy = createFakeTt(cloud, { stateEventName: 'onRtcStateChange' });
    const r = createRtcRoom(legacy.tt, 'app');
    const got: unknown[] = [];
    expect(r.supportsEvent('state')).toBe(true);
    r.on('state', (s) => got.push(s));
    legacy.control.emitRaw('onRtcStateChange', { errNo: 5 });
    expect(got).toEqual([{ meaning: 'info', code: 5, message: 'info' }]);
    r.dispose();
  });

  test('unsubscribe removes one listener; dispose() offs every platform handler with the same reference', async () => {
    const a: string[][] = [];
    const b: string[][] = [];
    const offA = room.on('members', (l) => a.push(l));
    room.on('members', (l) => b.push(l));
    room.on('state', () => undefined);
    room.on('interrupted', () => undefined);
    room.on('tokenWillExpire', () => undefined);
    await joinAlice();
    offA();
    fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: ['alice', 'x'] });
    expect(a).toEqual([['alice']]);
    expect(b[b.length - 1]).toEqual(['alice', 'x']);
    room.dispose();
    const offCalls = fake.control.calls.filter((c) => c.api.startsWith('ctx.off')).map((c) => c.api);
    expect(offCalls.sort()).toEqual(
      [
        'ctx.offRtcChatMembersChanged',
        'ctx.offRtcStateChanged',
        'ctx.offRtcStateChange',
        'ctx.offRtcChatInterrupted',
        'ctx.offRoomTokenWillExpire',
      ].sort(),
    );
    const before = b.length;
    fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: ['late'] });
    expect(b.length).toBe(before);
    // After dispose every call rejects without touching the platform.
    fake.control.clearCalls();
    const r = await settled(room.setAudioCapture(true));
    expect(r).toMatchObject({ ok: false, error: { category: 'disposed' } });
    expect(fake.control.calls).toHaveLength(0);
  });

  test('a throwing listener does not starve the others', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const got: string[][] = [];
    room.on('members', () => {
      throw new Error('bug');
    });
    room.on('members', (l) => got.push(l));
    await joinAlice();
    expect(got).toEqual([['alice']]);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('what a caller reads off a failure', () => {
  function thrownBy(fn: () => unknown): PlatformError {
    try {
      fn();
    } catch (e) {
      return e as PlatformError;
    }
    throw new Error('did not throw');
  }

  test('createRtcRoom refusals name createRtcRoomContext and say why', () => {
    const noAppId = thrownBy(() => createRtcRoom(createFakeTt(cloud).tt, ''));
    expect(noAppId).toMatchObject({ api: 'createRtcRoomContext', category: 'bad-parameter', rawMessage: 'RTC AppId is not configured' });
    expect(noAppId.message).toBe('createRtcRoomContext failed: bad-parameter: RTC AppId is not configured');
    const old = createFakeTt(cloud);
    old.control.removeMethod('tt.createRtcRoomContext');
    expect(thrownBy(() => createRtcRoom(old.tt, SIM_APP_ID))).toMatchObject({
      api: 'createRtcRoomContext',
      category: 'unsupported',
      rawMessage: 'createRtcRoomContext needs base library 2.42.0+',
    });
    expect(thrownBy(() => createRtcRoom(fake.tt, SIM_APP_ID))).toMatchObject({
      api: 'createRtcRoomContext',
      category: 'busy',
      rawMessage: 'another RTC context is still alive: exit it first',
    });
    const empty = createFakeTt(cloud);
    empty.control.createContextFailure = 'return-null';
    expect(thrownBy(() => createRtcRoom(empty.tt, SIM_APP_ID))).toMatchObject({
      api: 'createRtcRoomContext',
      category: 'capability-denied',
      code: undefined,
      rawMessage: 'createRtcRoomContext returned no context',
    });
  });

  test('a createRtcRoomContext that throws 116183 reaches the caller with the platform code and text', () => {
    const denied = createFakeTt(cloud);
    denied.control.createContextFailure = 'throw-116183';
    expect(thrownBy(() => createRtcRoom(denied.tt, SIM_APP_ID))).toMatchObject({
      api: 'createRtcRoomContext',
      category: 'capability-denied',
      code: 116183,
      rawMessage: 'createRtcRoomContext:fail platform auth deny',
    });
  });

  // A client whose createRtcRoomContext throws a given error (the fake throws only 116183).
  const throwing = (error: unknown): TtPlatform =>
    ({
      createRtcRoomContext: () => {
        throw error;
      },
    }) as unknown as TtPlatform;

  test('"auth deny" without a known code is a refused capability; a known code or other text keeps its category', () => {
    const authDeny = new Error('createRtcRoomContext:fail auth deny');
    expect(thrownBy(() => createRtcRoom(throwing(authDeny), SIM_APP_ID))).toMatchObject({
      category: 'capability-denied',
      code: undefined,
      rawMessage: 'createRtcRoomContext:fail auth deny',
    });
    const other = new TypeError('createRtcRoomContext:fail invalid parameter');
    expect(thrownBy(() => createRtcRoom(throwing(other), SIM_APP_ID))).toMatchObject({
      category: 'unknown',
      rawMessage: 'createRtcRoomContext:fail invalid parameter',
    });
    const permission = Object.assign(new Error('createRtcRoomContext:fail auth deny'), { errNo: 10200 });
    expect(thrownBy(() => createRtcRoom(throwing(permission), SIM_APP_ID))).toMatchObject({ category: 'permission-denied', code: 10200 });
  });

  test('a failed method names RtcRoomContext.<method>', async () => {
    fake.control.failNext('ctx.joinRtcRoom', { errNo: 21101, errMsg: 'joinRtcRoom:fail invalid token' });
    const r = await settled(room.join({ roomId: 'r1', userId: 'alice', token: 't' }));
    expect(r).toMatchObject({ ok: false, error: { api: 'RtcRoomContext.joinRtcRoom', category: 'invalid-token' } });
    if (!r.ok) expect(r.error.message).toBe('RtcRoomContext.joinRtcRoom failed: invalid-token (21101): joinRtcRoom:fail invalid token');
  });

  test('a call after exit rejects "disposed" for that method, without reaching the platform', async () => {
    await joinAlice();
    await settled(room.exit('r1'));
    fake.control.clearCalls();
    const r = await settled(room.setVideoCapture(true));
    expect(r).toMatchObject({
      ok: false,
      error: { api: 'RtcRoomContext.changeVideoCapture', category: 'disposed', code: undefined, rawMessage: 'the RTC room was disposed' },
    });
    expect(fake.control.calls).toEqual([]);
  });
});

describe('join arguments', () => {
  test('roomConfig carries only the flags the caller set (no undefined keys)', async () => {
    await settled(room.join({ roomId: 'r1', userId: 'alice', token: cloud.mintToken('r1', 'alice'), autoSubscribe: false }));
    expect(fake.control.callsTo('ctx.joinRtcRoom')[0].args).toStrictEqual({
      roomId: 'r1',
      userId: 'alice',
      token: expect.any(String),
      roomConfig: { autoSubscribe: false },
    });
    const other = createFakeTt(cloud);
    const bob = createRtcRoom(other.tt, SIM_APP_ID);
    await settled(bob.join({ roomId: 'r1', userId: 'bob', token: cloud.mintToken('r1', 'bob'), autoPublish: true }));
    expect(other.control.callsTo('ctx.joinRtcRoom')[0].args).toStrictEqual({
      roomId: 'r1',
      userId: 'bob',
      token: expect.any(String),
      roomConfig: { autoPublish: true },
    });
    bob.dispose();
  });
});

describe('the one-context slot (R9)', () => {
  test('a parked context is not taken over for another AppId: busy, and the platform is not asked', () => {
    room.park();
    expect(() => createRtcRoom(fake.tt, 'other-app')).toThrow(expect.objectContaining({ category: 'busy' }));
    expect(fake.control.callsTo('tt.createRtcRoomContext')).toHaveLength(1);
  });

  test('park() after dispose hands nothing over: a context that joined stays busy', async () => {
    await joinAlice();
    room.dispose();
    room.park();
    expect(() => createRtcRoom(fake.tt, SIM_APP_ID)).toThrow(expect.objectContaining({ category: 'busy' }));
    expect(fake.control.callsTo('tt.createRtcRoomContext')).toHaveLength(1);
  });

  test('exit() on a parked room whose context another room took over leaves that room the slot', async () => {
    room.park();
    const next = createRtcRoom(fake.tt, SIM_APP_ID);
    expect(await settled(room.exit('r1'))).toMatchObject({ ok: false, error: { category: 'disposed' } });
    // The context is still live and owned by `next`: a third room must be refused, not created (R9).
    expect(() => createRtcRoom(fake.tt, SIM_APP_ID)).toThrow(expect.objectContaining({ category: 'busy' }));
    expect(fake.control.callsTo('tt.createRtcRoomContext')).toHaveLength(1);
    expect(fake.control.violations).toEqual([]);
    next.dispose();
  });

  test('exiting an old room again does not free the slot of the room created after it', async () => {
    await joinAlice();
    await settled(room.exit('r1'));
    const next = createRtcRoom(fake.tt, SIM_APP_ID);
    expect(await settled(room.exit('r1'))).toMatchObject({ ok: false, error: { category: 'disposed' } });
    expect(() => createRtcRoom(fake.tt, SIM_APP_ID)).toThrow(expect.objectContaining({ category: 'busy' }));
    expect(fake.control.callsTo('tt.createRtcRoomContext')).toHaveLength(2);
    expect(fake.control.violations).toEqual([]);
    next.dispose();
  });
});
