import type { PlatformFailure, RawRtcRoomContext, RtcInterruptPayload, RtcStatePayload } from '../../services/platform/tt-types';
import { AccessToken, Privilege } from '../../server/src/token/access-token';
import { readTokenInfo } from '../../services/token-info';
import { RtcCloud, RtcCloudOptions, SIM_APP_ID, SIM_APP_KEY } from '../../sim/cloud';
import { createFakeTt, FakeTt, FakeTtOptions } from '../../sim/fake-tt';
import { flush } from '../../sim/time';

type Outcome = { ok: true; errMsg: string } | { ok: false; err: PlatformFailure };

/** Call a callback-style context method and resolve with what came back. */
function callCtx<O extends object>(
  ctx: RawRtcRoomContext,
  name: 'joinRtcRoom' | 'exitRtcRoom' | 'changeAudioCapture' | 'changeVideoCapture' | 'switchCamera' | 'changeStreamPublishState' | 'changeUserVisibility' | 'updateToken' | 'setAudioPlaybackDevice',
  opts: O,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const fn = ctx[name] as unknown as ((o: unknown) => void) | undefined;
    if (!fn) throw new Error(`no ${name}`);
    fn.call(ctx, {
      ...opts,
      success: (r: { errMsg: string }) => resolve({ ok: true, errMsg: r.errMsg }),
      fail: (e: PlatformFailure) => resolve({ ok: false, err: e }),
    });
  });
}

interface User {
  fake: FakeTt;
  ctx: RawRtcRoomContext;
  lists: { members: string[][]; video: string[][]; speakers: string[][]; screen: string[][] };
  interrupts: RtcInterruptPayload[];
  states: RtcStatePayload[];
  willExpire: number;
}

function makeUser(cloud: RtcCloud, options?: FakeTtOptions): User {
  const fake = createFakeTt(cloud, options);
  const ctx = fake.tt.createRtcRoomContext!({ appId: SIM_APP_ID })!;
  const u: User = { fake, ctx, lists: { members: [], video: [], speakers: [], screen: [] }, interrupts: [], states: [], willExpire: 0 };
  ctx.onRtcChatMembersChanged!((p) => u.lists.members.push(p.userIdList));
  ctx.onRtcVideoMembersChanged!((p) => u.lists.video.push(p.userIdList));
  ctx.onRtcChatSpeakersChanged!((p) => u.lists.speakers.push(p.userIdList));
  ctx.onRtcPublishScreenMembersChanged!((p) => u.lists.screen.push(p.userIdList));
  ctx.onRtcChatInterrupted!((p) => u.interrupts.push(p));
  (ctx.onRtcStateChanged ?? ctx.onRtcStateChange)!.call(ctx, (p) => u.states.push(p));
  ctx.onRoomTokenWillExpire!(() => u.willExpire++);
  return u;
}

const last = <T>(xs: T[]): T | undefined => xs[xs.length - 1];

async function join(cloud: RtcCloud, u: User, roomId: string, userId: string, extra: object = {}): Promise<Outcome> {
  return settle(callCtx(u.ctx, 'joinRtcRoom', { roomId, userId, token: cloud.mintToken(roomId, userId), ...extra }));
}

async function settle(p: Promise<Outcome>): Promise<Outcome> {
  await flush();
  return p;
}

let cloud: RtcCloud;
function newCloud(o?: RtcCloudOptions): RtcCloud {
  cloud = new RtcCloud(o);
  return cloud;
}

