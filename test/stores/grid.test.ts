import fc from 'fast-check';
import { nextGridOrder, pageCount, pageOf, promoteSpeakers, syncOrder, type GridOrder } from '../../stores/grid';
import { RoomGrid } from '../../stores/room-grid';
import { planSubscriptions, type SubscriptionCaps } from '../../stores/subscription-plan';

const OPTS = { pageSize: 6, holdMs: 4000 };
const ids = (n: number, p = 'u'): string[] => Array.from({ length: n }, (_, i) => `${p}${i + 1}`);
const start = (remotes: string[]): GridOrder => nextGridOrder({ order: [], movedAt: {} }, remotes, [], 0, OPTS);

describe('grid order', () => {
  test('join order; newcomers at the end; leavers drop out without moving anyone else', () => {
    let g = start(ids(8));
    expect(g.order).toEqual(ids(8));
    g = nextGridOrder(g, ['u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'], [], 1000, OPTS);
    expect(g.order).toEqual(['u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9']);
  });

  test('a speaker on page 2 takes the place of the last silent page-1 tile; page 1 keeps its order', () => {
    const g = nextGridOrder(start(ids(14)), ids(14), ['u10', 'u6'], 10000, OPTS);
    expect(g.order.slice(0, 6)).toEqual(['u1', 'u2', 'u3', 'u4', 'u10', 'u6']);
    expect(g.order[9]).toBe('u5');
  });

  test('a tile that moved stays put for the hold, even if its place is wanted again', () => {
    let g = nextGridOrder(start(ids(14)), ids(14), ['u10'], 10000, OPTS);
    expect(g.order.indexOf('u10')).toBe(5);
    // u12 talks 1 s later: every silent page-1 tile is free except u10 (just moved) — u5 gives way.
    g = nextGridOrder(g, ids(14), ['u12'], 11000, OPTS);
    expect(g.order.indexOf('u10')).toBe(5);
    expect(g.order.indexOf('u12')).toBe(4);
    // u10 went silent; 1 s later u13 talks: u10 is still held, so u4 (next silent free one) moves.
    g = nextGridOrder(g, ids(14), ['u13'], 12000, OPTS);
    expect(g.order.indexOf('u10')).toBe(5);
    expect(g.order.indexOf('u13')).toBe(3);
  });

  test('property: under speaker churn every 300 ms, no tile moves twice within the hold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 7, max: 60 }), fc.array(fc.array(fc.nat(59), { maxLength: 4 }), { minLength: 20, maxLength: 200 }), (n, steps) => {
        const all = ids(n);
        let g = start(all);
        const lastMove: Record<string, number> = {};
        let t = 0;
        for (const step of steps) {
          t += 300;
          const speakers = step.filter((i) => i < n).map((i) => all[i]);
          const prev = g.order;
          g = nextGridOrder(g, all, speakers, t, OPTS);
          expect([...g.order].sort()).toEqual([...all].sort());
          g.order.forEach((id, i) => {
            if (prev[i] !== id) {
              if (lastMove[id] !== undefined) expect(t - lastMove[id]).toBeGreaterThanOrEqual(OPTS.holdMs);
              lastMove[id] = t;
            }
          });
        }
      }),
      { numRuns: 150 },
    );
  });

  test('pages of 6; an index past the end shows the last page', () => {
    expect(pageCount(0, 6)).toBe(1);
    expect(pageCount(60, 6)).toBe(10);
    expect(pageCount(61, 6)).toBe(11);
    expect(pageOf(ids(14), 1, 6)).toEqual(ids(12).slice(6));
    expect(pageOf(ids(14), 9, 6)).toEqual(['u13', 'u14']);
    expect(pageOf([], 3, 6)).toEqual([]);
  });
});

/** The straightforward grid order (one full pass per update), as it was before RoomGrid skipped work. */
function referenceOrder(prev: GridOrder, remotes: readonly string[], speakers: readonly string[], now: number): GridOrder {
  const present = new Set(remotes);
  const order = prev.order.filter((id) => present.has(id));
  for (const id of remotes) if (order.indexOf(id) < 0) order.push(id);
  const movedAt: { [userId: string]: number } = {};
  for (const id of order) if (prev.movedAt[id] !== undefined) movedAt[id] = prev.movedAt[id];
  const speaking = new Set(speakers);
  const free = (id: string): boolean => movedAt[id] === undefined || now - movedAt[id] >= OPTS.holdMs;
  const firstPage = Math.min(OPTS.pageSize, order.length);
  for (let i = firstPage; i < order.length; i++) {
    const id = order[i];
    if (!speaking.has(id) || !free(id)) continue;
    let victim = -1;
    for (let j = firstPage - 1; j >= 0; j--) {
      if (!speaking.has(order[j]) && free(order[j])) {
        victim = j;
        break;
      }
    }
    if (victim < 0) break;
    const out = order[victim];
    order[victim] = id;
    order[i] = out;
    movedAt[id] = now;
    movedAt[out] = now;
  }
  return { order, movedAt };
}

