// Where calls, presence, records and the small caches live. Two implementations with the same
// semantics: MemoryCallStore (one instance, REDIS_URL unset) and RedisCallStore (redis-store.ts).
// Every write is a compare-and-set on the call's version; the decisions come from model.ts.
import { type Call, type CallRecord, MAX_RECORDS_PER_USER } from './model';

export type CreateResult = 'ok' | 'exists' | 'rate_limited' | 'caller_busy' | 'callee_busy';

/** The caller's invite budget, counted atomically with the creation (a retried invite is not counted). */
export interface InviteLimit {
  key: string;
  windowMs: number;
  max: number;
}

/** A due entry is leased (pushed back by this long) rather than removed, so a crash cannot lose it. */
export const SWEEP_LEASE_MS = 5000;
/** Final calls stay readable this long (idempotent retries, replays). */
export const FINAL_CALL_TTL_MS = 2 * 60_000;

/** The pub/sub message announcing a new ring (bus.ts), sent by the store when it can do it atomically. */
export interface RingOnCreate {
  channel: string;
  message: string;
}

export interface CallStore {
  get(callId: string): Promise<Call | null>;
  /** The user's call that is not over yet (a user is in at most one). */
  activeCallId(userId: string): Promise<string | null>;
  /**
   * One step, in this order: the id exists → 'exists'; over the caller's invite budget →
   * 'rate_limited'; either user already in a call → busy; else the ringing call is stored.
   */
  create(call: Call, checkAt: number, limit: InviteLimit, ring?: RingOnCreate): Promise<CreateResult>;
  /**
   * true: create() publishes `ring` itself in the same step when it returns 'ok' (Redis: PUBLISH in the
   * script, saving the ring a round trip); false: the caller publishes after 'ok'.
   */
  readonly publishesRing: boolean;
  /** Creates an already-final call (busy) with its records, unless the id exists. */
  createFinal(call: Call, records: [CallRecord, CallRecord]): Promise<'ok' | 'exists'>;
  /** Stores `next` if the stored version is `expectedV`; records only for final calls. */
  update(next: Call, expectedV: number, records: [CallRecord, CallRecord] | null): Promise<boolean>;
  records(userId: string): Promise<CallRecord[]>;
  /** Calls whose ring expired / whose parties are due a presence check, leased for SWEEP_LEASE_MS. */
  dueRings(now: number, limit: number): Promise<string[]>;
  dueChecks(now: number, limit: number): Promise<string[]>;
  scheduleCheck(callId: string, at: number): Promise<void>;
  /** Drops the ring and check entries of a call that is gone. */
  forget(callId: string): Promise<void>;

  /** Presence: one member per open socket (`instance|device`), refreshed while it is open. */
  touch(entries: { userId: string; member: string }[], now: number): Promise<void>;
  leave(userId: string, member: string, now: number): Promise<void>;
  /** now when online, else the last time a socket of the user was seen (0: never). */
  lastSeen(userId: string, now: number): Promise<number>;

  /** Douyin users who logged in: userId → openid (server side only). */
  rememberUser(userId: string, openid: string): Promise<void>;
  openidOf(userId: string): Promise<string | null>;
  /** Fixed-window counter; returns the count including this hit. */
  hit(key: string, windowMs: number): Promise<number>;
  /** Small shared cache (the notify client token). */
  cacheGet(key: string): Promise<string | null>;
  cacheSet(key: string, value: string, ttlMs: number): Promise<void>;
}

