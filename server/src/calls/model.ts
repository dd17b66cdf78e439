// The call state machine (docs/calls.md), as pure functions shared by the in-memory and the Redis
// store: a store only compares versions and applies what these functions decided, so both
// backends behave the same by construction.
export type Media = 'audio' | 'video';
type CallState = 'ringing' | 'accepted' | 'declined' | 'cancelled' | 'busy' | 'missed' | 'ended';
type Outcome = 'completed' | 'missed' | 'declined' | 'cancelled' | 'busy';

export interface Call {
  /** Version; every stored change bumps it (compare-and-set). */
  v: number;
  id: string;
  caller: string;
  callee: string;
  /** The caller's device that invited; it gets the caller's state frames. */
  callerDevice: string;
  media: Media;
  state: CallState;
  reason?: string;
  by?: string;
  roomId: string;
  createdAt: number;
  expiresAt: number;
  acceptedAt?: number;
  acceptedDevice?: string;
  endedAt?: number;
}

export interface CallRecord {
  callId: string;
  peer: string;
  direction: 'out' | 'in';
  media: Media;
  outcome: Outcome;
  startedAt: number;
  durationSeconds: number;
}

export type Action = 'accept' | 'decline' | 'busy' | 'cancel' | 'hangup' | 'media';
export type SystemAction = 'expire' | 'drop';

const FINAL_STATES: ReadonlySet<CallState> = new Set(['declined', 'cancelled', 'busy', 'missed', 'ended']);
export const isFinal = (c: Call): boolean => FINAL_STATES.has(c.state);

export type Decision =
  /** Store `next`; `final` also writes records and frees both users. */
  | { kind: 'change'; next: Call; final: boolean }
  /** Already done by this (user, device): ack and resend the current frame. */
  | { kind: 'repeat' }
  /** Too late or lost a race: ack and send the current frame. */
  | { kind: 'stale' }
  /** Not this user's call (or not their side of it). */
  | { kind: 'forbidden' };

function change(call: Call, patch: Partial<Call>, now: number): Decision {
  const next: Call = { ...call, ...patch, v: call.v + 1 };
  const final = FINAL_STATES.has(next.state);
  if (final) next.endedAt = now;
  return { kind: 'change', next, final };
}

export function decide(call: Call, action: Action, user: string, device: string, now: number, media?: Media): Decision {
  const isCaller = user === call.caller;
  const isCallee = user === call.callee;
  if (!isCaller && !isCallee) return { kind: 'forbidden' };
  switch (action) {
    case 'accept':
      if (!isCallee) return { kind: 'forbidden' };
      if (call.state === 'ringing') return change(call, { state: 'accepted', acceptedAt: now, acceptedDevice: device }, now);
      if (call.state === 'accepted' && call.acceptedDevice === device) return { kind: 'repeat' };
      return { kind: 'stale' };
    case 'decline':
    case 'busy': {
      if (!isCallee) return { kind: 'forbidden' };
      const target: CallState = action === 'decline' ? 'declined' : 'busy';
      if (call.state === 'ringing') return change(call, { state: target }, now);
      if (call.state === target && call.reason === undefined) return { kind: 'repeat' };
      return { kind: 'stale' };
    }
    case 'cancel':
      if (!isCaller) return { kind: 'forbidden' };
      if (call.state === 'ringing') return change(call, { state: 'cancelled' }, now);
      if (call.state === 'cancelled' && call.reason === undefined) return { kind: 'repeat' };
      return { kind: 'stale' };
    case 'hangup':
      // Hanging up a call that still rings is what the user meant by cancel / decline.
      if (call.state === 'ringing') return decide(call, isCaller ? 'cancel' : 'decline', user, device, now);
      if (call.state === 'accepted') {
        if (isCallee && call.acceptedDevice !== device) return { kind: 'stale' };
        return change(call, { state: 'ended', reason: 'hangup', by: user }, now);
      }
      if (call.state === 'ended' && call.by === user && call.reason === 'hangup') return { kind: 'repeat' };
      return { kind: 'stale' };
    case 'media':
      if (call.state !== 'accepted' || media === undefined) return { kind: 'stale' };
      if (isCallee && call.acceptedDevice !== device) return { kind: 'stale' };
      if (call.media === media) return { kind: 'repeat' };
      return change(call, { media }, now);
  }
}

/** Ring timeout, or a party gone for longer than the grace (checked by the sweeper). */
export function decideSystem(call: Call, action: SystemAction, now: number, goneUser?: string): Decision {
  if (action === 'expire') {
    return call.state === 'ringing' && call.expiresAt <= now ? change(call, { state: 'missed' }, now) : { kind: 'stale' };
  }
  if (call.state === 'ringing' && goneUser === call.caller) return change(call, { state: 'cancelled', reason: 'dropped' }, now);
  if (call.state === 'accepted' && goneUser !== undefined) return change(call, { state: 'ended', reason: 'dropped', by: goneUser }, now);
  return { kind: 'stale' };
}

function outcomeOf(call: Call): Outcome {
  switch (call.state) {
    case 'ended':
      return 'completed';
    case 'missed':
    case 'declined':
    case 'cancelled':
    case 'busy':
      return call.state;
    default:
      throw new Error(`call ${call.state} has no outcome yet`);
  }
}

/** The two records a final call leaves: [caller's, callee's]. */
export function recordsOf(call: Call): [CallRecord, CallRecord] {
  const outcome = outcomeOf(call);
  const durationSeconds =
    outcome === 'completed' && call.acceptedAt !== undefined && call.endedAt !== undefined
      ? Math.max(0, Math.round((call.endedAt - call.acceptedAt) / 1000))
      : 0;
  const base = { callId: call.id, media: call.media, outcome, startedAt: call.createdAt, durationSeconds };
  return [
    { ...base, peer: call.callee, direction: 'out' },
    { ...base, peer: call.caller, direction: 'in' },
  ];
}

export const MAX_RECORDS_PER_USER = 50;