beforeEach(() => {
  jest.useFakeTimers();
  newCloud();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('membership snapshots', () => {
  test('join succeeds, then full lists arrive including self; peers get snapshots in join order', async () => {
    const a = makeUser(cloud);
    const b = makeUser(cloud);
    expect(await join(cloud, a, 'r1', 'alice')).toEqual({ ok: true, errMsg: 'joinRtcRoom:ok' });
    expect(a.lists.members).toEqual([['alice']]);
    expect(a.lists.video).toEqual([[]]); // initial lists: all four
    expect(a.lists.speakers).toEqual([[]]);
    expect(a.lists.screen).toEqual([[]]);
    await join(cloud, b, 'r1', 'bob');
    expect(last(a.lists.members)).toEqual(['alice', 'bob']);
    expect(b.lists.members).toEqual([['alice', 'bob']]);
    // unchanged lists are not re-sent
    expect(a.lists.video).toEqual([[]]);
    expect(cloud.room('r1').members).toEqual(['alice', 'bob']);
  });

  test('success callback comes before the first list event', async () => {
    const a = makeUser(cloud);
    const order: string[] = [];
    a.ctx.onRtcChatMembersChanged!(() => order.push('members'));
    a.ctx.joinRtcRoom!({ roomId: 'r', userId: 'a', token: cloud.mintToken('r', 'a'), success: () => order.push('success') });
    await flush();
    await flush();
    expect(order).toEqual(['success', 'members']);
  });

  test('video list only with camera captured AND published', async () => {
    const a = makeUser(cloud);
    await join(cloud, a, 'r', 'alice', { roomConfig: { autoPublish: false } });
    expect(await settle(callCtx(a.ctx, 'changeVideoCapture', { state: 1 }))).toMatchObject({ ok: true });
    expect(last(a.lists.video)).toEqual([]);
    expect(await settle(callCtx(a.ctx, 'changeStreamPublishState', { state: 1, streamType: 'both' }))).toMatchObject({ ok: true });
    expect(last(a.lists.video)).toEqual(['alice']);
    await settle(callCtx(a.ctx, 'changeVideoCapture', { state: 0 }));
    expect(last(a.lists.video)).toEqual([]);
  });

  test('capture before join + autoPublish default puts self in the video list at once', async () => {
    const a = makeUser(cloud);
    await settle(callCtx(a.ctx, 'changeVideoCapture', { state: 1 }));
    await join(cloud, a, 'r', 'alice');
    expect(a.lists.video).toEqual([['alice']]);
  });

  test('remote camera, leave', async () => {
    const a = makeUser(cloud);
    await join(cloud, a, 'r', 'alice');
    const bob = cloud.addRemote('r', 'bob', { camera: true });
    await flush();
    expect(last(a.lists.members)).toEqual(['alice', 'bob']);
    expect(last(a.lists.video)).toEqual(['bob']);
    bob.setCamera(false);
    await flush();
    expect(last(a.lists.video)).toEqual([]);
    bob.leave();
    await flush();
    expect(last(a.lists.members)).toEqual(['alice']);
    expect(bob.present).toBe(false);
    expect(() => bob.setMic(true)).toThrow(/no longer in room/);
  });

  test('screen share only from non-Douyin remotes', async () => {
    const a = makeUser(cloud);
    await join(cloud, a, 'r', 'alice');
    const web = cloud.addRemote('r', 'web1', { platform: 'web' });
    const dy = cloud.addRemote('r', 'dy1', { platform: 'douyin' });
    expect(() => dy.startScreenShare()).toThrow(/Douyin/);
    web.startScreenShare();
    await flush();
    expect(last(a.lists.screen)).toEqual(['web1']);
    web.stopScreenShare();
    await flush();
    expect(last(a.lists.screen)).toEqual([]);
  });

  test('invisible users are not reported to others and cannot publish', async () => {
    const a = makeUser(cloud);
    const b = makeUser(cloud);
    await join(cloud, a, 'r', 'alice');
    await settle(callCtx(b.ctx, 'changeVideoCapture', { state: 1 }));
    await join(cloud, b, 'r', 'bob');
    expect(last(a.lists.video)).toEqual(['bob']);
    await settle(callCtx(b.ctx, 'changeUserVisibility', { visible: false }));
    expect(last(a.lists.members)).toEqual(['alice']);
    expect(last(a.lists.video)).toEqual([]);
    expect(last(b.lists.members)).toEqual(['alice', 'bob']); // still sees itself
    expect(last(b.lists.video)).toEqual([]);
    expect(cloud.room('r').allMembers).toEqual(['alice', 'bob']);
  });
});

describe('speakers', () => {
  test("'talking' (default): mic on and speaking", async () => {
    const a = makeUser(cloud);
    await settle(callCtx(a.ctx, 'changeAudioCapture', { state: 1 }));
    await join(cloud, a, 'r', 'alice');
    const bob = cloud.addRemote('r', 'bob', { mic: true });
    await flush();
    expect(last(a.lists.speakers)).toEqual([]);
    bob.speak(true);
    a.fake.control.speak(true);
    await flush();
    expect(last(a.lists.speakers)).toEqual(['alice', 'bob']);
    bob.setMic(false);
    await flush();
    expect(last(a.lists.speakers)).toEqual(['alice']);
  });

  test("'mic-on': mic on is enough; selfInSpeakers false hides self", async () => {
    newCloud({ speakerSemantics: 'mic-on', selfInSpeakers: false });
    const a = makeUser(cloud);
    await settle(callCtx(a.ctx, 'changeAudioCapture', { state: 1 }));
    await join(cloud, a, 'r', 'alice');
    cloud.addRemote('r', 'bob', { mic: true });
    await flush();
    expect(last(a.lists.speakers)).toEqual(['bob']);
    expect(cloud.room('r').speakers).toEqual(['alice', 'bob']);
  });
});

describe('join errors', () => {
  test('21100 when the same context joins twice', async () => {
    const a = makeUser(cloud);
    await join(cloud, a, 'r', 'alice');
    expect(await join(cloud, a, 'r2', 'alice')).toEqual({
      ok: false,
      err: { errNo: 21100, errMsg: 'joinRtcRoom:fail user alice is already in the room r' },
    });
  });

  test('21101 for a bad token, a token for another user, and an expired token', async () => {
    const a = makeUser(cloud);
    const invalid = { ok: false, err: { errNo: 21101, errMsg: 'joinRtcRoom:fail invalid token' } };
    expect(await settle(callCtx(a.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'a', token: 'garbage' }))).toEqual(invalid);
    const forB = cloud.mintToken('r', 'b');
    expect(await settle(callCtx(a.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'a', token: forB }))).toEqual(invalid);
    const short = cloud.mintToken('r', 'a', { ttlMs: 1000 });
    await jest.advanceTimersByTimeAsync(1000);
    expect(await settle(callCtx(a.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'a', token: short }))).toEqual(invalid);
    expect(cloud.room('r').members).toEqual([]);
  });

  describe('real "001" tokens (Volcengine AccessToken; docs/platform.md)', () => {
    const OTHER_APP = '0123456789abcdef01234567';
    const KEYS = { [SIM_APP_ID]: SIM_APP_KEY, [OTHER_APP]: 'another0app0key00000000000000000' };
    const invalid = { ok: false, err: { errNo: 21101, errMsg: 'joinRtcRoom:fail invalid token' } };
    const joinWith = (u: User, token: string, roomId = 'r', userId = 'a'): Promise<Outcome> =>
      settle(callCtx(u.ctx, 'joinRtcRoom', { roomId, userId, token }));
    const serverToken = (o: { appId?: string; key?: string; roomId?: string; userId?: string; expireAt?: number; priv?: number } = {}): string => {
      const t = new AccessToken({ appId: o.appId ?? SIM_APP_ID, appKey: o.key ?? SIM_APP_KEY, roomId: o.roomId ?? 'r', userId: o.userId ?? 'a' });
      t.expireTime(o.expireAt ?? 0);
      return t.addPrivilege(Privilege.PublishStream, o.priv ?? 0).addPrivilege(Privilege.SubscribeStream, o.priv ?? 0).serialize();
    };
    const nowS = (): number => Math.floor(Date.now() / 1000);

    test('minted tokens are 001 tokens the app can read without the key', () => {
      const token = cloud.mintToken('r', 'a', { ttlMs: 90_000 });
      expect(token.startsWith(`001${SIM_APP_ID}`)).toBe(true);
      expect(readTokenInfo(token)).toMatchObject({ appId: SIM_APP_ID, roomId: 'r', userId: 'a', expireAt: Math.ceil((Date.now() + 90_000) / 1000) });
    });

    test('a token the real server minted with a known key is accepted, with its encoded expiry', async () => {
      const a = makeUser(cloud);
      const expireAt = nowS() + 100;
      expect(await joinWith(a, serverToken({ expireAt, priv: expireAt }))).toMatchObject({ ok: true });
      expect(cloud.room('r').member('a')?.tokenExpiresAt).toBe(expireAt * 1000);
    });

    test('refused: unparsable, cut short, wrong key, tampered signature, tampered message', async () => {
      const a = makeUser(cloud);
      const good = serverToken();
      const flip = (t: string, i: number): string => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
      for (const token of ['garbage', good.slice(0, 60), good.slice(0, -8), serverToken({ key: 'wrong-key' }), flip(good, good.length - 6), flip(good, 40)]) {
        expect(await joinWith(a, token)).toEqual(invalid);
      }
      expect(cloud.room('r').members).toEqual([]);
    });

    test('refused: another room or user; the "*" room wildcard is accepted', async () => {
      const a = makeUser(cloud);
      expect(await joinWith(a, serverToken({ roomId: 'other' }))).toEqual(invalid);
      expect(await joinWith(a, serverToken({ userId: 'b' }))).toEqual(invalid);
      expect(await joinWith(a, serverToken({ roomId: '*' }))).toMatchObject({ ok: true });
    });

    test('refused: expired by expireAt, or by a privilege that ran out (0 = never)', async () => {
      const a = makeUser(cloud);
      expect(await joinWith(a, serverToken({ expireAt: nowS() - 1 }))).toEqual(invalid);
      expect(await joinWith(a, serverToken({ expireAt: 0, priv: nowS() - 1 }))).toEqual(invalid);
      expect(await joinWith(a, cloud.mintToken('r', 'a', { privileges: { 4: nowS() - 1 } }))).toEqual(invalid);
      expect(await joinWith(a, serverToken({ expireAt: 0, priv: 0 }))).toMatchObject({ ok: true });
    });

    test("refused: a token whose AppId differs from the context's, even when its signature verifies (the AppId is unsigned)", async () => {
      newCloud({ apps: KEYS });
      const a = makeUser(cloud); // context for SIM_APP_ID
      expect(await joinWith(a, cloud.mintToken('r', 'a', { appId: OTHER_APP }))).toEqual(invalid);
      // Same key, AppId swapped in the string: every reference verifier accepts this; the cloud must not.
      const swapped = `001${OTHER_APP}${serverToken({ key: KEYS[OTHER_APP] }).slice(27)}`;
      expect(await joinWith(a, swapped)).toEqual(invalid);
      // An AppId the cloud does not know at all.
      expect(await joinWith(a, serverToken({ appId: 'ffffffffffffffffffffffff', key: 'x' }))).toEqual(invalid);
      expect(await joinWith(a, cloud.mintToken('r', 'a'))).toMatchObject({ ok: true });
    });

    test('updateToken applies the same checks as the join', async () => {
      newCloud({ apps: KEYS });
      const a = makeUser(cloud);
      expect(await joinWith(a, cloud.mintToken('r', 'a', { ttlMs: 60_000 }))).toMatchObject({ ok: true });
      const update = (token: string): Promise<Outcome> => settle(callCtx(a.ctx, 'updateToken', { token }));
      for (const token of [cloud.mintToken('r', 'a', { appId: OTHER_APP }), serverToken({ key: 'wrong' }), serverToken({ roomId: 'x' }), serverToken({ expireAt: nowS() - 1 })]) {
        expect(await update(token)).toMatchObject({ ok: false, err: { errNo: 21101 } });
      }
      expect(await update(serverToken({ expireAt: nowS() + 3600 }))).toMatchObject({ ok: true });
    });
  });

  test("tokenPolicy 'any' accepts any non-empty token", async () => {
    newCloud({ tokenPolicy: 'any' });
    const a = makeUser(cloud);
    expect(await settle(callCtx(a.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'a', token: 'x' }))).toMatchObject({ ok: true });
    const b = makeUser(cloud);
    expect(await settle(callCtx(b.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'b', token: '' }))).toMatchObject({ ok: false });
  });

  test('duplicate userId: newer client wins, older is kicked with onRtcChatInterrupted', async () => {
    const a1 = makeUser(cloud);
    const a2 = makeUser(cloud);
    const bob = makeUser(cloud);
    await join(cloud, a1, 'r', 'alice');
    await join(cloud, bob, 'r', 'bob');
    await join(cloud, a2, 'r', 'alice');
    expect(a1.interrupts).toHaveLength(1);
    expect(a1.interrupts[0].errMsg).toMatch(/duplicate login/);
    expect(a1.fake.control.context?.joined).toBe(false);
    expect(a2.fake.control.context?.joined).toBe(true);
    expect(cloud.room('r').members).toEqual(['bob', 'alice']);
    expect(last(bob.lists.members)).toEqual(['bob', 'alice']);
    // the kicked phone gets back in on a new context (R2), kicking the other one in turn
    expect(await join(cloud, a1, 'r', 'alice')).toMatchObject({ ok: false, err: { errNo: 21100 } });
    await settle(callCtx(a1.ctx, 'exitRtcRoom', { roomId: 'r' }));
    const again = { ...a1, ctx: a1.fake.tt.createRtcRoomContext!({ appId: SIM_APP_ID })! };
    expect(await join(cloud, again, 'r', 'alice')).toMatchObject({ ok: true });
    expect(a2.interrupts).toHaveLength(1);
  });
});