export class MemoryCallStore implements CallStore {
  readonly publishesRing = false;
  private calls = new Map<string, { call: Call; purgeAt: number }>();
  private active = new Map<string, string>();
  private recs = new Map<string, CallRecord[]>();
  private rings = new Map<string, number>();
  private checks = new Map<string, number>();
  private presence = new Map<string, Map<string, number>>();
  private seen = new Map<string, number>();
  private users = new Map<string, string>();
  private counters = new Map<string, { count: number; resetAt: number }>();
  private cache = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly presenceTtlMs: number) {}

  async get(callId: string): Promise<Call | null> {
    const e = this.calls.get(callId);
    if (!e) return null;
    if (e.purgeAt <= Date.now()) {
      this.calls.delete(callId);
      return null;
    }
    return { ...e.call };
  }

  async activeCallId(userId: string): Promise<string | null> {
    return this.active.get(userId) ?? null;
  }

  async create(call: Call, checkAt: number, limit: InviteLimit): Promise<CreateResult> {
    if (await this.get(call.id)) return 'exists';
    if ((await this.hit(limit.key, limit.windowMs)) > limit.max) return 'rate_limited';
    if (this.active.has(call.caller)) return 'caller_busy';
    if (this.active.has(call.callee)) return 'callee_busy';
    this.calls.set(call.id, { call: { ...call }, purgeAt: Infinity });
    this.active.set(call.caller, call.id);
    this.active.set(call.callee, call.id);
    this.rings.set(call.id, call.expiresAt);
    this.checks.set(call.id, checkAt);
    return 'ok';
  }

  async createFinal(call: Call, records: [CallRecord, CallRecord]): Promise<'ok' | 'exists'> {
    if (await this.get(call.id)) return 'exists';
    this.calls.set(call.id, { call: { ...call }, purgeAt: Date.now() + FINAL_CALL_TTL_MS });
    this.push(call.caller, records[0]);
    this.push(call.callee, records[1]);
    return 'ok';
  }

  async update(next: Call, expectedV: number, records: [CallRecord, CallRecord] | null): Promise<boolean> {
    const e = this.calls.get(next.id);
    if (!e || e.call.v !== expectedV) return false;
    this.rings.delete(next.id);
    if (records === null) {
      e.call = { ...next };
      return true;
    }
    this.calls.set(next.id, { call: { ...next }, purgeAt: Date.now() + FINAL_CALL_TTL_MS });
    this.checks.delete(next.id);
    for (const u of [next.caller, next.callee]) if (this.active.get(u) === next.id) this.active.delete(u);
    this.push(next.caller, records[0]);
    this.push(next.callee, records[1]);
    return true;
  }

  private push(userId: string, rec: CallRecord): void {
    const list = this.recs.get(userId) ?? [];
    list.unshift(rec);
    if (list.length > MAX_RECORDS_PER_USER) list.length = MAX_RECORDS_PER_USER;
    this.recs.set(userId, list);
  }

  async records(userId: string): Promise<CallRecord[]> {
    return (this.recs.get(userId) ?? []).map((r) => ({ ...r }));
  }

  private due(map: Map<string, number>, now: number, limit: number): string[] {
    const out: string[] = [];
    for (const [id, at] of map) {
      if (out.length >= limit) break;
      if (at <= now) {
        out.push(id);
        map.set(id, now + SWEEP_LEASE_MS);
      }
    }
    return out;
  }

  async dueRings(now: number, limit: number): Promise<string[]> {
    return this.due(this.rings, now, limit);
  }

  async dueChecks(now: number, limit: number): Promise<string[]> {
    return this.due(this.checks, now, limit);
  }

  async scheduleCheck(callId: string, at: number): Promise<void> {
    if (this.checks.has(callId)) this.checks.set(callId, at);
  }

  async forget(callId: string): Promise<void> {
    this.rings.delete(callId);
    this.checks.delete(callId);
  }

  async touch(entries: { userId: string; member: string }[], now: number): Promise<void> {
    for (const { userId, member } of entries) {
      let m = this.presence.get(userId);
      if (!m) this.presence.set(userId, (m = new Map()));
      m.set(member, now);
    }
  }

  async leave(userId: string, member: string, now: number): Promise<void> {
    const m = this.presence.get(userId);
    m?.delete(member);
    if (m?.size === 0) this.presence.delete(userId);
    this.seen.set(userId, now);
  }

  async lastSeen(userId: string, now: number): Promise<number> {
    let last = this.seen.get(userId) ?? 0;
    for (const at of this.presence.get(userId)?.values() ?? []) {
      if (at > now - this.presenceTtlMs) return now;
      last = Math.max(last, at);
    }
    return last;
  }

  async rememberUser(userId: string, openid: string): Promise<void> {
    this.users.set(userId, openid);
  }

  async openidOf(userId: string): Promise<string | null> {
    return this.users.get(userId) ?? null;
  }

  async hit(key: string, windowMs: number): Promise<number> {
    const now = Date.now();
    let c = this.counters.get(key);
    if (!c || c.resetAt <= now) {
      c = { count: 0, resetAt: now + windowMs };
      this.counters.set(key, c);
      if (this.counters.size > 10_000) for (const [k, v] of this.counters) if (v.resetAt <= now) this.counters.delete(k);
    }
    return ++c.count;
  }

  async cacheGet(key: string): Promise<string | null> {
    const e = this.cache.get(key);
    return e && e.expiresAt > Date.now() ? e.value : null;
  }

  async cacheSet(key: string, value: string, ttlMs: number): Promise<void> {
    this.cache.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  /** Drops final calls past their TTL (called by the sweeper). */
  purge(now: number): void {
    for (const [id, e] of this.calls) if (e.purgeAt <= now) this.calls.delete(id);
  }
}
