// Calls and their record pairs as the call service writes them, for the CallStore tests.
import type { Call, CallRecord } from '../src/calls/model';

export const T0 = 1_700_000_000_000;

/** A ringing audio call alice → bob, created at T0, ringing for 30 s. */
export function call(id: string, patch: Partial<Call> = {}): Call {
  return {
    v: 1,
    id,
    caller: 'alice',
    callee: 'bob',
    callerDevice: 'd1',
    media: 'audio',
    state: 'ringing',
    roomId: 'r1',
    createdAt: T0,
    expiresAt: T0 + 30_000,
    ...patch,
  };
}

/** The caller's and the callee's record of a call that ended with this outcome (busy unless told). */
export function recs(c: Call, outcome: CallRecord['outcome'] = 'busy'): [CallRecord, CallRecord] {
  const base = { callId: c.id, media: c.media, outcome, startedAt: c.createdAt, durationSeconds: 0 };
  return [
    { ...base, peer: c.callee, direction: 'out' },
    { ...base, peer: c.caller, direction: 'in' },
  ];
}
