// The call state machine (model.ts) on its own: who may do what in which state, when a retry is a
// harmless repeat and when it is stale, what the sweeper's expire/drop decide, and the records a
// final call leaves (duration, direction). The service applies these decisions as they are, so each
// case here is a frame or a record a client would see.
import { type Action, type Call, decide, decideSystem, type Decision, type Media, recordsOf } from '../src/calls/model';

const T0 = 1_700_000_000_000;

function call(patch: Partial<Call> = {}): Call {
  return {
    v: 4,
    id: 'call-1',
    caller: 'doctor',
    callee: 'patient',
    callerDevice: 'desk',
    media: 'video',
    state: 'ringing',
    roomId: 'room-1',
    createdAt: T0,
    expiresAt: T0 + 30_000,
    ...patch,
  };
}
const accepted = (patch: Partial<Call> = {}) => call({ state: 'accepted', acceptedAt: T0 + 1000, acceptedDevice: 'phone', ...patch });
const kind = (d: Decision) => d.kind;

function changed(d: Decision): { next: Call; final: boolean } {
  if (d.kind !== 'change') throw new Error(`expected a change, got ${d.kind}`);
  return d;
}

describe('decide: a change', () => {
  it('bumps the version by one and stamps endedAt only when the call becomes final', () => {
    const accept = changed(decide(call(), 'accept', 'patient', 'phone', T0 + 1000));
    expect(accept).toEqual({
      kind: 'change',
      final: false,
      next: { ...call(), v: 5, state: 'accepted', acceptedAt: T0 + 1000, acceptedDevice: 'phone' },
    });
    const hangup = changed(decide(accepted(), 'hangup', 'doctor', 'desk', T0 + 9000));
    expect(hangup).toEqual({
      kind: 'change',
      final: true,
      next: { ...accepted(), v: 5, state: 'ended', reason: 'hangup', by: 'doctor', endedAt: T0 + 9000 },
    });
  });

  it('a stranger gets forbidden for every action', () => {
    for (const action of ['accept', 'decline', 'busy', 'cancel', 'hangup', 'media'] as Action[]) {
      expect(kind(decide(call(), action, 'stranger', 'x', T0, 'audio'))).toBe('forbidden');
    }
  });
});

describe('decide: accept', () => {
  it('only the callee accepts', () => {
    expect(kind(decide(call(), 'accept', 'doctor', 'desk', T0))).toBe('forbidden');
  });
  it('again from the accepting device: repeat; from another device or on a call that is over: stale', () => {
    expect(kind(decide(accepted(), 'accept', 'patient', 'phone', T0))).toBe('repeat');
    expect(kind(decide(accepted(), 'accept', 'patient', 'pad', T0))).toBe('stale');
    const over = accepted({ state: 'ended', reason: 'hangup', by: 'doctor', endedAt: T0 + 5000 });
    expect(kind(decide(over, 'accept', 'patient', 'phone', T0))).toBe('stale');
    expect(kind(decide(call({ state: 'cancelled' }), 'accept', 'patient', 'phone', T0))).toBe('stale');
  });
});

describe('decide: decline / busy', () => {
  it('only the callee declines or answers busy; either ends the ringing call', () => {
    expect(kind(decide(call(), 'decline', 'doctor', 'desk', T0))).toBe('forbidden');
    expect(kind(decide(call(), 'busy', 'doctor', 'desk', T0))).toBe('forbidden');
    expect(changed(decide(call(), 'decline', 'patient', 'phone', T0)).next.state).toBe('declined');
    expect(changed(decide(call(), 'busy', 'patient', 'phone', T0)).next.state).toBe('busy');
  });
  it('the same answer again is a repeat; a different one, or a busy the server decided, is stale', () => {
    expect(kind(decide(call({ state: 'declined' }), 'decline', 'patient', 'phone', T0))).toBe('repeat');
    expect(kind(decide(call({ state: 'busy' }), 'busy', 'patient', 'phone', T0))).toBe('repeat');
    expect(kind(decide(call({ state: 'declined' }), 'busy', 'patient', 'phone', T0))).toBe('stale');
    expect(kind(decide(call({ state: 'busy', reason: 'callee_busy' }), 'busy', 'patient', 'phone', T0))).toBe('stale');
    expect(kind(decide(accepted(), 'decline', 'patient', 'phone', T0))).toBe('stale');
  });
});

describe('decide: cancel', () => {
  it('only the caller cancels, and only a ringing call', () => {
    expect(kind(decide(call(), 'cancel', 'patient', 'phone', T0))).toBe('forbidden');
    expect(changed(decide(call(), 'cancel', 'doctor', 'desk', T0)).next.state).toBe('cancelled');
    expect(kind(decide(accepted(), 'cancel', 'doctor', 'desk', T0))).toBe('stale');
  });
  it('cancel again is a repeat; a call the server cancelled (dropped) or one otherwise over is stale', () => {
    expect(kind(decide(call({ state: 'cancelled' }), 'cancel', 'doctor', 'desk', T0))).toBe('repeat');
    expect(kind(decide(call({ state: 'cancelled', reason: 'dropped' }), 'cancel', 'doctor', 'desk', T0))).toBe('stale');
    expect(kind(decide(call({ state: 'declined' }), 'cancel', 'doctor', 'desk', T0))).toBe('stale');
  });
});

