// The CallStore contract, run against both implementations: MemoryCallStore (one instance) and
// RedisCallStore on a real redis-server. The service relies on every behaviour here (create's
// result order, compare-and-set updates, records newest first and trimmed, leased sweeps, presence,
// counters, cache); before this file most of it was only reached through whole-app tests, and e.g.
// an empty CREATE_FINAL script went unnoticed.
import { Redis } from 'ioredis';
import { type Call, MAX_RECORDS_PER_USER } from '../src/calls/model';
import { RedisCallStore } from '../src/calls/redis-store';
import { type CallStore, type InviteLimit, MemoryCallStore, SWEEP_LEASE_MS } from '../src/calls/store';
import { call as ringingCall, recs as recordsFor, T0 } from './call-fixtures';
import { type RedisServer, startRedisServer } from './redis-server';

const PRESENCE_TTL_MS = 10_000;

let server: RedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

let seq = 0;
/** A new ringing call between these two (a fresh id and room each time). */
function ringing(caller: string, callee: string, patch: Partial<Call> = {}): Call {
  seq++;
  return ringingCall(`call-${seq}`, { caller, callee, roomId: `room-${seq}`, ...patch });
}
const roomy = (key = `inv-${++seq}`): InviteLimit => ({ key, windowMs: 60_000, max: 100 });

const backends: [string, () => CallStore][] = [
  ['memory', () => new MemoryCallStore(PRESENCE_TTL_MS)],
  ['redis', () => new RedisCallStore(redis, PRESENCE_TTL_MS)],
];

