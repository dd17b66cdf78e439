// Session records (话单 for rooms): one entry per room session, kept locally, newest first.
// Storage is a convenience, never a reason to fail: every read validates entry by entry, keeps the
// good ones and drops the rest, so corrupt, old-format or oversized data never crashes the app.
import type { KeyValueStore } from '../services/storage';
import { ID_PATTERN } from '../services/link';
import { isValidInvite } from './invite';
import type { EndReason } from './room-store';

/** How a session ended: RoomStore's end reasons; 'join-failed' also covers "never got in". */
type SessionEndReason = EndReason;

export interface ScreenSharePeriod {
  userId: string;
  startedAt: number;
  endedAt: number;
}

export interface SessionRecord {
  roomId: string;
  /** The id this device joined as (needed to rejoin in dev mode; never a secret). */
  userId?: string;
  /** ms since epoch; for a session that never joined, when the attempt started. */
  startedAt: number;
  endedAt: number;
  /** Time in the room (0 when the join never succeeded). */
  durationMs: number;
  endReason: SessionEndReason;
  /** For a 'join-failed' record of a session that never joined: why (e.g. 'token-expired'). */
  cause?: SessionEndReason;
  peakMembers: number;
  reconnects: number;
  /** Periods a remote screen share was on stage. */
  screenShares: ScreenSharePeriod[];
  /** Signed invite for this room, so the token service can let us back in. Never a token. */
  invite?: string;
  /** The call this room session belonged to (the history shows the call once, not twice). */
  callId?: string;
  /** Remote people seen in the room (ids only, at most MAX_PEOPLE_PER_RECORD): contacts to call. */
  people?: string[];
}

export const RECORDS_KEY = 'sessionRecords';
const RECORDS_VERSION = 1;
export const MAX_RECORDS = 50;
export const MAX_PEOPLE_PER_RECORD = 20;
/** A room with constant share churn must not blow up one record (storage is ~1 MB per key). */
const MAX_SHARES_PER_RECORD = 20;

const END_REASONS: readonly string[] = [
  'left',
  'invalid-link',
  'not-configured',
  'unsupported',
  'capability-denied',
  'token-expired',
  'duplicate-login',
  'kicked',
  'join-failed',
  'reconnect-exhausted',
];

interface StoredRecords {
  v: number;
  records: unknown[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isTime(v: unknown): v is number {
  return typeof v === 'number' && isFinite(v) && v >= 0;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && isFinite(v) && v >= 0 && Math.floor(v) === v;
}

function isEndReason(v: unknown): v is SessionEndReason {
  return typeof v === 'string' && END_REASONS.indexOf(v) >= 0;
}

function readShare(v: unknown): ScreenSharePeriod | null {
  if (!isObject(v)) return null;
  const { userId, startedAt, endedAt } = v;
  if (typeof userId !== 'string' || !ID_PATTERN.test(userId) || !isTime(startedAt) || !isTime(endedAt) || endedAt < startedAt) {
    return null;
  }
  return { userId, startedAt, endedAt };
}

/** A validated copy of one stored entry, or null. Unknown extra fields are dropped. */
function readRecord(v: unknown): SessionRecord | null {
  if (!isObject(v)) return null;
  const { roomId, userId, startedAt, endedAt, durationMs, endReason, cause, peakMembers, reconnects, screenShares, invite } = v;
  if (typeof roomId !== 'string' || !ID_PATTERN.test(roomId)) return null;
  if (!isTime(startedAt) || !isTime(endedAt) || endedAt < startedAt || !isTime(durationMs)) return null;
  if (!isEndReason(endReason) || !isCount(peakMembers) || !isCount(reconnects)) return null;
  const shares: ScreenSharePeriod[] = [];
  if (Array.isArray(screenShares)) {
    for (const s of screenShares) {
      const share = readShare(s);
      if (share && shares.length < MAX_SHARES_PER_RECORD) shares.push(share);
    }
  }
  const record: SessionRecord = { roomId, startedAt, endedAt, durationMs, endReason, peakMembers, reconnects, screenShares: shares };
  if (typeof userId === 'string' && ID_PATTERN.test(userId)) record.userId = userId;
  if (isEndReason(cause)) record.cause = cause;
  if (isValidInvite(invite)) record.invite = invite;
  const callId = (v as { callId?: unknown }).callId;
  if (typeof callId === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(callId)) record.callId = callId;
  const people = (v as { people?: unknown }).people;
  if (Array.isArray(people)) {
    const ok = people.filter((p): p is string => typeof p === 'string' && ID_PATTERN.test(p)).slice(0, MAX_PEOPLE_PER_RECORD);
    if (ok.length) record.people = ok;
  }
  return record;
}

/**
 * Every readable record, newest first, at most MAX_RECORDS. Accepts the current format
 * `{ v: 1, records: [...] }` and the pre-versioned bare array; anything else reads as empty.
 */
export function parseRecords(stored: unknown): SessionRecord[] {
  let raw: unknown[] = [];
  if (Array.isArray(stored)) raw = stored;
  else if (isObject(stored) && Array.isArray(stored.records) && (stored.v === RECORDS_VERSION || stored.v === undefined)) {
    raw = stored.records;
  } else if (typeof stored === 'string') {
    // Some runtimes hand back what a JSON.stringify-ing writer stored.
    try {
      return parseRecords(JSON.parse(stored));
    } catch (e) {
      return [];
    }
  }
  const out: SessionRecord[] = [];
  // Cap the scan too: a huge corrupt array must not stall the page.
  for (let i = 0; i < raw.length && i < MAX_RECORDS * 4; i++) {
    const r = readRecord(raw[i]);
    if (r) out.push(r);
  }
  out.sort((a, b) => b.endedAt - a.endedAt);
  return out.slice(0, MAX_RECORDS);
}

export interface SessionHistory {
  /** Newest first. */
  list(): SessionRecord[];
  add(record: SessionRecord): void;
  clear(): void;
}

/** History over an injected KeyValueStore; the store never sees `tt`. */
export function createSessionHistory(storage: KeyValueStore): SessionHistory {
  const list = (): SessionRecord[] => parseRecords(storage.get(RECORDS_KEY));
  return {
    list,
    add(record) {
      const clean = readRecord(record);
      if (!clean) return;
      const next = [clean].concat(list()).slice(0, MAX_RECORDS);
      const stored: StoredRecords = { v: RECORDS_VERSION, records: next };
      storage.set(RECORDS_KEY, stored);
    },
    clear() {
      storage.remove(RECORDS_KEY);
    },
  };
}