describe('permissions', () => {
  test('refused mic: 10200 + errorCode 115990; refused camera: 10200', async () => {
    const a = makeUser(cloud, { permissions: { 'scope.record': false, 'scope.camera': false } });
    expect(await settle(callCtx(a.ctx, 'changeAudioCapture', { state: 1 }))).toEqual({
      ok: false,
      err: expect.objectContaining({ errNo: 10200, errorCode: 115990, errMsg: 'changeAudioCapture:fail auth deny' }),
    });
    expect(await settle(callCtx(a.ctx, 'changeVideoCapture', { state: 1 }))).toEqual({
      ok: false,
      err: { errNo: 10200, errMsg: 'changeVideoCapture:fail auth deny' },
    });
    // turning off never needs permission
    expect(await settle(callCtx(a.ctx, 'changeVideoCapture', { state: 0 }))).toMatchObject({ ok: true });
  });

  test('never asked: the prompt answer decides and is recorded', async () => {
    const a = makeUser(cloud);
    a.fake.control.setPromptAnswer('scope.camera', false);
    expect(await settle(callCtx(a.ctx, 'changeVideoCapture', { state: 1 }))).toMatchObject({ ok: false });
    expect(await settle(callCtx(a.ctx, 'changeAudioCapture', { state: 1 }))).toEqual({
      ok: true,
      errMsg: 'RtcRoomContext.changeAudioCapture:ok',
    });
    expect(a.fake.control.authSetting).toEqual({ 'scope.camera': false, 'scope.record': true });
  });

  test('switchCamera: invalid value → 20000 / 172299', async () => {
    const a = makeUser(cloud);
    expect(await settle(callCtx(a.ctx, 'switchCamera', { camera: 'side' }))).toEqual({
      ok: false,
      err: expect.objectContaining({ errNo: 20000, errorCode: 172299 }),
    });
    expect(await settle(callCtx(a.ctx, 'switchCamera', { camera: 'back' }))).toMatchObject({ ok: true });
    expect(a.fake.control.context?.camera).toBe('back');
  });
});

