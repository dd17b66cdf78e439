// CallStore on Redis: every multi-key change is one Lua script (atomic), so first-accept-wins and
// accept-vs-cancel are decided by Redis, not by whichever instance is faster. Ring expiry and
// presence checks are sorted sets any instance sweeps, so they survive an instance restarting.
import type { Redis } from 'ioredis';
import type { Call, CallRecord } from './model';
import { MAX_RECORDS_PER_USER } from './model';
import { type CallStore, type CreateResult, FINAL_CALL_TTL_MS, type InviteLimit, type RingOnCreate, SWEEP_LEASE_MS } from './store';

/** Live calls and "in a call" markers expire after this even if something went badly wrong. */
const LIVE_SAFETY_TTL_MS = 24 * 3600_000;
const SEEN_TTL_MS = 24 * 3600_000;
// Stryker disable next-line StringLiteral: a key name; every use goes through this constant.
const USERS_KEY = 'calls:users';

const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
local n = redis.call('INCR', KEYS[6])
if n == 1 or redis.call('PTTL', KEYS[6]) < 0 then redis.call('PEXPIRE', KEYS[6], ARGV[6]) end
if n > tonumber(ARGV[7]) then return 'rate_limited' end
if redis.call('EXISTS', KEYS[2]) == 1 then return 'caller_busy' end
if redis.call('EXISTS', KEYS[3]) == 1 then return 'callee_busy' end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[5])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[5])
redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[5])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[2])
if ARGV[9] ~= '' then redis.call('PUBLISH', ARGV[8], ARGV[9]) end
return 'ok'
`;

const PUSH_RECORDS = `
local function push(key, rec, max)
  redis.call('LPUSH', key, rec)
  redis.call('LTRIM', key, 0, max - 1)
end
`;

const CREATE_FINAL = `${PUSH_RECORDS}
if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
push(KEYS[2], ARGV[3], tonumber(ARGV[5]))
push(KEYS[3], ARGV[4], tonumber(ARGV[5]))
return 'ok'
`;

const UPDATE = `${PUSH_RECORDS}
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
if tonumber(cjson.decode(cur)['v']) ~= tonumber(ARGV[1]) then return 0 end
redis.call('ZREM', KEYS[4], ARGV[4])
if ARGV[3] == '0' then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[5])
redis.call('ZREM', KEYS[5], ARGV[4])
for i = 2, 3 do
  if redis.call('GET', KEYS[i]) == ARGV[4] then redis.call('DEL', KEYS[i]) end
end
push(KEYS[6], ARGV[6], tonumber(ARGV[8]))
push(KEYS[7], ARGV[7], tonumber(ARGV[8]))
return 1
`;

/** Due members are leased (score pushed to ARGV[3]), not removed: a crash mid-sweep loses nothing. */
const DUE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], ARGV[3], id) end
return ids
`;