describe('decide: hangup', () => {
  it('on a ringing call means cancel for the caller and decline for the callee', () => {
    expect(changed(decide(call(), 'hangup', 'doctor', 'desk', T0)).next.state).toBe('cancelled');
    expect(changed(decide(call(), 'hangup', 'patient', 'phone', T0)).next.state).toBe('declined');
  });
  it('on an accepted call ends it, but not from a callee device that did not accept', () => {
    expect(changed(decide(accepted(), 'hangup', 'patient', 'phone', T0)).next).toMatchObject({ state: 'ended', by: 'patient' });
    expect(kind(decide(accepted(), 'hangup', 'patient', 'pad', T0))).toBe('stale');
    // The caller may hang up from any device.
    expect(changed(decide(accepted(), 'hangup', 'doctor', 'laptop', T0)).next.by).toBe('doctor');
  });
  it('again by whoever hung up is a repeat; anything else on a call that is over is stale', () => {
    const ended = (by: string, reason: string) => accepted({ state: 'ended', by, reason, endedAt: T0 + 5000 });
    expect(kind(decide(ended('doctor', 'hangup'), 'hangup', 'doctor', 'desk', T0))).toBe('repeat');
    expect(kind(decide(ended('doctor', 'hangup'), 'hangup', 'patient', 'phone', T0))).toBe('stale');
    expect(kind(decide(ended('doctor', 'dropped'), 'hangup', 'doctor', 'desk', T0))).toBe('stale');
    expect(kind(decide(call({ state: 'declined' }), 'hangup', 'patient', 'phone', T0))).toBe('stale');
  });
});

describe('decide: media', () => {
  const media = (c: Call, user: string, device: string, m?: Media) => decide(c, 'media', user, device, T0, m);
  it('switches media on an accepted call, for the caller from any device and for the callee from the accepted one', () => {
    expect(changed(media(accepted(), 'doctor', 'laptop', 'audio'))).toEqual({ kind: 'change', final: false, next: { ...accepted(), v: 5, media: 'audio' } });
    expect(changed(media(accepted(), 'patient', 'phone', 'audio')).next.media).toBe('audio');
    expect(kind(media(accepted(), 'patient', 'pad', 'audio'))).toBe('stale');
  });
  it('the same media is a repeat; no media, or a call not accepted, is stale', () => {
    expect(kind(media(accepted(), 'doctor', 'desk', 'video'))).toBe('repeat');
    expect(kind(media(accepted(), 'doctor', 'desk'))).toBe('stale');
    expect(kind(media(call(), 'doctor', 'desk', 'audio'))).toBe('stale');
  });
});

describe('decideSystem', () => {
  it('expire: a ringing call whose ring is over (at its expiresAt) is missed; otherwise stale', () => {
    const missed = changed(decideSystem(call(), 'expire', T0 + 30_000));
    expect(missed).toEqual({ kind: 'change', final: true, next: { ...call(), v: 5, state: 'missed', endedAt: T0 + 30_000 } });
    expect(kind(decideSystem(call(), 'expire', T0 + 29_999))).toBe('stale');
    expect(kind(decideSystem(accepted(), 'expire', T0 + 60_000))).toBe('stale');
  });
  it('drop: a ringing call is cancelled only when the caller is gone', () => {
    expect(changed(decideSystem(call(), 'drop', T0, 'doctor')).next).toMatchObject({ state: 'cancelled', reason: 'dropped' });
    expect(kind(decideSystem(call(), 'drop', T0, 'patient'))).toBe('stale');
    expect(kind(decideSystem(call(), 'drop', T0))).toBe('stale');
  });
  it('drop: an accepted call ends, dropped by whoever is gone; a call that is over stays as it is', () => {
    expect(changed(decideSystem(accepted(), 'drop', T0 + 5000, 'doctor')).next).toMatchObject({ state: 'ended', reason: 'dropped', by: 'doctor' });
    expect(changed(decideSystem(accepted(), 'drop', T0 + 5000, 'patient')).next).toMatchObject({ state: 'ended', by: 'patient' });
    expect(kind(decideSystem(accepted(), 'drop', T0 + 5000))).toBe('stale');
    expect(kind(decideSystem(call({ state: 'declined' }), 'drop', T0, 'doctor'))).toBe('stale');
  });
});

describe('recordsOf', () => {
  it("gives the caller's (out) and the callee's (in) record with the duration in whole seconds", () => {
    const ended = accepted({ state: 'ended', endedAt: T0 + 1000 + 61_600 });
    const base = { callId: 'call-1', media: 'video', outcome: 'completed', startedAt: T0, durationSeconds: 62 };
    expect(recordsOf(ended)).toEqual([
      { ...base, peer: 'patient', direction: 'out' },
      { ...base, peer: 'doctor', direction: 'in' },
    ]);
    expect(recordsOf(accepted({ state: 'ended', endedAt: T0 + 1000 + 61_400 }))[0].durationSeconds).toBe(61);
  });
  it('a call never accepted lasted 0 seconds', () => {
    expect(recordsOf(call({ state: 'missed', endedAt: T0 + 30_000 }))[1]).toMatchObject({ outcome: 'missed', durationSeconds: 0 });
    expect(recordsOf(call({ state: 'ended', endedAt: T0 + 30_000 }))[0].durationSeconds).toBe(0);
  });
  it('a call that is not over has no records', () => {
    expect(() => recordsOf(call())).toThrow('call ringing has no outcome yet');
  });
});
