// What the room page reads off RoomGrid while people come and go: whether the pager shows, which page
// is shown once the last page disappears, that the page's id list only changes (and so only makes the
// page re-render its tiles) when the people on it change, and that leaving the room empties the grid.
import { reaction } from 'mobx-miniprogram';
import { RoomGrid } from '../../stores/room-grid';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `u${i + 1}`);

test('the pager shows only with more than one page', () => {
  const g = new RoomGrid({ pageSize: 2 });
  expect(g.paged).toBe(false);
  g.update(ids(2), [], 0);
  expect(g.paged).toBe(false);
  g.update(ids(3), [], 0);
  expect(g.paged).toBe(true);
  g.update(ids(2), [], 0);
  expect(g.paged).toBe(false);
});

test('on the last page, when people leave and it disappears, the page shown is the new last one', () => {
  const g = new RoomGrid({ pageSize: 2 });
  g.update(ids(6), [], 0);
  g.setPage(2);
  expect(g.currentPage).toBe(2);
  expect(g.pageIds).toEqual(['u5', 'u6']);
  g.update(ids(3), [], 0);
  expect(g.currentPage).toBe(1);
  expect(g.pageIds).toEqual(['u3']);
  g.update(ids(1), [], 0);
  expect(g.currentPage).toBe(0);
  expect(g.pageIds).toEqual(['u1']);
});

test('a join or leave on another page does not touch the shown page; one on it does', () => {
  const g = new RoomGrid({ pageSize: 2 });
  g.update(ids(2), [], 0);
  const seen: string[][] = [];
  const stop = reaction(
    () => g.pageIds,
    (p) => seen.push(p),
  );
  g.update(ids(3), [], 0); // u3 joins on page 2
  g.update(ids(4), [], 0); // u4 too
  g.update(ids(3), [], 0); // u4 leaves
  expect(seen).toEqual([]);
  g.update(['u1', 'u3'], [], 0); // u2 leaves page 1: u3 moves up
  expect(seen).toEqual([['u1', 'u3']]);
  stop();
});

test('leaving the room empties the grid; the same list afterwards fills it again from scratch', () => {
  const g = new RoomGrid({ pageSize: 2 });
  const remotes = ids(5);
  g.update(remotes, [], 0);
  g.setPage(1);
  g.reset();
  expect(g.order).toEqual([]);
  expect(g.page).toBe(0);
  expect(g.pageIds).toEqual([]);
  expect(g.pageCount).toBe(1);
  // The store passes its cached array: after a reset that must not read as "nobody joined".
  g.update(remotes, [], 0);
  expect(g.order).toEqual(remotes);
});