const HIT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return current
`;

const k = {
  call: (id: string) => `call:${id}`,
  active: (u: string) => `call:active:${u}`,
  // Stryker disable next-line StringLiteral: a key name; every use goes through k.rings.
  rings: 'calls:rings',
  // Stryker disable next-line StringLiteral: a key name; every use goes through k.checks.
  checks: 'calls:checks',
  recs: (u: string) => `calls:rec:${u}`,
  presence: (u: string) => `presence:${u}`,
  seen: (u: string) => `seen:${u}`,
};

type Scripts = Redis & {
  callCreate(...args: (string | number)[]): Promise<string>;
  callCreateFinal(...args: (string | number)[]): Promise<string>;
  callUpdate(...args: (string | number)[]): Promise<number>;
  callDue(...args: (string | number)[]): Promise<string[]>;
  callHit(...args: (string | number)[]): Promise<number>;
};

export class RedisCallStore implements CallStore {
  private readonly r: Scripts;

  constructor(
    redis: Redis,
    private readonly presenceTtlMs: number,
  ) {
    const defs: [string, number, string][] = [
      ['callCreate', 6, CREATE],
      ['callCreateFinal', 3, CREATE_FINAL],
      ['callUpdate', 7, UPDATE],
      ['callDue', 1, DUE],
      ['callHit', 1, HIT],
    ];
    for (const [name, numberOfKeys, lua] of defs) if (!(name in redis)) redis.defineCommand(name, { numberOfKeys, lua });
    this.r = redis as Scripts;
  }

  async get(callId: string): Promise<Call | null> {
    const raw = await this.r.get(k.call(callId));
    return raw === null ? null : (JSON.parse(raw) as Call);
  }

  activeCallId(userId: string): Promise<string | null> {
    return this.r.get(k.active(userId));
  }

  readonly publishesRing = true;

  async create(call: Call, checkAt: number, limit: InviteLimit, ring?: RingOnCreate): Promise<CreateResult> {
    const res = await this.r.callCreate(
      k.call(call.id), k.active(call.caller), k.active(call.callee), k.rings, k.checks, `rl:${limit.key}`,
      JSON.stringify(call), call.id, call.expiresAt, checkAt, LIVE_SAFETY_TTL_MS, limit.windowMs, limit.max,
      ring ? ring.channel : '', ring ? ring.message : '',
    );
    return res as CreateResult;
  }

  async createFinal(call: Call, records: [CallRecord, CallRecord]): Promise<'ok' | 'exists'> {
    const res = await this.r.callCreateFinal(
      k.call(call.id), k.recs(call.caller), k.recs(call.callee),
      JSON.stringify(call), FINAL_CALL_TTL_MS, JSON.stringify(records[0]), JSON.stringify(records[1]), MAX_RECORDS_PER_USER,
    );
    return res as 'ok' | 'exists';
  }

  async update(next: Call, expectedV: number, records: [CallRecord, CallRecord] | null): Promise<boolean> {
    const res = await this.r.callUpdate(
      k.call(next.id), k.active(next.caller), k.active(next.callee), k.rings, k.checks, k.recs(next.caller), k.recs(next.callee),
      expectedV, JSON.stringify(next), records ? '1' : '0', next.id, FINAL_CALL_TTL_MS,
      records ? JSON.stringify(records[0]) : '', records ? JSON.stringify(records[1]) : '', MAX_RECORDS_PER_USER,
    );
    return Number(res) === 1;
  }

  async records(userId: string): Promise<CallRecord[]> {
    const list = await this.r.lrange(k.recs(userId), 0, MAX_RECORDS_PER_USER - 1);
    return list.map((s) => JSON.parse(s) as CallRecord);
  }

  dueRings(now: number, limit: number): Promise<string[]> {
    return this.r.callDue(k.rings, now, limit, now + SWEEP_LEASE_MS);
  }

  dueChecks(now: number, limit: number): Promise<string[]> {
    return this.r.callDue(k.checks, now, limit, now + SWEEP_LEASE_MS);
  }

  async scheduleCheck(callId: string, at: number): Promise<void> {
    await this.r.zadd(k.checks, 'XX', at, callId);
  }

  async forget(callId: string): Promise<void> {
    await this.r.multi().zrem(k.rings, callId).zrem(k.checks, callId).exec();
  }

  async touch(entries: { userId: string; member: string }[], now: number): Promise<void> {
    if (entries.length === 0) return;
    const p = this.r.pipeline();
    for (const { userId, member } of entries) {
      p.zadd(k.presence(userId), now, member);
      // Members of a crashed instance stop being refreshed; the key goes when nobody refreshes it.
      p.pexpire(k.presence(userId), this.presenceTtlMs * 4);
    }
    const res = await p.exec();
    const failed = res?.find(([err]) => err !== null);
    if (failed) throw failed[0];
  }

  async leave(userId: string, member: string, now: number): Promise<void> {
    await this.r.multi().zrem(k.presence(userId), member).set(k.seen(userId), now, 'PX', SEEN_TTL_MS).exec();
  }

  async lastSeen(userId: string, now: number): Promise<number> {
    const [[, top], [, seen]] = (await this.r
      .multi()
      .zrevrange(k.presence(userId), 0, 0, 'WITHSCORES')
      .get(k.seen(userId))
      .exec()) as [[Error | null, string[]], [Error | null, string | null]];
    const newest = top.length === 2 ? Number(top[1]) : 0;
    if (newest > now - this.presenceTtlMs) return now;
    return Math.max(newest, Number(seen ?? 0));
  }

  async rememberUser(userId: string, openid: string): Promise<void> {
    await this.r.hset(USERS_KEY, userId, openid);
  }

  openidOf(userId: string): Promise<string | null> {
    return this.r.hget(USERS_KEY, userId);
  }

  async hit(key: string, windowMs: number): Promise<number> {
    return Number(await this.r.callHit(`rl:${key}`, windowMs));
  }

  cacheGet(key: string): Promise<string | null> {
    return this.r.get(`cache:${key}`);
  }

  async cacheSet(key: string, value: string, ttlMs: number): Promise<void> {
    await this.r.set(`cache:${key}`, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }
}