describe('createRtcRoomContext', () => {
  test("failure modes: 'throw-116183' and 'return-null'", () => {
    const { tt, control } = createFakeTt(cloud);
    control.createContextFailure = 'throw-116183';
    expect(() => tt.createRtcRoomContext!({ appId: SIM_APP_ID })).toThrow('createRtcRoomContext:fail platform auth deny');
    try {
      tt.createRtcRoomContext!({ appId: SIM_APP_ID });
    } catch (e) {
      expect(e).toMatchObject({ errNo: 116183 });
    }
    control.createContextFailure = 'return-null';
    expect(tt.createRtcRoomContext!({ appId: SIM_APP_ID })).toBeNull();
    control.createContextFailure = null;
    expect(tt.createRtcRoomContext!({ appId: SIM_APP_ID })).toBeTruthy();
  });

  test('a bare string appId (the wrong typings signature) throws', () => {
    const { tt } = createFakeTt(cloud);
    const create = tt.createRtcRoomContext as unknown as (a: string) => unknown;
    expect(() => create.call(tt, 'appid')).toThrow(/expected \{ appId/);
  });

  test('state event registrars follow stateEventName', () => {
    const mk = (o: FakeTtOptions['stateEventName']) => createFakeTt(cloud, { stateEventName: o }).tt.createRtcRoomContext!({ appId: SIM_APP_ID })!;
    const def = mk(undefined);
    expect(typeof def.onRtcStateChanged).toBe('function');
    expect(def.onRtcStateChange).toBeUndefined();
    const typ = mk('onRtcStateChange');
    expect(typ.onRtcStateChanged).toBeUndefined();
    expect(typeof typ.offRtcStateChange).toBe('function');
    const both = mk('both');
    expect(typeof both.onRtcStateChange).toBe('function');
    expect(typeof both.onRtcStateChanged).toBe('function');
  });
});

describe('listeners and calling conventions', () => {
  test('off needs the same reference; registering twice delivers once', async () => {
    const a = makeUser(cloud);
    const seen: string[][] = [];
    const l = (p: { userIdList: string[] }): void => void seen.push(p.userIdList);
    a.ctx.onRtcChatMembersChanged!(l);
    a.ctx.onRtcChatMembersChanged!(l);
    a.ctx.offRtcChatMembersChanged!((p) => l(p)); // different reference: no effect
    await join(cloud, a, 'r', 'alice');
    expect(seen).toEqual([['alice']]);
    a.ctx.offRtcChatMembersChanged!(l);
    cloud.addRemote('r', 'bob');
    await flush();
    expect(seen).toEqual([['alice']]);
    expect(a.fake.control.context?.listenerCount('onRtcChatMembersChanged')).toBe(1); // makeUser's own
  });

  test('detached method call fails; detached registrar throws', async () => {
    const a = makeUser(cloud);
    const detached = a.ctx.changeVideoCapture!;
    const pr = new Promise<PlatformFailure>((resolve) => detached({ state: 1, fail: resolve }));
    await flush();
    const r = await pr;
    expect(r.errMsg).toMatch(/without its RtcRoomContext/);
    const on = a.ctx.onRtcChatMembersChanged!;
    expect(() => on(() => undefined)).toThrow(TypeError);
  });

  test('latency delays the callback; hang never calls back', async () => {
    const a = makeUser(cloud);
    a.fake.control.setLatency('ctx.joinRtcRoom', 500);
    let done = false;
    a.ctx.joinRtcRoom!({ roomId: 'r', userId: 'a', token: cloud.mintToken('r', 'a'), complete: () => (done = true) });
    await jest.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    expect(cloud.room('r').members).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(cloud.room('r').members).toEqual(['a']);

    a.fake.control.hang('ctx.exitRtcRoom');
    let exited = false;
    a.ctx.exitRtcRoom!({ roomId: 'r', complete: () => (exited = true) });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(exited).toBe(false);
    expect(a.fake.control.callsTo('ctx.exitRtcRoom')).toHaveLength(1);
  });

  test("'*' latency applies to every API without its own", async () => {
    const { tt, control } = createFakeTt(cloud);
    control.setLatency('*', 100);
    const done = jest.fn();
    tt.showToast({ title: 'x', complete: done });
    await jest.advanceTimersByTimeAsync(99);
    expect(done).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(done).toHaveBeenCalled();
  });

  test('failNext fails once, failAlways until cleared; default errMsg names the API', async () => {
    const a = makeUser(cloud);
    a.fake.control.failNext('ctx.joinRtcRoom', { errNo: 21102 });
    const r1 = await join(cloud, a, 'r', 'alice');
    expect(r1).toEqual({ ok: false, err: { errNo: 21102, errMsg: 'joinRtcRoom:fail sim injected failure' } });
    expect(await join(cloud, a, 'r', 'alice')).toMatchObject({ ok: true });
    a.fake.control.failAlways('ctx.switchCamera', { errNo: 20000, errMsg: 'nope' });
    expect(await settle(callCtx(a.ctx, 'switchCamera', { camera: 'back' }))).toEqual({ ok: false, err: { errNo: 20000, errMsg: 'nope' } });
    expect(await settle(callCtx(a.ctx, 'switchCamera', { camera: 'back' }))).toMatchObject({ ok: false });
    a.fake.control.failAlways('ctx.switchCamera', null);
    expect(await settle(callCtx(a.ctx, 'switchCamera', { camera: 'back' }))).toMatchObject({ ok: true });
  });

  test('removeMethod removes from existing and future contexts and from tt', () => {
    const { tt, control } = createFakeTt(cloud, { contexts: 'multiple' });
    const c1 = tt.createRtcRoomContext!({ appId: SIM_APP_ID })!;
    control.removeMethod('ctx.updateToken');
    control.removeMethod('tt.setKeepScreenOn');
    const c2 = tt.createRtcRoomContext!({ appId: SIM_APP_ID })!;
    expect(c1.updateToken).toBeUndefined();
    expect(c2.updateToken).toBeUndefined();
    expect('updateToken' in c2).toBe(false);
    expect('setKeepScreenOn' in tt).toBe(false);
  });

  test('calls are recorded in order, without callbacks', async () => {
    const a = makeUser(cloud);
    a.fake.control.clearCalls();
    await join(cloud, a, 'r', 'alice');
    await settle(callCtx(a.ctx, 'exitRtcRoom', { roomId: 'r' }));
    const apis = a.fake.control.calls.map((c) => c.api);
    expect(apis).toEqual(['ctx.joinRtcRoom', 'ctx.exitRtcRoom']);
    expect(a.fake.control.callsTo('ctx.exitRtcRoom')[0].args).toEqual({ roomId: 'r' });
  });
});

describe('leaving, interruption, engine', () => {
  test('no events after exit; peers see the leave', async () => {
    const a = makeUser(cloud);
    const b = makeUser(cloud);
    await join(cloud, a, 'r', 'alice');
    await join(cloud, b, 'r', 'bob');
    const before = a.lists.members.length;
    // an event is in flight when exit happens
    cloud.addRemote('r', 'carol');
    expect(await settle(callCtx(a.ctx, 'exitRtcRoom', { roomId: 'r' }))).toMatchObject({ ok: true });
    cloud.addRemote('r', 'dave');
    await jest.advanceTimersByTimeAsync(10);
    expect(a.lists.members.length).toBeLessThanOrEqual(before + 1);
    expect(a.lists.members.flat()).not.toContain('dave');
    expect(last(b.lists.members)).toEqual(['bob', 'carol', 'dave']);
  });

  test('exit events in flight are dropped with eventDelayMs', async () => {
    newCloud({ eventDelayMs: 100 });
    const a = makeUser(cloud);
    const p = callCtx(a.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'a', token: cloud.mintToken('r', 'a') });
    await flush();
    await p;
    expect(a.lists.members).toEqual([]);
    await settle(callCtx(a.ctx, 'exitRtcRoom', { roomId: 'r' }));
    await jest.advanceTimersByTimeAsync(200);
    expect(a.lists.members).toEqual([]);
  });

  test.each(['strict', 'lenient'] as const)(
    'interrupt: removed, peers see it leave, onRtcChatInterrupted fires; rejoin on the same context (%s)',
    async (rejoin) => {
      const a = makeUser(cloud, { rejoin });
      const b = makeUser(cloud);
      await join(cloud, a, 'r', 'alice');
      await join(cloud, b, 'r', 'bob');
      expect(a.fake.control.interrupt({ errNo: 1, errMsg: 'net down' })).toBe(1);
      await flush();
      expect(a.interrupts).toEqual([{ errNo: 1, errMsg: 'net down' }]);
      expect(last(b.lists.members)).toEqual(['bob']);
      if (rejoin === 'strict') {
        expect(await join(cloud, a, 'r', 'alice')).toMatchObject({ ok: false, err: { errNo: 21100 } });
        expect(cloud.room('r').members).toEqual(['bob']);
      } else {
        expect(await join(cloud, a, 'r', 'alice')).toMatchObject({ ok: true });
        expect(last(a.lists.members)).toEqual(['bob', 'alice']);
      }
    },
  );

  test('emitRaw delivers any event at any time', () => {
    const a = makeUser(cloud);
    a.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: ['ghost'] });
    a.fake.control.emitRaw('onRtcStateChanged', { errNo: 5 });
    expect(a.lists.members).toEqual([['ghost']]);
    expect(a.states).toEqual([{ errNo: 5 }]);
  });

  test('destroyEngine: every call fails with 115910 until a new context is created', async () => {
    const a = makeUser(cloud);
    await join(cloud, a, 'r', 'alice');
    a.fake.control.destroyEngine();
    expect(cloud.room('r').members).toEqual([]);
    expect(await settle(callCtx(a.ctx, 'changeAudioCapture', { state: 0 }))).toEqual({
      ok: false,
      err: expect.objectContaining({ errorCode: 115910 }),
    });
    const fresh = a.fake.tt.createRtcRoomContext!({ appId: SIM_APP_ID })!;
    expect(await settle(callCtx(fresh, 'joinRtcRoom', { roomId: 'r', userId: 'alice', token: cloud.mintToken('r', 'alice') }))).toMatchObject({ ok: true });
  });
});

