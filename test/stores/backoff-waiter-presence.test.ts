// Small timing and counting rules: the reconnect delay's jitter scales the delay (never divides it),
// a waiter's superseded timer never cuts a later sleep short, and room presence is a floor-0 count
// that MobX observers see change.
import { autorun } from 'mobx-miniprogram';
import { backoffDelay, DEFAULT_BACKOFF } from '../../stores/backoff';
import { Presence } from '../../stores/presence';
import { Waiter } from '../../stores/waiter';

test.each<[number, number, number]>([
  [1, 0, 700],
  [1, 0.5, 1000],
  [1, 1, 1300],
  [3, 0, 2800],
  [10, 1, 19500],
])('backoff attempt %d with random %p → %d ms', (attempt, r, ms) => {
  expect(backoffDelay(DEFAULT_BACKOFF, attempt, () => r)).toBe(ms);
});

describe('waiter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('a new sleep replaces the old one and its timer: it lasts its own time', async () => {
    const w = new Waiter();
    let first = false;
    let second = false;
    void w.sleep(1000).then(() => (first = true));
    void w.sleep(5000).then(() => (second = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(first).toBe(true);
    await jest.advanceTimersByTimeAsync(2000);
    expect(second).toBe(false);
    await jest.advanceTimersByTimeAsync(3000);
    expect(second).toBe(true);
  });

  test('after wake(), the old timer does not end a sleep until woken', async () => {
    const w = new Waiter();
    void w.sleep(1000);
    w.wake();
    let woken = false;
    void w.sleep(Infinity).then(() => (woken = true));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(woken).toBe(false);
    w.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(woken).toBe(true);
  });
});

describe('presence', () => {
  test('observers see entering and leaving; a release counts once; never below zero', () => {
    const p = new Presence();
    const seen: boolean[] = [];
    const stop = autorun(() => seen.push(p.inRoom));
    const first = p.enterRoom();
    const second = p.enterRoom();
    first();
    first();
    expect(p.inRoom).toBe(true);
    expect(p.rooms).toBe(1);
    second();
    expect(p.rooms).toBe(0);
    p.leaveRoom();
    expect(p.rooms).toBe(0);
    p.enterRoom();
    expect(p.rooms).toBe(1);
    stop();
    expect(seen).toEqual([false, true, false, true]);
  });
});
