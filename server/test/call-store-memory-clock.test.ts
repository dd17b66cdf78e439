// The time-based parts of MemoryCallStore, on a controlled Date.now: a final call stays readable for
// exactly FINAL_CALL_TTL_MS, purge() drops what is due at its `now`, hit() windows and the cache
// expire at their deadline, and the counter clean-up never drops a counter whose window is still open.
import { FINAL_CALL_TTL_MS, MemoryCallStore } from '../src/calls/store';
import type { Call } from '../src/calls/model';
import { call, recs, T0 } from './call-fixtures';

let clock = T0;

beforeEach(() => {
  clock = T0;
  jest.spyOn(Date, 'now').mockImplementation(() => clock);
});
afterEach(() => jest.restoreAllMocks());

const limit = { key: 'inv', windowMs: 60_000, max: 100 };

describe('final calls', () => {
  it('createFinal: readable until FINAL_CALL_TTL_MS, then gone and the id is free again', async () => {
    const store = new MemoryCallStore(10_000);
    const busy = call('c1', { state: 'busy' });
    await store.createFinal(busy, recs(busy));
    clock = T0 + FINAL_CALL_TTL_MS - 1;
    expect(await store.get('c1')).toEqual(busy);
    expect(await store.createFinal(busy, recs(busy))).toBe('exists');
    clock = T0 + FINAL_CALL_TTL_MS;
    expect(await store.get('c1')).toBeNull();
    expect(await store.createFinal(busy, recs(busy))).toBe('ok');
  });

  it('a live call does not expire; once final it does, FINAL_CALL_TTL_MS after the final write', async () => {
    const store = new MemoryCallStore(10_000);
    const live = call('c2');
    await store.create(live, T0, limit);
    clock = T0 + 10 * FINAL_CALL_TTL_MS;
    expect(await store.get('c2')).toEqual(live);
    const done: Call = { ...live, v: 2, state: 'cancelled', endedAt: clock };
    expect(await store.update(done, 1, recs(done))).toBe(true);
    const finalAt = clock;
    clock = finalAt + FINAL_CALL_TTL_MS - 1;
    expect(await store.get('c2')).toEqual(done);
    clock = finalAt + FINAL_CALL_TTL_MS;
    expect(await store.get('c2')).toBeNull();
  });

  it('purge(now) drops the final calls due at now and keeps the rest', async () => {
    const store = new MemoryCallStore(10_000);
    const live = call('live', { caller: 'carol', callee: 'dave' });
    await store.create(live, T0, limit);
    const early = call('early', { state: 'busy' });
    await store.createFinal(early, recs(early));
    clock = T0 + 1000;
    const late = call('late', { state: 'busy' });
    await store.createFinal(late, recs(late));
    clock = T0 + 1000;
    // purge uses its argument, not the clock: the clock still says both are readable.
    store.purge(T0 + FINAL_CALL_TTL_MS - 1);
    expect(await store.get('early')).not.toBeNull();
    store.purge(T0 + FINAL_CALL_TTL_MS);
    expect(await store.get('early')).toBeNull();
    expect(await store.get('late')).toEqual(late);
    expect(await store.get('live')).toEqual(live);
  });
});

describe('hit windows', () => {
  it('a window ends exactly windowMs after its first hit', async () => {
    const store = new MemoryCallStore(10_000);
    expect(await store.hit('k', 1000)).toBe(1);
    clock = T0 + 999;
    expect(await store.hit('k', 1000)).toBe(2);
    clock = T0 + 1000;
    expect(await store.hit('k', 1000)).toBe(1);
  });

  it('the clean-up of many counters keeps the ones whose window is still open', async () => {
    const store = new MemoryCallStore(10_000);
    expect(await store.hit('open', 60_000)).toBe(1);
    expect(await store.hit('open', 60_000)).toBe(2);
    for (let i = 0; i < 10_000; i++) await store.hit(`other-${i}`, 60_000);
    expect(await store.hit('open', 60_000)).toBe(3);
  });
});

describe('cache', () => {
  it('a value is readable until ttlMs after it was set', async () => {
    const store = new MemoryCallStore(10_000);
    await store.cacheSet('t', 'v', 500);
    clock = T0 + 499;
    expect(await store.cacheGet('t')).toBe('v');
    clock = T0 + 500;
    expect(await store.cacheGet('t')).toBeNull();
  });
});
