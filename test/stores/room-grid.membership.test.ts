// RoomGrid's shortcuts for one join or one leave give the same order as the full membership pass
// (syncOrder), for every small before/after pair of remotes lists, repeated ids included; a new grid
// shows nobody; and a page index past the end stays clamped when the room later grows.
import { syncOrder } from '../../stores/grid';
import { RoomGrid } from '../../stores/room-grid';

/** Every list of length 0..maxLen over the alphabet (repeats allowed). */
function lists(alphabet: string[], maxLen: number): string[][] {
  const out: string[][] = [[]];
  let level: string[][] = [[]];
  for (let n = 1; n <= maxLen; n++) {
    level = level.flatMap((l) => alphabet.map((a) => l.concat([a])));
    out.push(...level);
  }
  return out;
}

test('a new grid shows nobody, on one page', () => {
  const g = new RoomGrid();
  expect(g.order).toEqual([]);
  expect(g.pageIds).toEqual([]);
  expect(g.pageCount).toBe(1);
});

test('one update after another: the same order as the full pass, for every pair of small lists', () => {
  const all = lists(['a', 'b', 'c'], 4);
  const wrong: string[][][] = [];
  let checked = 0;
  for (const prev of all) {
    for (const next of all) {
      // The shortcuts only look at one-longer or one-shorter lists; the rest take the full pass anyway.
      if (Math.abs(next.length - prev.length) !== 1) continue;
      const g = new RoomGrid();
      g.update(prev, [], 0);
      g.update(next, [], 0);
      const want = syncOrder(syncOrder([], prev), next);
      if (g.order.join() !== want.join()) wrong.push([prev, next, g.order]);
      checked++;
    }
  }
  expect(wrong).toEqual([]);
  expect(checked).toBeGreaterThan(4000);
});

test('a page index past the end is kept at the last page, also after the room grows', () => {
  const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `u${i + 1}`);
  const g = new RoomGrid({ pageSize: 6 });
  g.update(ids(12), [], 0);
  g.setPage(5);
  expect(g.page).toBe(1);
  expect(g.currentPage).toBe(1);
  g.update(ids(30), [], 0);
  expect(g.currentPage).toBe(1);
  expect(g.pageIds).toEqual(ids(12).slice(6));
  g.setPage(-3);
  expect(g.currentPage).toBe(0);
});
