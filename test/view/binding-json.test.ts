// bindView's copy of the view (toPlain) and its frame timer: what setData receives for values JSON
// would drop or rewrite, how deeply frozen tiles are shared between frames, and that a pending frame
// is cancelled by flush and dispose. The raw setData arguments are recorded (not a JSON copy), since
// undefined or a function in them is exactly what these tests look for.
import { makeAutoObservable, runInAction } from 'mobx-miniprogram';
import { bindSections, bindView, FRAME_MS, type SetDataTarget } from '../../view/binding';
import { applySetData } from '../../sim/mini-program';

class RawPage implements SetDataTarget {
  data: Record<string, unknown> = {};
  patches: Array<Record<string, unknown>> = [];
  times: number[] = [];
  setData(patch: Record<string, unknown>): void {
    this.patches.push(patch);
    this.times.push(Date.now());
    applySetData(this.data, patch);
  }
}

/** One observable to make the binding rebuild its view when a test wants a new frame. */
class Tick {
  n = 0;
  constructor() {
    makeAutoObservable(this);
  }
  bump(): void {
    runInAction(() => this.n++);
  }
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('toPlain: the page receives what JSON would carry', () => {
  test('undefined, functions and symbols are left out of objects and are null inside arrays', () => {
    const page = new RawPage();
    bindView(page, () => ({
      keep: 1,
      u: undefined,
      f: () => 1,
      s: Symbol('x'),
      nested: { a: 'a', u: undefined, f: () => 2, s: Symbol('y') },
      list: [1, undefined, () => 3, Symbol('z'), 'x'],
    }));
    // toStrictEqual: a key present with undefined, or a function value, would fail here.
    expect(page.patches).toStrictEqual([{ keep: 1, nested: { a: 'a' }, list: [1, null, null, null, 'x'] }]);
  });

  test('a new closure in the view on every frame sends nothing', () => {
    const tick = new Tick();
    const page = new RawPage();
    bindView(page, () => ({ n: tick.n > 0, onTap: () => tick.n, list: [() => tick.n] }));
    tick.bump();
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.patches.slice(1)).toStrictEqual([{ n: true }]);
  });

  test('a key whose value becomes undefined is sent as null, and nothing more while it stays undefined', () => {
    const tick = new Tick();
    const page = new RawPage();
    bindView(page, () => ({ n: tick.n, label: tick.n === 0 ? 'a' : undefined }));
    tick.bump();
    jest.advanceTimersByTime(FRAME_MS);
    tick.bump();
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.patches.slice(1)).toStrictEqual([{ n: 1, label: null }, { n: 2 }]);
  });

  test('NaN and Infinity are sent as null once, not again on every frame', () => {
    const tick = new Tick();
    const page = new RawPage();
    bindView(page, () => ({ n: tick.n, ratio: NaN, max: Infinity, list: [NaN, -Infinity] }));
    expect(page.patches[0]).toStrictEqual({ n: 0, ratio: null, max: null, list: [null, null] });
    tick.bump();
    jest.advanceTimersByTime(FRAME_MS);
    // NaN !== NaN: without the rewrite every frame would re-send them.
    expect(page.patches.slice(1)).toStrictEqual([{ n: 1 }]);
  });

  test('a Date is sent as its toJSON string, and its new time after it changes', () => {
    const tick = new Tick();
    const at = new Date(0);
    const page = new RawPage();
    bindView(page, () => ({ n: tick.n, at }));
    expect(page.patches[0]).toStrictEqual({ n: 0, at: '1970-01-01T00:00:00.000Z' });
    at.setTime(1000);
    tick.bump();
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.patches[1]).toStrictEqual({ n: 1, at: '1970-01-01T00:00:01.000Z' });
  });
});