describe('RoomGrid skips work without changing the result', () => {
  test('property: same order and dwell timing as one full pass per update, whatever repeats or changes', () => {
    const DWELL = 1500;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            join: fc.array(fc.nat(69), { maxLength: 3 }),
            leave: fc.array(fc.nat(69), { maxLength: 2 }),
            speakers: fc.array(fc.nat(27), { maxLength: 6 }),
            sameArray: fc.boolean(),
            sameSpeakers: fc.boolean(),
            dt: fc.integer({ min: 0, max: 2000 }),
          }),
          { minLength: 10, maxLength: 120 },
        ),
        (steps) => {
          const grid = new RoomGrid({ pageSize: OPTS.pageSize, holdMs: OPTS.holdMs, dwellMs: DWELL });
          let ref: GridOrder = { order: [], movedAt: {} };
          let since: Record<string, number> = {};
          let remotes: string[] = ids(20);
          let speakers: string[] = [];
          let t = 0;
          for (const step of steps) {
            t += step.dt;
            const changed = step.join.length > 0 || step.leave.length > 0;
            if (changed || !step.sameArray) {
              const gone = new Set(step.leave.map((i) => `u${i + 1}`));
              const next = remotes.filter((id) => !gone.has(id));
              for (const i of step.join) if (next.indexOf(`u${i + 1}`) < 0) next.push(`u${i + 1}`);
              remotes = next;
            }
            // The speakers list may name people not in the grid (oneself, someone who just left).
            // The same array again (a dwell timer, another list's event) or a new snapshot.
            if (!step.sameSpeakers) speakers = step.speakers.map((i) => `u${i + 1}`);
            const nextSince: Record<string, number> = {};
            const settled: string[] = [];
            let due: number | null = null;
            for (const id of speakers) {
              nextSince[id] = since[id] !== undefined ? since[id] : t;
              const d = nextSince[id] + DWELL - t;
              if (d <= 0) settled.push(id);
              else if (due === null || d < due) due = d;
            }
            since = nextSince;
            ref = referenceOrder(ref, remotes, settled, t);
            expect(grid.update(remotes, speakers, t)).toBe(due);
            expect(grid.order).toEqual(ref.order);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('subscription plan', () => {
  const caps: SubscriptionCaps = { video: 6, audio: 24 };

  test('video for the page’s camera publishers; the stage’s share counts against the video cap', () => {
    const members = ids(30);
    const plan = planSubscriptions({ onScreen: ids(6), stage: null, videoPublishers: ['u2', 'u3', 'u20'], members, speakers: [] }, caps);
    expect(plan.video).toEqual(['u2', 'u3']);
    expect(plan.screen).toEqual([]);
    const shared = planSubscriptions({ onScreen: ids(6), stage: 'u9', videoPublishers: members, members, speakers: [] }, caps);
    expect(shared.screen).toEqual(['u9']);
    expect(shared.video).toEqual(ids(5));
    expect(shared.both).toEqual(ids(5));
  });

  test('audio: the presenter, then speakers, then the page, then everyone else, within the cap', () => {
    const members = ids(40);
    const plan = planSubscriptions({ onScreen: ['u7', 'u8'], stage: 'u30', videoPublishers: [], members, speakers: ['u35', 'u36'] }, caps);
    expect(plan.audio.slice(0, 5)).toEqual(['u30', 'u35', 'u36', 'u7', 'u8']);
    expect(plan.audio).toHaveLength(24);
    expect(new Set(plan.audio).size).toBe(24);
  });

  test('property: never above the caps, videos only of on-screen publishers, no duplicates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 30 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 12 }),
        (n, videoCap, audioCap, withStage, pageStart) => {
          const members = ids(n);
          const onScreen = members.slice(pageStart, pageStart + 6);
          const pubs = members.filter((_, i) => i % 2 === 0);
          const speakers = members.filter((_, i) => i % 7 === 3);
          const stage = withStage && n > 0 ? members[n - 1] : null;
          const plan = planSubscriptions({ onScreen, stage, videoPublishers: pubs, members, speakers }, { video: videoCap, audio: audioCap });
          expect(plan.video.length + plan.screen.length).toBeLessThanOrEqual(videoCap);
          expect(plan.both.length + plan.screen.length).toBeLessThanOrEqual(Math.max(videoCap, plan.screen.length));
          expect(plan.audio.length).toBeLessThanOrEqual(audioCap);
          for (const id of plan.video) expect(onScreen.includes(id) && pubs.includes(id)).toBe(true);
          expect(new Set(plan.audio).size).toBe(plan.audio.length);
          expect(new Set(plan.video).size).toBe(plan.video.length);
        },
      ),
    );
  });
});

test('syncOrder returns the same array when nobody joined or left (RoomGrid skips the rest on identity)', () => {
  const prev = ['a', 'b', 'c'];
  expect(syncOrder(prev, ['c', 'a', 'b'])).toBe(prev);
  expect(syncOrder(prev, ['a', 'b'])).toEqual(['a', 'b']);
  expect(syncOrder(prev, ['a', 'b', 'c', 'd'])).toEqual(['a', 'b', 'c', 'd']);
  expect(syncOrder(prev, ['a', 'b', 'd'])).toEqual(['a', 'b', 'd']);
});

test('the hold ends exactly holdMs after a move: a tile moved at t may move again at t + holdMs, not before', () => {
  const ids = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'late'];
  const at = 10_000;
  const held = { p6: at, late: at };
  expect(promoteSpeakers(ids, { ...held }, new Set(['late']), at + OPTS.holdMs - 1, OPTS)).toBeNull();
  const movedAt: { [id: string]: number } = { ...held };
  expect(promoteSpeakers(ids, movedAt, new Set(['late']), at + OPTS.holdMs, OPTS)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'late', 'p6']);
  expect(movedAt).toEqual({ p6: at + OPTS.holdMs, late: at + OPTS.holdMs });
});