describe.each(backends)('CallStore contract: %s', (_name, make) => {
  let store: CallStore;
  beforeEach(async () => {
    await redis.flushall();
    store = make();
  });

  describe('create', () => {
    it('stores a ringing call and marks both users as in it', async () => {
      const call = ringing('alice', 'bob');
      expect(await store.create(call, T0 + 1000, roomy())).toBe('ok');
      expect(await store.get(call.id)).toEqual(call);
      expect(await store.activeCallId('alice')).toBe(call.id);
      expect(await store.activeCallId('bob')).toBe(call.id);
      expect(await store.activeCallId('carol')).toBeNull();
      expect(await store.get('nope')).toBeNull();
    });

    it('answers exists for a known id, before counting it against the budget', async () => {
      const call = ringing('alice', 'bob');
      const limit: InviteLimit = { key: 'inv-alice', windowMs: 60_000, max: 1 };
      expect(await store.create(call, T0, limit)).toBe('ok');
      // A retried invite is not counted: the budget of 1 is still only used once.
      expect(await store.create({ ...call, callee: 'carol' }, T0, limit)).toBe('exists');
      expect(await store.create(ringing('alice', 'dave'), T0, limit)).toBe('rate_limited');
    });

    it('answers rate_limited over the budget even when a user is busy, and counts per key', async () => {
      const limit: InviteLimit = { key: 'inv-alice', windowMs: 60_000, max: 2 };
      expect(await store.create(ringing('alice', 'bob'), T0, limit)).toBe('ok');
      expect(await store.create(ringing('alice', 'carol'), T0, limit)).toBe('caller_busy');
      expect(await store.create(ringing('alice', 'dave'), T0, limit)).toBe('rate_limited');
      // Another caller's budget is its own.
      expect(await store.create(ringing('erin', 'frank'), T0, { ...limit, key: 'inv-erin' })).toBe('ok');
      // The invite budget is the same counter hit() counts.
      expect(await store.hit('inv-erin', 60_000)).toBe(2);
    });

    it('answers caller_busy before callee_busy, and stores nothing for a busy call', async () => {
      const first = ringing('alice', 'bob');
      expect(await store.create(first, T0, roomy())).toBe('ok');
      const both = ringing('alice', 'bob');
      expect(await store.create(both, T0, roomy())).toBe('caller_busy');
      const callee = ringing('carol', 'bob');
      expect(await store.create(callee, T0, roomy())).toBe('callee_busy');
      const callerIsCallee = ringing('bob', 'carol');
      expect(await store.create(callerIsCallee, T0, roomy())).toBe('caller_busy');
      for (const c of [both, callee, callerIsCallee]) expect(await store.get(c.id)).toBeNull();
      expect(await store.activeCallId('carol')).toBeNull();
      expect(await store.dueRings(T0 + 10 ** 9, 10)).toEqual([first.id]);
    });
  });

  describe('createFinal', () => {
    it('stores the final call and both records, without making anyone busy or due', async () => {
      const busy = ringing('alice', 'bob', { state: 'busy', reason: 'callee_busy', endedAt: T0 });
      const recs = recordsFor(busy);
      expect(await store.createFinal(busy, recs)).toBe('ok');
      expect(await store.get(busy.id)).toEqual(busy);
      expect(await store.records('alice')).toEqual([recs[0]]);
      expect(await store.records('bob')).toEqual([recs[1]]);
      expect(await store.activeCallId('alice')).toBeNull();
      expect(await store.dueRings(T0 + 10 ** 9, 10)).toEqual([]);
      expect(await store.dueChecks(T0 + 10 ** 9, 10)).toEqual([]);
      // Now alice can call.
      expect(await store.create(ringing('alice', 'bob'), T0, roomy())).toBe('ok');
    });

    it('answers exists for a known id and changes nothing', async () => {
      const live = ringing('alice', 'bob');
      await store.create(live, T0, roomy());
      const busy = { ...live, state: 'busy' as const, reason: 'caller_busy' };
      expect(await store.createFinal(busy, recordsFor(busy))).toBe('exists');
      expect(await store.get(live.id)).toEqual(live);
      expect(await store.records('alice')).toEqual([]);
      expect(await store.records('bob')).toEqual([]);
    });
  });

  describe('update', () => {
    it('stores a non-final change only on the expected version; the ring is done, the check stays', async () => {
      const call = ringing('alice', 'bob');
      await store.create(call, T0 + 1000, roomy());
      const accepted: Call = { ...call, v: 2, state: 'accepted', acceptedAt: T0 + 5, acceptedDevice: 'd' };
      expect(await store.update(accepted, 2, null)).toBe(false);
      expect(await store.get(call.id)).toEqual(call);
      expect(await store.update(accepted, 1, null)).toBe(true);
      expect(await store.get(call.id)).toEqual(accepted);
      expect(await store.update({ ...accepted, v: 3 }, 1, null)).toBe(false);
      expect(await store.get(call.id)).toEqual(accepted);
      expect(await store.activeCallId('alice')).toBe(call.id);
      expect(await store.records('alice')).toEqual([]);
      expect(await store.dueRings(T0 + 10 ** 9, 10)).toEqual([]);
      expect(await store.dueChecks(T0 + 1000, 10)).toEqual([call.id]);
    });

    it('answers false for an unknown call and stores nothing', async () => {
      const ghost = ringing('alice', 'bob');
      expect(await store.update({ ...ghost, v: 2 }, 1, null)).toBe(false);
      expect(await store.update({ ...ghost, v: 2, state: 'cancelled' }, 1, recordsFor(ghost, 'cancelled'))).toBe(false);
      expect(await store.get(ghost.id)).toBeNull();
      expect(await store.records('alice')).toEqual([]);
    });

    it('a final change writes both records, frees both users and drops the sweeps', async () => {
      const call = ringing('alice', 'bob');
      await store.create(call, T0 + 1000, roomy());
      const done: Call = { ...call, v: 2, state: 'cancelled', endedAt: T0 + 10 };
      const recs = recordsFor(done, 'cancelled');
      expect(await store.update(done, 1, recs)).toBe(true);
      expect(await store.get(call.id)).toEqual(done);
      expect(await store.activeCallId('alice')).toBeNull();
      expect(await store.activeCallId('bob')).toBeNull();
      expect(await store.records('alice')).toEqual([recs[0]]);
      expect(await store.records('bob')).toEqual([recs[1]]);
      expect(await store.dueRings(T0 + 10 ** 9, 10)).toEqual([]);
      expect(await store.dueChecks(T0 + 10 ** 9, 10)).toEqual([]);
    });

    it('a final change frees only the users whose current call it is', async () => {
      const old = ringing('alice', 'bob');
      await store.create(old, T0, roomy());
      const ended: Call = { ...old, v: 2, state: 'cancelled', endedAt: T0 };
      await store.update(ended, 1, recordsFor(ended, 'cancelled'));
      const now = ringing('alice', 'carol');
      expect(await store.create(now, T0, roomy())).toBe('ok');
      // A late final write of the old call (e.g. a retried one) must not free alice from her new call.
      expect(await store.update({ ...ended, v: 3 }, 2, recordsFor(ended, 'cancelled'))).toBe(true);
      expect(await store.activeCallId('alice')).toBe(now.id);
      expect(await store.activeCallId('carol')).toBe(now.id);
    });
  });

  describe('records', () => {
    it('lists newest first and keeps only the newest MAX_RECORDS_PER_USER', async () => {
      const calls: Call[] = [];
      for (let i = 0; i < MAX_RECORDS_PER_USER + 2; i++) {
        const c = ringing('alice', `peer-${i}`, { state: 'busy' });
        calls.push(c);
        expect(await store.createFinal(c, recordsFor(c))).toBe('ok');
      }
      const list = await store.records('alice');
      expect(list).toHaveLength(MAX_RECORDS_PER_USER);
      expect(list).toEqual(calls.slice(2).reverse().map((c) => recordsFor(c)[0]));
      const oldest = calls[0] as Call;
      expect(await store.records('peer-0')).toEqual([recordsFor(oldest)[1]]);
    });

    it('hands out copies: changing a returned record does not change the stored one', async () => {
      const c = ringing('alice', 'bob', { state: 'busy' });
      await store.createFinal(c, recordsFor(c));
      const [mine] = await store.records('alice');
      if (mine) mine.outcome = 'completed';
      expect(await store.records('alice')).toEqual([recordsFor(c)[0]]);
    });
  });

  describe('dueRings / dueChecks', () => {
    it('a ring is due at its expiresAt, a check at its checkAt', async () => {
      const call = ringing('alice', 'bob', { expiresAt: T0 + 500 });
      await store.create(call, T0 + 700, roomy());
      expect(await store.dueRings(T0 + 499, 10)).toEqual([]);
      expect(await store.dueChecks(T0 + 699, 10)).toEqual([]);
      expect(await store.dueRings(T0 + 500, 10)).toEqual([call.id]);
      expect(await store.dueChecks(T0 + 700, 10)).toEqual([call.id]);
    });

    it('a due member is leased, not removed: due again SWEEP_LEASE_MS later', async () => {
      const call = ringing('alice', 'bob', { expiresAt: T0 });
      await store.create(call, T0, roomy());
      for (const due of [store.dueRings.bind(store), store.dueChecks.bind(store)]) {
        const now = T0 + 100;
        expect(await due(now, 10)).toEqual([call.id]);
        expect(await due(now, 10)).toEqual([]);
        expect(await due(now + SWEEP_LEASE_MS - 1, 10)).toEqual([]);
        expect(await due(now + SWEEP_LEASE_MS, 10)).toEqual([call.id]);
      }
    });

    it('returns at most `limit` per sweep; the rest come next time', async () => {
      const calls = ['a', 'b', 'c'].map((u) => ringing(`${u}-caller`, `${u}-callee`, { expiresAt: T0 }));
      for (const c of calls) await store.create(c, T0, roomy());
      const first = await store.dueRings(T0, 2);
      expect(first).toHaveLength(2);
      const second = await store.dueRings(T0, 2);
      expect([...first, ...second].sort()).toEqual(calls.map((c) => c.id).sort());
      expect(await store.dueChecks(T0, 1)).toHaveLength(1);
    });

    it('scheduleCheck moves an existing check and never adds one', async () => {
      const call = ringing('alice', 'bob');
      await store.create(call, T0, roomy());
      await store.scheduleCheck(call.id, T0 + 3000);
      expect(await store.dueChecks(T0 + 2999, 10)).toEqual([]);
      expect(await store.dueChecks(T0 + 3000, 10)).toEqual([call.id]);
      await store.scheduleCheck('never-created', T0);
      expect(await store.dueChecks(T0 + 10 ** 9, 10)).toEqual([call.id]);
    });

    it('forget drops the ring and the check, and a later scheduleCheck does not bring it back', async () => {
      const call = ringing('alice', 'bob', { expiresAt: T0 });
      await store.create(call, T0, roomy());
      await store.forget(call.id);
      await store.scheduleCheck(call.id, T0);
      expect(await store.dueRings(T0 + 10 ** 9, 10)).toEqual([]);
      expect(await store.dueChecks(T0 + 10 ** 9, 10)).toEqual([]);
      expect(await store.get(call.id)).toEqual(call);
    });
  });

  describe('presence', () => {
    it('never seen: 0; online while a member was touched within the TTL; then the last touch', async () => {
      expect(await store.lastSeen('alice', T0)).toBe(0);
      await store.touch([{ userId: 'alice', member: 'i1|d1' }], T0);
      expect(await store.lastSeen('alice', T0 + 1)).toBe(T0 + 1);
      expect(await store.lastSeen('alice', T0 + PRESENCE_TTL_MS - 1)).toBe(T0 + PRESENCE_TTL_MS - 1);
      expect(await store.lastSeen('alice', T0 + PRESENCE_TTL_MS)).toBe(T0);
      expect(await store.lastSeen('bob', T0)).toBe(0);
    });

    it('of several stale members the newest touch counts', async () => {
      await store.touch(
        [
          { userId: 'alice', member: 'i1|d1' },
          { userId: 'bob', member: 'i1|d9' },
        ],
        T0,
      );
      await store.touch([{ userId: 'alice', member: 'i2|d2' }], T0 + 300);
      await store.touch([{ userId: 'alice', member: 'i3|d3' }], T0 + 100);
      expect(await store.lastSeen('alice', T0 + 10 * PRESENCE_TTL_MS)).toBe(T0 + 300);
      expect(await store.lastSeen('bob', T0 + 10 * PRESENCE_TTL_MS)).toBe(T0);
    });

    it('leaving one socket keeps the user online through another; leaving the last records when', async () => {
      await store.touch([{ userId: 'alice', member: 'i1|phone' }], T0);
      await store.touch([{ userId: 'alice', member: 'i1|pad' }], T0);
      await store.leave('alice', 'i1|phone', T0 + 50);
      expect(await store.lastSeen('alice', T0 + 100)).toBe(T0 + 100);
      await store.leave('alice', 'i1|pad', T0 + 60);
      expect(await store.lastSeen('alice', T0 + 100)).toBe(T0 + 60);
      expect(await store.lastSeen('bob', T0 + 100)).toBe(0);
    });

    it('a touch after leaving is online again; a stale member older than the leave does not hide it', async () => {
      await store.touch([{ userId: 'alice', member: 'i1|d1' }], T0);
      await store.leave('alice', 'i1|d1', T0 + 5);
      await store.touch([{ userId: 'alice', member: 'i1|d1' }], T0 + 10);
      expect(await store.lastSeen('alice', T0 + 20)).toBe(T0 + 20);
      // A member of a crashed instance, never left, older than the recorded leave.
      await store.touch([{ userId: 'bob', member: 'dead|d1' }], T0);
      await store.touch([{ userId: 'bob', member: 'i1|d2' }], T0 + 10);
      await store.leave('bob', 'i1|d2', T0 + 20);
      expect(await store.lastSeen('bob', T0 + 10 * PRESENCE_TTL_MS)).toBe(T0 + 20);
    });

    it('touch with no entries changes nothing', async () => {
      await store.touch([], T0);
      expect(await store.lastSeen('alice', T0)).toBe(0);
    });
  });

  it('rememberUser / openidOf per user', async () => {
    expect(await store.openidOf('alice')).toBeNull();
    await store.rememberUser('alice', 'openid-a');
    await store.rememberUser('bob', 'openid-b');
    expect(await store.openidOf('alice')).toBe('openid-a');
    expect(await store.openidOf('bob')).toBe('openid-b');
    await store.rememberUser('alice', 'openid-a2');
    expect(await store.openidOf('alice')).toBe('openid-a2');
  });

  it('hit counts per key within the window', async () => {
    expect(await store.hit('k1', 60_000)).toBe(1);
    expect(await store.hit('k1', 60_000)).toBe(2);
    expect(await store.hit('k2', 60_000)).toBe(1);
    expect(await store.hit('k1', 60_000)).toBe(3);
  });

  it('cacheSet / cacheGet per key', async () => {
    expect(await store.cacheGet('token')).toBeNull();
    await store.cacheSet('token', 'abc', 60_000);
    await store.cacheSet('other', 'xyz', 60_000);
    expect(await store.cacheGet('token')).toBe('abc');
    expect(await store.cacheGet('other')).toBe('xyz');
  });
});