describe('tokens', () => {
  // Join happens at t=0 (0 latency); settle() leaves the clock at t=10; events land ≤ 2 ms after their timer.
  test('will-expire 30 s before expiry, removal at expiry unless renewed', async () => {
    const a = makeUser(cloud);
    const b = makeUser(cloud);
    const t0 = Date.now();
    await settle(callCtx(a.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'alice', token: cloud.mintToken('r', 'alice', { ttlMs: 60_000 }) }));
    await join(cloud, b, 'r', 'bob');
    await jest.advanceTimersByTimeAsync(t0 + 29_990 - Date.now());
    expect(a.willExpire).toBe(0);
    await flush(20);
    expect(a.willExpire).toBe(1);
    await jest.advanceTimersByTimeAsync(t0 + 59_990 - Date.now());
    expect(a.interrupts).toHaveLength(0);
    await flush(20);
    expect(a.interrupts).toHaveLength(1);
    expect(a.interrupts[0].errMsg).toMatch(/token expired/);
    expect(last(b.lists.members)).toEqual(['bob']);
    expect(a.fake.control.context?.joined).toBe(false);
  });

  test('updateToken with a fresh token extends; a wrong one fails', async () => {
    const a = makeUser(cloud);
    await settle(callCtx(a.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'alice', token: cloud.mintToken('r', 'alice', { ttlMs: 40_000 }) }));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(a.willExpire).toBe(1);
    expect(await settle(callCtx(a.ctx, 'updateToken', { token: cloud.mintToken('r', 'bob') }))).toMatchObject({
      ok: false,
      err: { errNo: 21101 },
    });
    const renewedAt = Date.now();
    expect(await settle(callCtx(a.ctx, 'updateToken', { token: cloud.mintToken('r', 'alice', { ttlMs: 120_000 }) }))).toMatchObject({ ok: true });
    expect(cloud.room('r').member('alice')?.tokenExpiresAt).toBe(renewedAt + 120_000);
    await jest.advanceTimersByTimeAsync(60_000); // past the old expiry
    expect(a.interrupts).toEqual([]);
    expect(cloud.room('r').members).toEqual(['alice']);
    expect(a.willExpire).toBe(1);
    await jest.advanceTimersByTimeAsync(renewedAt + 90_010 - Date.now());
    expect(a.willExpire).toBe(2);
    expect(a.interrupts).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(renewedAt + 120_010 - Date.now());
    expect(a.interrupts).toHaveLength(1);
  });

  test('ttl ≤ 30 s: no will-expire, still expires', async () => {
    const a = makeUser(cloud);
    await settle(callCtx(a.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'alice', token: cloud.mintToken('r', 'alice', { ttlMs: 20_000 }) }));
    await jest.advanceTimersByTimeAsync(20_000);
    expect(a.willExpire).toBe(0);
    expect(a.interrupts).toHaveLength(1);
  });

  test("manual warnTokenExpiry / expireToken via 'state' and 'interrupted'", async () => {
    const a = makeUser(cloud);
    const b = makeUser(cloud, { stateEventName: 'onRtcStateChange' });
    await join(cloud, a, 'r', 'alice');
    await join(cloud, b, 'r', 'bob');
    cloud.warnTokenExpiry('alice');
    await flush();
    expect(a.willExpire).toBe(1);
    cloud.expireToken('bob', { via: 'state' });
    await flush();
    expect(b.states).toEqual([expect.objectContaining({ errNo: -1009 })]);
    expect(b.interrupts).toEqual([]);
    expect(last(a.lists.members)).toEqual(['alice']);
    cloud.expireToken('alice', { via: 'interrupted' });
    await flush();
    expect(a.interrupts).toEqual([expect.objectContaining({ errNo: -1009 })]);
    expect(cloud.room('r').members).toEqual([]);
    expect(() => cloud.warnTokenExpiry('nobody')).toThrow(/no joined client/);
  });
});