describe('toPlain: deeply frozen tiles are copied once and shared', () => {
  test('a frozen tile goes out as one frozen copy: the very same object in a later frame that sends it again', () => {
    const tick = new Tick();
    // Frozen all the way down, with a string, a boolean, a number, a null, a frozen array and a nested frozen object.
    const tile = Object.freeze({
      userId: 'bob',
      speaking: false,
      volume: 3,
      badge: null,
      tags: Object.freeze(['host', 2]),
      pos: Object.freeze({ x: 1 }),
    });
    const page = new RawPage();
    bindView(page, () => ({ n: tick.n, tiles: tick.n === 0 ? [tile] : [tile, tile] }));
    const sent = (page.patches[0].tiles as unknown[])[0];
    expect(Object.isFrozen(sent)).toBe(true);
    tick.bump();
    jest.advanceTimersByTime(FRAME_MS);
    // The unchanged tile at [0] is skipped by identity; the new [1] is the shared copy itself.
    expect(page.patches[1]).toStrictEqual({ n: 1, 'tiles[1]': tile });
    expect(page.patches[1]['tiles[1]']).toBe(sent);
  });

  test('a frozen tile holding an already copied frozen tile is shared too', () => {
    const tick = new Tick();
    const inner = Object.freeze({ userId: 'bob' });
    const outer = Object.freeze({ stage: inner });
    const page = new RawPage();
    // `first` is walked before `outer`, so `outer` meets `inner` as an already cached copy.
    bindView(page, () => ({ first: inner, n: tick.n, outer: tick.n === 0 ? outer : null, again: tick.n === 2 ? outer : null }));
    const sent = page.patches[0].outer;
    tick.bump();
    jest.advanceTimersByTime(FRAME_MS);
    tick.bump();
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.patches[2]).toStrictEqual({ n: 2, again: { stage: { userId: 'bob' } } });
    expect(page.patches[2].again).toBe(sent);
  });

  test('a frozen tile holding a mutable list: a later change to the list is sent', () => {
    const tick = new Tick();
    const list = [1];
    const tile = Object.freeze({ userId: 'bob', list });
    const page = new RawPage();
    bindView(page, () => ({ n: tick.n, tile }));
    list.push(2);
    tick.bump();
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.patches[1]).toStrictEqual({ n: 1, 'tile.list[1]': 2 });
    expect(page.data).toEqual({ n: 1, tile: { userId: 'bob', list: [1, 2] } });
  });

  test('a frozen list holding a mutable tile: a later change to the tile is sent', () => {
    const tick = new Tick();
    const bob = { userId: 'bob', speaking: false };
    const list = Object.freeze([bob]);
    const page = new RawPage();
    bindView(page, () => ({ n: tick.n, list }));
    bob.speaking = true;
    tick.bump();
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.patches[1]).toStrictEqual({ n: 1, 'list[0].speaking': true });
  });

  test('a frozen tile holding a Date (frozen, yet its time can change): the new time is sent', () => {
    const tick = new Tick();
    const at = Object.freeze(new Date(0));
    const tile = Object.freeze({ userId: 'bob', at });
    const page = new RawPage();
    bindView(page, () => ({ n: tick.n, tile }));
    at.setTime(1000);
    tick.bump();
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.patches[1]).toStrictEqual({ n: 1, 'tile.at': '1970-01-01T00:00:01.000Z' });
  });
});

describe('the frame timer', () => {
  test('after flush, a new change waits a whole frame: the cancelled frame does not send it early', () => {
    const tick = new Tick();
    const page = new RawPage();
    const binding = bindView(page, () => ({ n: tick.n }));
    tick.bump(); // frame due at 16
    jest.advanceTimersByTime(2);
    binding.flush(); // sent at 2
    jest.advanceTimersByTime(1);
    tick.bump(); // at 3: due at 19, not at the cancelled 16
    jest.advanceTimersByTime(FRAME_MS - 1); // now 18
    expect(page.patches).toEqual([{ n: 0 }, { n: 1 }]);
    jest.advanceTimersByTime(1);
    expect(page.patches).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  test('three sections changing in one frame still get one setData per frame afterwards', () => {
    const ticks = [new Tick(), new Tick(), new Tick()];
    const page = new RawPage();
    bindSections(page, [() => ({ a: ticks[0].n }), () => ({ b: ticks[1].n }), () => ({ c: ticks[2].n })]);
    const t0 = Date.now();
    ticks[0].bump();
    jest.advanceTimersByTime(5);
    ticks[1].bump();
    jest.advanceTimersByTime(5);
    ticks[2].bump();
    jest.advanceTimersByTime(FRAME_MS - 10 + 2); // the frame went out at 16; now 18
    ticks[0].bump();
    jest.advanceTimersByTime(3 * FRAME_MS);
    expect(page.patches.slice(1)).toEqual([{ a: 1, b: 1, c: 1 }, { a: 2 }]);
    expect(page.times.slice(1).map((t) => t - t0)).toEqual([FRAME_MS, 18 + FRAME_MS]);
  });

  test('dispose cancels the pending frame at once', () => {
    const tick = new Tick();
    const page = new RawPage();
    const binding = bindView(page, () => ({ n: tick.n }));
    tick.bump();
    expect(jest.getTimerCount()).toBe(1);
    binding.dispose();
    expect(jest.getTimerCount()).toBe(0);
  });
});
