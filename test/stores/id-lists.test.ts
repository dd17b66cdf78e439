// The id-list comparisons behind the room's "a snapshot that changes nothing re-derives nothing".
import { onlyKnown, sameIds } from '../../stores/id-lists';

test('sameIds: the same ids in the same order, whichever array holds them', () => {
  const ab = ['a', 'b'];
  expect(sameIds(ab, ab)).toBe(true);
  expect(sameIds(['a', 'b'], ['a', 'b'])).toBe(true);
  expect(sameIds([], [])).toBe(true);
  expect(sameIds(['a', 'b'], ['b', 'a'])).toBe(false);
  expect(sameIds(['a'], ['a', 'b'])).toBe(false);
  expect(sameIds(['a', 'b'], ['a'])).toBe(false);
  expect(sameIds(['a', 'b'], ['a', 'c'])).toBe(false);
});

test('onlyKnown: true when everyone but me is known; me, repeated or not, never counts', () => {
  const known = new Set(['a', 'b']);
  expect(onlyKnown([], known, 'me')).toBe(true);
  expect(onlyKnown(['a', 'b'], known, 'me')).toBe(true);
  expect(onlyKnown(['me', 'a', 'me'], known, 'me')).toBe(true);
  expect(onlyKnown(['a', 'x'], known, 'me')).toBe(false);
  expect(onlyKnown(['x', 'a'], known, 'me')).toBe(false);
  expect(onlyKnown(['me', 'x'], known, 'me')).toBe(false);
});