describe('subscriptions', () => {
  test('subscribe state is recorded per viewer', async () => {
    const a = makeUser(cloud);
    await join(cloud, a, 'r', 'alice', { roomConfig: { autoSubscribe: false } });
    const view = cloud.room('r');
    expect(view.member('alice')?.isSubscribedTo('bob', 'stream')).toBe(false);
    const done = new Promise<void>((resolve) =>
      a.ctx.changeStreamSubscribeState!({ state: 1, userId: 'bob', streamType: 'both', success: () => resolve() }),
    );
    await flush();
    await done;
    expect(view.member('alice')?.isSubscribedTo('bob', 'stream')).toBe(true);
    expect(view.member('alice')?.isSubscribedTo('bob', 'screen')).toBe(false);
  });
});

describe('class-size envelope: subscriptions, visibility, viewer tokens', () => {
  function sub(u: User, userId: string, state: 0 | 1, streamType: 'both' | 'audio' | 'video'): Promise<Outcome> {
    return settle(
      new Promise((resolve) =>
        u.ctx.changeStreamSubscribeState!({
          state,
          userId,
          streamType,
          success: (r) => resolve({ ok: true, errMsg: r.errMsg }),
          fail: (e) => resolve({ ok: false, err: e }),
        }),
      ),
    );
  }

  test("only 'both' is accepted by default; 'all' takes audio and video apart; receiving() is what really arrives", async () => {
    const strict = makeUser(cloud);
    await join(cloud, strict, 'r', 'alice', { roomConfig: { autoSubscribe: false } });
    cloud.addRemote('r', 'bob', { camera: true, mic: true });
    expect(await sub(strict, 'bob', 1, 'video')).toMatchObject({ ok: false, err: { errNo: 20000 } });
    expect(cloud.room('r').member('alice')!.receiving()).toEqual({ audio: [], video: [], screen: [] });
    const lenient = makeUser(cloud, { subscribeStreamTypes: 'all' });
    await join(cloud, lenient, 'r', 'carol', { roomConfig: { autoSubscribe: false } });
    expect(await sub(lenient, 'bob', 1, 'audio')).toMatchObject({ ok: true });
    expect(cloud.room('r').member('carol')!.receiving()).toEqual({ audio: ['bob'], video: [], screen: [] });
    expect(await sub(lenient, 'bob', 1, 'video')).toMatchObject({ ok: true });
    expect(await sub(lenient, 'bob', 0, 'audio')).toMatchObject({ ok: true });
    expect(cloud.room('r').member('carol')!.receiving()).toEqual({ audio: [], video: ['bob'], screen: [] });
  });

  test('a subscription beyond maxSubscribedStreams fails and changes nothing', async () => {
    newCloud({ maxSubscribedStreams: 4 });
    const a = makeUser(cloud);
    await join(cloud, a, 'r', 'alice', { roomConfig: { autoSubscribe: false } });
    for (const id of ['b', 'c']) expect(await sub(a, id, 1, 'both')).toMatchObject({ ok: true });
    expect(await sub(a, 'd', 1, 'both')).toMatchObject({ ok: false });
    expect(cloud.room('r').member('alice')!.isSubscribedTo('d', 'stream')).toBe(false);
    expect(await sub(a, 'b', 0, 'both')).toMatchObject({ ok: true });
    expect(await sub(a, 'd', 1, 'both')).toMatchObject({ ok: true });
  });

  test('visible users are capped per room; invisible viewers are not; a full room refuses a visible join', async () => {
    newCloud({ maxVisibleUsers: 3 });
    cloud.addRemote('r', 'v1');
    cloud.addRemote('r', 'v2');
    for (let i = 0; i < 10; i++) cloud.addRemote('r', `viewer${i}`, { visible: false });
    const a = makeUser(cloud);
    expect(await join(cloud, a, 'r', 'alice')).toMatchObject({ ok: true });
    expect(() => cloud.addRemote('r', 'v4')).toThrow(/visible users/);
    const b = makeUser(cloud);
    expect(await join(cloud, b, 'r', 'bob')).toMatchObject({ ok: false, err: { errMsg: expect.stringMatching(/visible users/) } });
    expect(cloud.room('r').members).toEqual(['v1', 'v2', 'alice']);
    expect(cloud.room('r').allMembers).toHaveLength(13);
  });

  test("visibility before joining: refused by default (join visible, then hide); 'kept' joins invisible", async () => {
    const a = makeUser(cloud);
    expect(await settle(callCtx(a.ctx, 'changeUserVisibility', { visible: false }))).toMatchObject({ ok: false });
    await join(cloud, a, 'r', 'alice');
    expect(await settle(callCtx(a.ctx, 'changeUserVisibility', { visible: false }))).toMatchObject({ ok: true });
    expect(cloud.room('r').members).toEqual([]);
    const b = makeUser(cloud, { visibilityBeforeJoin: 'kept' });
    const seen = makeUser(cloud);
    await join(cloud, seen, 'r', 'watcher');
    expect(await settle(callCtx(b.ctx, 'changeUserVisibility', { visible: false }))).toMatchObject({ ok: true });
    await join(cloud, b, 'r', 'bob');
    expect(seen.lists.members.flat()).not.toContain('bob');
  });

  test('a subscribe-only (viewer) token never publishes, even when asked', async () => {
    const a = makeUser(cloud);
    const b = makeUser(cloud);
    await join(cloud, b, 'r', 'bob');
    const token = cloud.mintToken('r', 'alice', { privileges: { [Privilege.SubscribeStream]: 0 } });
    await settle(callCtx(a.ctx, 'changeVideoCapture', { state: 1 }));
    expect(await settle(callCtx(a.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'alice', token }))).toMatchObject({ ok: true });
    expect(await settle(callCtx(a.ctx, 'changeStreamPublishState', { state: 1, streamType: 'both' }))).toMatchObject({ ok: false });
    expect(last(b.lists.video)).toEqual([]);
  });
});

