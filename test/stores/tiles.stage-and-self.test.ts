// The self tile's speaking ring, the order remote sharers take the stage in, and who is on stage.
import { nextShareOrder, selfTile, stageSharer } from '../../stores/tiles';

test.each<[boolean, string[], boolean]>([
  [true, ['me'], true],
  [true, ['bob', 'me'], true],
  [true, ['bob'], false],
  [true, [], false],
  [false, ['me'], false],
])('self tile: mic on %p, speakers %j → speaking %p', (micOn, speakers, speaking) => {
  expect(selfTile({ userId: 'me', cameraOn: true, micOn }, new Set(speakers))).toEqual({ userId: 'me', cameraOn: true, speaking, sharing: false });
});

test.each<[string[], string[], string[]]>([
  // Oldest sharer first, whatever order the platform lists them in.
  [['b', 'a'], ['a', 'b'], ['b', 'a']],
  [['b'], ['a', 'b'], ['b', 'a']],
  // Who stopped is dropped.
  [['b', 'a'], ['a'], ['a']],
  [['a', 'b'], [], []],
  // Oneself never shares onto one's own stage, listed or remembered.
  [[], ['me', 'a'], ['a']],
  [['me', 'a'], ['me', 'a'], ['a']],
  // A repeated id in the snapshot is one sharer.
  [[], ['a', 'a', 'b'], ['a', 'b']],
])('share order after %j with screen members %j → %j', (previous, screen, next) => {
  expect(nextShareOrder(previous, screen, 'me')).toEqual(next);
});

test.each<[string[], string | null, string | null]>([
  [['a', 'b'], null, 'b'],
  [['a', 'b'], 'a', 'a'],
  [['a', 'b'], 'x', 'b'],
  [[], 'x', null],
  [[], null, null],
])('stage of %j pinned %p → %p', (order, pinned, stage) => {
  expect(stageSharer(order, pinned)).toBe(stage);
});
