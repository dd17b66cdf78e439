// What the records list and the navigation bar print: durations, dates relative to today (local
// time) and the room title, as tables of input → exact text.
import { durationLabel, whenLabel } from '../../stores/format';
import { roomTitle } from '../../stores/room-title';

test.each([
  [0, '0秒'],
  [45_000, '45秒'],
  [59_999, '59秒'],
  [60_000, '1分00秒'],
  [9 * 60_000 + 5_000, '9分05秒'],
  [10 * 60_000 + 10_000, '10分10秒'],
  [3600_000, '1小时00分'],
  [3600_000 + 2 * 60_000 + 30_000, '1小时02分'],
  [2 * 3600_000 + 10 * 60_000, '2小时10分'],
])('durationLabel(%d) = %s', (ms, text) => {
  expect(durationLabel(ms)).toBe(text);
});

describe('whenLabel: today, yesterday, else the date (local time)', () => {
  const now = new Date(2026, 2, 10, 9, 30).getTime();
  test.each([
    [new Date(2026, 2, 10, 0, 5), '今天 00:05'],
    [new Date(2026, 2, 10, 14, 3), '今天 14:03'],
    [new Date(2026, 2, 9, 23, 59), '昨天 23:59'],
    [new Date(2026, 2, 9, 9, 10), '昨天 09:10'],
    [new Date(2026, 2, 8, 23, 59), '3月8日 23:59'],
    [new Date(2026, 2, 5, 14, 3), '3月5日 14:03'],
    [new Date(2025, 11, 31, 10, 10), '12月31日 10:10'],
  ])('%s → %s', (when, text) => {
    expect(whenLabel(when.getTime(), now)).toBe(text);
  });
});

test.each([
  [null, '音视频房间'],
  ['', '音视频房间'],
  ['math-101', '房间 math-101'],
  ['abcdefghijklmn', '房间 abcdefghijklmn'],
  ['abcdefghijklmno', '房间 abcdefg…lmno'],
  ['a1b2c3d4e5f6g7h8i9', '房间 a1b2c3d…h8i9'],
])('roomTitle(%p) = %s', (id, title) => {
  expect(roomTitle(id)).toBe(title);
});