// The documented rules (docs/platform.md); each test fails if its rule is taken out of fake-tt.ts.
describe('platform rules', () => {
  test('R1: exit destroys the context; every later call fails 115910; capture stops with it', async () => {
    const a = makeUser(cloud);
    await settle(callCtx(a.ctx, 'changeVideoCapture', { state: 1 }));
    await join(cloud, a, 'r', 'alice');
    expect(await settle(callCtx(a.ctx, 'exitRtcRoom', { roomId: 'r' }))).toMatchObject({ ok: true });
    expect(a.fake.control.context).toMatchObject({ destroyed: true, videoCapture: false });
    for (const [name, opts] of [
      ['joinRtcRoom', { roomId: 'r', userId: 'alice', token: cloud.mintToken('r', 'alice') }],
      ['changeAudioCapture', { state: 1 }],
      ['exitRtcRoom', { roomId: 'r' }],
    ] as const) {
      expect(await settle(callCtx(a.ctx, name, opts))).toMatchObject({ ok: false, err: { errorCode: 115910 } });
    }
    expect(cloud.room('r').has('alice')).toBe(false);
  });

  test('R1: a call already out when the exit lands fails on the destroyed context', async () => {
    const a = makeUser(cloud);
    a.fake.control.setLatency('ctx.joinRtcRoom', 50);
    const joined = callCtx(a.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'alice', token: cloud.mintToken('r', 'alice') });
    await settle(callCtx(a.ctx, 'exitRtcRoom', { roomId: 'r' }));
    await flush(60);
    expect(await joined).toMatchObject({ ok: false, err: { errorCode: 115910 } });
    expect(cloud.room('r').has('alice')).toBe(false);
  });

  test('R2 strict: after a successful join, a second join on the context fails even once the room dropped us', async () => {
    const a = makeUser(cloud);
    await join(cloud, a, 'r', 'alice');
    cloud.expireToken('alice');
    await flush();
    expect(await join(cloud, a, 'r', 'alice')).toMatchObject({ ok: false, err: { errNo: 21100 } });
    // a failed join does not count: the context may still join (both variants agree)
    const b = makeUser(cloud);
    expect(await settle(callCtx(b.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'bob', token: 'bad' }))).toMatchObject({ ok: false });
    expect(await join(cloud, b, 'r', 'bob')).toMatchObject({ ok: true });
  });

  test('R3: with autoPublish false nothing captured reaches others until changeStreamPublishState 1', async () => {
    const a = makeUser(cloud);
    const b = makeUser(cloud);
    await join(cloud, b, 'r', 'bob');
    await join(cloud, a, 'r', 'alice', { roomConfig: { autoPublish: false } });
    await settle(callCtx(a.ctx, 'changeVideoCapture', { state: 1 }));
    await settle(callCtx(a.ctx, 'changeAudioCapture', { state: 1 }));
    a.fake.control.speak(true);
    await flush();
    expect(last(b.lists.video)).toEqual([]);
    expect(cloud.room('r').speakers).toEqual([]);
    await settle(callCtx(a.ctx, 'changeStreamPublishState', { state: 1, streamType: 'both' }));
    expect(last(b.lists.video)).toEqual(['alice']);
    expect(cloud.room('r').speakers).toEqual(['alice']);
  });

  test('R4: capture on a never-asked scope calls back only when the prompt is answered; a join waits for it too', async () => {
    const a = makeUser(cloud, { promptDelayMs: 20000 });
    const cap = callCtx(a.ctx, 'changeVideoCapture', { state: 1 });
    const joined = callCtx(a.ctx, 'joinRtcRoom', { roomId: 'r', userId: 'alice', token: cloud.mintToken('r', 'alice') });
    let capDone = false;
    let joinDone = false;
    void cap.then(() => (capDone = true));
    void joined.then(() => (joinDone = true));
    await flush(19000);
    expect([capDone, joinDone]).toEqual([false, false]);
    await flush(1100);
    expect(await cap).toMatchObject({ ok: true });
    expect(await joined).toMatchObject({ ok: true });
    // answered once: the next capture does not prompt
    expect(await settle(callCtx(a.ctx, 'changeAudioCapture', { state: 0 }))).toMatchObject({ ok: true });
    const cam = await settle(callCtx(a.ctx, 'changeVideoCapture', { state: 1 }));
    expect(cam).toMatchObject({ ok: true });
  });

  test('R5: below base library 2.68.0 the 2.68 methods are missing and roomConfig is ignored', async () => {
    const a = makeUser(cloud, { systemInfo: { SDKVersion: '2.60.0' } });
    expect(a.ctx.changeVideoCapture).toBeUndefined();
    expect(a.ctx.switchCamera).toBeUndefined();
    expect(a.ctx.updateToken).toBeUndefined();
    expect(typeof a.ctx.changeAudioCapture).toBe('function');
    await join(cloud, a, 'r', 'alice', { roomConfig: { autoPublish: false } });
    expect(a.fake.control.context!.publishing).toEqual({ audio: true, video: true });
  });

  test('R7: a failed API call also fires the state event with its raw text', async () => {
    const a = makeUser(cloud);
    await settle(callCtx(a.ctx, 'updateToken', { token: 'x' }));
    expect(a.states).toEqual([{ errNo: undefined, errCode: undefined, errMsg: 'updateToken:fail not in a room' }]);
    const quiet = makeUser(cloud, { apiErrorsOnStateEvent: false });
    await settle(callCtx(quiet.ctx, 'updateToken', { token: 'x' }));
    expect(quiet.states).toEqual([]);
  });

  test('R9: a second live context is refused and recorded; after exit a new one is fine; "multiple" allows it', async () => {
    const a = makeUser(cloud);
    expect(() => a.fake.tt.createRtcRoomContext!({ appId: SIM_APP_ID })).toThrow(/still alive/);
    expect(a.fake.control.violations).toHaveLength(1);
    await settle(callCtx(a.ctx, 'exitRtcRoom', { roomId: 'r' }));
    expect(a.fake.tt.createRtcRoomContext!({ appId: SIM_APP_ID })).toBeTruthy();
    const m = createFakeTt(cloud, { contexts: 'multiple' });
    m.tt.createRtcRoomContext!({ appId: SIM_APP_ID });
    expect(() => m.tt.createRtcRoomContext!({ appId: SIM_APP_ID })).not.toThrow();
    expect(m.control.violations).toEqual([]);
  });
});
