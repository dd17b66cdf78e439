// When RoomGrid moves a speaker to page 1: exactly when the dwell runs out (the moment the store's
// timer fires, as update's return value asks), and someone who left and came back is a new tile,
// not held by a move from before they left.
import { RoomGrid } from '../../stores/room-grid';

const OPTS = { pageSize: 2, holdMs: 4000, dwellMs: 1500 };

test('a speaker on page 2 moves up at the very ms the dwell runs out, and nothing more is due', () => {
  const g = new RoomGrid(OPTS);
  const remotes = ['a', 'b', 'c'];
  const speakers = ['c'];
  expect(g.update(remotes, speakers, 0)).toBe(1500);
  expect(g.update(remotes, speakers, 1499)).toBe(1);
  expect(g.order).toEqual(['a', 'b', 'c']);
  expect(g.update(remotes, speakers, 1500)).toBeNull();
  expect(g.order).toEqual(['a', 'c', 'b']);
});

test('someone who left with others and rejoined is not held by the move before they left', () => {
  const g = new RoomGrid(OPTS);
  g.update(['a', 'b', 'c', 'd'], [], 0);
  // c talks and moves up at 1500 (b gives way): both held until 5500.
  g.update(['a', 'b', 'c', 'd'], ['c'], 0);
  g.update(['a', 'b', 'c', 'd'], ['c'], 1500);
  expect(g.order).toEqual(['a', 'c', 'b', 'd']);
  // c and d leave in the same event (the full membership pass), c comes back.
  g.update(['a', 'b'], [], 2000);
  g.update(['a', 'b', 'c'], [], 2100);
  expect(g.order).toEqual(['a', 'b', 'c']);
  // c talks again; after the dwell, a (never moved) gives way, though c's old move is < 4000 ms ago.
  g.update(['a', 'b', 'c'], ['c'], 2100);
  g.update(['a', 'b', 'c'], ['c'], 3600);
  expect(g.order).toEqual(['c', 'b', 'a']);
});
