// Random sequences of user actions and platform events; invariants checked after every step.
import fc from 'fast-check';
import type { JoinRtcRoomOptions, RawRtcRoomContext } from '../../services/platform/tt-types';
import { ME, ROOM, createRoomHarness, type RoomHarness } from '../../sim/helpers/room-harness';
import type { RemoteUser } from '../../sim/cloud';

const REMOTES = ['b1', 'b2', 'b3'] as const;
type RemoteId = (typeof REMOTES)[number];

type Step =
  | { t: 'open' | 'leave' | 'retry' | 'rejoin' | 'flip' | 'speaker' | 'hide-show' | 'refresh' | 'interrupt' | 'will-expire' | 'expire' | 'late-event' }
  | { t: 'mic' | 'camera' | 'audio-only' | 'network'; on: boolean }
  | { t: 'remote-join' | 'remote-leave' | 'share' | 'unshare' | 'pin'; id: RemoteId }
  | { t: 'remote-camera' | 'remote-speak'; id: RemoteId; on: boolean }
  | { t: 'fail-join'; code: number }
  | { t: 'time'; ms: number };

const id = fc.constantFrom(...REMOTES);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom(
    ...(['open', 'leave', 'retry', 'rejoin', 'flip', 'speaker', 'hide-show', 'refresh', 'interrupt', 'will-expire', 'expire', 'late-event'] as const),
  ).map((t) => ({ t }) as Step),
  fc.record({ t: fc.constantFrom('mic' as const, 'camera' as const, 'audio-only' as const, 'network' as const), on: fc.boolean() }),
  fc.record({ t: fc.constantFrom('remote-join' as const, 'remote-leave' as const, 'share' as const, 'unshare' as const, 'pin' as const), id }),
  fc.record({ t: fc.constantFrom('remote-camera' as const, 'remote-speak' as const), id, on: fc.boolean() }),
  fc.record({ t: fc.constant('fail-join' as const), code: fc.constantFrom(21100, 21101, 21102, 115910, 10200) }),
  fc.record({ t: fc.constant('time' as const), ms: fc.constantFrom(1, 20, 300, 1500, 5000, 20000) }),
);

interface World {
  h: RoomHarness;
  remotes: Map<RemoteId, RemoteUser>;
  inFlightJoins: number;
  maxInFlightJoins: number;
}

/** Wraps every context the store creates so we can count joins that have not called back yet. */
function world(): World {
  const h = createRoomHarness({ tokenSource: { fetchToken: (r, u) => Promise.resolve(h.cloud.mintToken(r, u)) } });
  const w: World = { h, remotes: new Map(), inFlightJoins: 0, maxInFlightJoins: 0 };
  const create = h.fake.tt.createRtcRoomContext!.bind(h.fake.tt);
  h.fake.tt.createRtcRoomContext = (o) => {
    const ctx = create(o) as RawRtcRoomContext | null | undefined;
    if (!ctx || !ctx.joinRtcRoom) return ctx;
    const join = ctx.joinRtcRoom;
    ctx.joinRtcRoom = function (this: RawRtcRoomContext, opts: JoinRtcRoomOptions) {
      w.inFlightJoins++;
      w.maxInFlightJoins = Math.max(w.maxInFlightJoins, w.inFlightJoins);
      const done = (): void => {
        w.inFlightJoins--;
      };
      join.call(this, {
        ...opts,
        success: (r) => (done(), opts.success && opts.success(r)),
        fail: (e) => (done(), opts.fail && opts.fail(e)),
      });
    };
    return ctx;
  };
  return w;
}

function apply(w: World, s: Step): void {
  const { h } = w;
  const c = h.fake.control;
  const remote = (rid: RemoteId): RemoteUser | undefined => {
    const r = w.remotes.get(rid);
    return r && r.present ? r : undefined;
  };
  switch (s.t) {
    case 'open': return h.store.open(h.query());
    case 'leave': return void h.store.leave();
    case 'retry': return h.store.retry();
    case 'rejoin': return h.store.rejoin();
    case 'flip': return h.store.flipCamera();
    case 'speaker': return h.store.toggleSpeaker();
    case 'hide-show': h.store.onAppHide(); return h.store.onAppShow();
    case 'refresh': return void h.store.refreshPermissions();
    case 'interrupt': return void c.interrupt({ errNo: 1, errMsg: 'lost' });
    // The sim refuses token events for a user who is not in the room (nothing would deliver them).
    case 'will-expire': return h.cloud.room(ROOM).has(ME) ? h.cloud.warnTokenExpiry(ME) : undefined;
    case 'expire': return h.cloud.room(ROOM).has(ME) ? h.cloud.expireToken(ME, { via: 'state' }) : undefined;
    case 'late-event': return c.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, ME, 'ghost'] });
    case 'mic': return h.store.setMic(s.on);
    case 'camera': return h.store.setCamera(s.on);
    case 'audio-only': return h.store.setAudioOnly(s.on);
    case 'network': return c.setNetwork({ isConnected: s.on, networkType: s.on ? 'wifi' : 'none' });
    case 'remote-join':
      if (!remote(s.id)) w.remotes.set(s.id, h.cloud.addRemote(ROOM, s.id, { camera: true, mic: true, platform: 'web' }));
      return;
    case 'remote-leave': return remote(s.id)?.leave();
    case 'share': return remote(s.id)?.startScreenShare();
    case 'unshare': return remote(s.id)?.stopScreenShare();
    case 'pin': return h.store.pinSharer(s.id);
    case 'remote-camera': return remote(s.id)?.setCamera(s.on);
    case 'remote-speak': return remote(s.id)?.speak(s.on);
    case 'fail-join': return c.failNext('ctx.joinRtcRoom', s.code === 115910 ? { errorCode: 115910 } : { errNo: s.code });
    case 'time': return;
  }
}

function checkInvariants(w: World): void {
  const { store } = w.h;
  const keys = store.tiles.map((t) => t.userId);
  expect(new Set(keys).size).toBe(keys.length);
  expect(store.tiles[0].userId).toBe(ME);
  expect(store.tiles.slice(1).some((t) => t.userId === ME)).toBe(false);
  const stage = store.stage;
  if (stage) expect(store.screenMembers).toContain(stage.userId);
  expect(w.maxInFlightJoins).toBeLessThanOrEqual(1);
  // The cloud never holds two sessions for me.
  expect(w.h.cloud.room(ROOM).members.filter((m) => m === ME).length).toBeLessThanOrEqual(1);
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('invariants hold under random action and event sequences', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 50 }), async (steps) => {
      const w = world();
      w.h.store.open(w.h.query());
      for (const s of steps) {
        const leftBefore = w.h.store.phase === 'left';
        const callsBefore = w.h.apis().length;
        apply(w, s);
        await w.h.settle(s.t === 'time' ? s.ms : 5);
        checkInvariants(w);
        const userRestarts = s.t === 'open' || s.t === 'rejoin';
        if (leftBefore && !userRestarts) {
          // After leaving, nothing reaches the RTC context any more.
          expect(w.h.apis().length).toBe(callsBefore);
          expect(w.h.store.phase).toBe('left');
        }
      }
      // Whatever happened, leaving ends with nobody of ours in the room.
      const done = w.h.store.leave();
      await w.h.settle(20000);
      await done;
      expect(['left', 'idle']).toContain(w.h.store.phase);
      expect(w.h.cloud.room(ROOM).has(ME)).toBe(false);
    }),
    { numRuns: 200 },
  );
});
