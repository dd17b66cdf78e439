// services/rtc/rtc-events.ts: which platform payloads reach our listeners, and how listeners come and go.
// The hub is driven on a raw fake context, so the room's own disposed guard does not hide the hub's.
import type { RawRtcRoomContext } from '../../services/platform/tt-types';
import { RtcEventHub } from '../../services/rtc/rtc-events';
import type { RoomEvent } from '../../services/rtc/room-events';
import { RtcCloud, SIM_APP_ID } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';

let fake: FakeTt;
let ctx: RawRtcRoomContext;
let hub: RtcEventHub;

beforeEach(() => {
  jest.useFakeTimers();
  fake = createFakeTt(new RtcCloud(), { label: 'alice', stateEventName: 'both' });
  ctx = fake.tt.createRtcRoomContext!({ appId: SIM_APP_ID })!;
  hub = new RtcEventHub(ctx);
});
afterEach(() => {
  hub.dispose();
  jest.useRealTimers();
});

// Payloads the typings do not allow, as a broken or future client might send them.
const emit = (event: string, payload: unknown): void => fake.control.emitRaw(event as never, payload as never);

describe('supports', () => {
  test('an event is supported only when the client has one of its on* registrars', () => {
    fake.control.removeMethod('ctx.onRtcChatInterrupted');
    expect(hub.supports('members')).toBe(true);
    expect(hub.supports('state')).toBe(true);
    expect(hub.supports('interrupted')).toBe(false);
  });
});

describe('list events', () => {
  test('a null or empty snapshot reaches no listener (and does not throw into the platform)', () => {
    const got: string[][] = [];
    hub.on('members', (l) => got.push(l));
    expect(() => emit('onRtcChatMembersChanged', null)).not.toThrow();
    emit('onRtcChatMembersChanged', {});
    emit('onRtcChatMembersChanged', { userIdList: 'alice' });
    expect(got).toEqual([]);
    emit('onRtcChatMembersChanged', { userIdList: ['alice'] });
    expect(got).toEqual([['alice']]);
  });
});

describe('state de-duplication', () => {
  test('the same state payload twice within 100 ms arrives once; again at 100 ms it arrives again', () => {
    const got: RoomEvent[] = [];
    hub.on('state', (s) => got.push(s));
    emit('onRtcStateChanged', { errNo: -1006 });
    jest.advanceTimersByTime(99);
    emit('onRtcStateChanged', { errNo: -1006 });
    expect(got).toHaveLength(1);
    jest.advanceTimersByTime(100);
    emit('onRtcStateChanged', { errNo: -1006 });
    expect(got).toHaveLength(2);
    jest.advanceTimersByTime(100);
    emit('onRtcStateChange', { errNo: -1006 });
    expect(got).toHaveLength(3);
    expect(got[2]).toEqual({ meaning: 'kicked', code: -1006, message: 'kicked' });
  });
});

describe('token will expire', () => {
  test('is passed on as the platform sent it, not classified like an interruption', () => {
    const got: unknown[] = [];
    hub.on('tokenWillExpire', (p) => got.push(p));
    emit('onRoomTokenWillExpire', undefined);
    expect(got).toEqual([undefined]);
  });
});

describe('subscribing and unsubscribing', () => {
  test('calling an unsubscribe twice removes only that listener', () => {
    const a: string[][] = [];
    const b: string[][] = [];
    const offA = hub.on('members', (l) => a.push(l));
    hub.on('members', (l) => b.push(l));
    offA();
    offA();
    emit('onRtcChatMembersChanged', { userIdList: ['alice'] });
    expect(a).toEqual([]);
    expect(b).toEqual([['alice']]);
  });

  test('a listener that unsubscribes itself while the event is delivered does not make the next one miss it', () => {
    const got: string[] = [];
    const offFirst = hub.on('members', () => {
      got.push('first');
      offFirst();
    });
    hub.on('members', () => got.push('second'));
    emit('onRtcChatMembersChanged', { userIdList: ['alice'] });
    expect(got).toEqual(['first', 'second']);
  });

  test('after dispose, on() registers nothing on the platform and delivers nothing', () => {
    hub.dispose();
    fake.control.clearCalls();
    const got: string[][] = [];
    hub.on('members', (l) => got.push(l));
    expect(fake.control.calls).toEqual([]);
    expect(fake.control.contexts[0].listenerCount('onRtcChatMembersChanged')).toBe(0);
    emit('onRtcChatMembersChanged', { userIdList: ['alice'] });
    expect(got).toEqual([]);
  });
});
