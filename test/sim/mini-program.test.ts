import { RtcCloud } from '../../sim/cloud';
import { createFakeTt, FakeTt } from '../../sim/fake-tt';
import { applySetData, installGlobals, loadApp, loadPage, parseDataPath, uninstallGlobals } from '../../sim/mini-program';
import { flush } from '../../sim/time';

describe('setData paths', () => {
  test('parseDataPath', () => {
    expect(parseDataPath('a')).toEqual(['a']);
    expect(parseDataPath('a.b.c')).toEqual(['a', 'b', 'c']);
    expect(parseDataPath('tiles[3].speaking')).toEqual(['tiles', 3, 'speaking']);
    expect(parseDataPath('grid[0][12]')).toEqual(['grid', 0, 12]);
    expect(parseDataPath('a\\.b')).toEqual(['a.b']);
    expect(() => parseDataPath('tiles[x]')).toThrow(/invalid path/);
    expect(() => parseDataPath('tiles[1')).toThrow(/invalid path/);
    expect(() => parseDataPath('')).toThrow(/empty path/);
  });

  test('nested objects, array indexes, replacing whole values', () => {
    const data: Record<string, unknown> = { tiles: [{ id: 'a', speaking: false }, { id: 'b', speaking: false }], me: { name: 'x' } };
    applySetData(data, { 'tiles[1].speaking': true, 'me.name': 'y', count: 3 });
    expect(data).toEqual({ tiles: [{ id: 'a', speaking: false }, { id: 'b', speaking: true }], me: { name: 'y' }, count: 3 });
    applySetData(data, { tiles: [] });
    expect(data.tiles).toEqual([]);
  });

  test('creates missing branches: objects for keys, arrays for indexes; overwrites primitives in the way', () => {
    const data: Record<string, unknown> = { p: 5 };
    applySetData(data, { 'a.b.c': 1, 'list[2].x': 'y', 'p.q': true });
    expect(data.a).toEqual({ b: { c: 1 } });
    expect(Array.isArray(data.list)).toBe(true);
    expect((data.list as unknown[])[2]).toEqual({ x: 'y' });
    expect((data.list as unknown[]).length).toBe(3);
    expect(data.p).toEqual({ q: true });
  });

  test('values are copied (the page cannot share references with data)', () => {
    const data: Record<string, unknown> = {};
    const obj = { n: 1 };
    applySetData(data, { obj });
    obj.n = 2;
    expect(data.obj).toEqual({ n: 1 });
  });
});

describe('page harness', () => {
  let fake: FakeTt;
  beforeEach(() => {
    jest.useFakeTimers();
    fake = createFakeTt(new RtcCloud());
    installGlobals({ tt: fake.tt });
  });
  afterEach(() => {
    uninstallGlobals();
    jest.useRealTimers();
  });

  test('lifecycle order, query, data deep-cloned from options', () => {
    const page = loadPage<{ roomId: string; events: string[] }>('sim/fixtures/demo-page', { query: { roomId: 'r1' } });
    expect(page.data.roomId).toBe('r1');
    expect(page.data.events).toEqual(['load', 'show', 'ready']);
    expect(page.route).toBe('sim/fixtures/demo-page');
    page.hide();
    page.show();
    page.unload();
    expect(page.data.events).toEqual(['load', 'show', 'ready', 'hide', 'show', 'unload']);
    expect(page.unloaded).toBe(true);
    expect(page.setDataCalls[page.setDataCalls.length - 1].afterUnload).toBe(true);
    // a second load of the same (cached) module starts from the original data
    const again = loadPage<{ roomId: string; events: string[] }>('sim/fixtures/demo-page');
    expect(again.data.events).toEqual(['load', 'show', 'ready']);
    expect(again.data.roomId).toBe('');
  });

  test('tap builds the event with dataset; setData is recorded with its byte size', () => {
    const page = loadPage<{ taps: number; lastDataset: Record<string, unknown> }>('sim/fixtures/demo-page');
    const before = page.setDataCalls.length;
    page.tap('onTapTile', { userId: 'u1' });
    expect(page.data.taps).toBe(1);
    expect(page.data.lastDataset).toEqual({ userId: 'u1' });
    const rec = page.setDataCalls[before];
    expect(rec.patch).toEqual({ taps: 1, lastDataset: { userId: 'u1' } });
    expect(rec.bytes).toBe(Buffer.byteLength(JSON.stringify({ taps: 1, lastDataset: { userId: 'u1' } })));
    expect(() => page.tap('nope')).toThrow(/has no method nope/);
  });

  test('call passes arguments; path keys work through the page', () => {
    const page = loadPage<{ tiles: Array<{ userId: string; speaking: boolean }> }>('sim/fixtures/demo-page');
    page.call('addTile', 'a');
    page.call('addTile', 'b');
    page.instance.setData({ 'tiles[1].speaking': true });
    expect(page.data.tiles).toEqual([
      { userId: 'a', speaking: false },
      { userId: 'b', speaking: true },
    ]);
  });

  test('setData callback runs asynchronously', async () => {
    const page = loadPage('sim/fixtures/demo-page');
    const cb = jest.fn();
    page.instance.setData({ x: 1 }, cb);
    expect(cb).not.toHaveBeenCalled();
    await flush();
    expect(cb).toHaveBeenCalledTimes(1);
  });

  test('getCurrentPages tracks loaded pages', () => {
    const getCurrentPages = (globalThis as unknown as { getCurrentPages: () => unknown[] }).getCurrentPages;
    const p1 = loadPage('sim/fixtures/demo-page');
    const p2 = loadPage('sim/fixtures/demo-page');
    expect(getCurrentPages()).toEqual([p1.instance, p2.instance]);
    p2.unload();
    expect(getCurrentPages()).toEqual([p1.instance]);
  });

  test('share calls onShareAppMessage', () => {
    const page = loadPage('sim/fixtures/demo-page', { query: { roomId: 'abc' } });
    expect(page.share('button')).toEqual({ title: 'room', path: '/pages/room/index?roomId=abc', from: 'button' });
  });

  test('openSetting works from a tap, fails outside one (recorded both ways)', async () => {
    const page = loadPage('sim/fixtures/demo-page');
    page.call('openSettings');
    await jest.advanceTimersByTimeAsync(2000);
    page.tap('openSettings');
    expect(fake.control.openSettingCalls.map((c) => c.fromTap)).toEqual([false, true]);
  });

  test('a module that never calls Page gives a clear error', () => {
    expect(() => loadPage('sim/fixtures/not-a-page')).toThrow(/never called Page/);
  });

  test('uninstallGlobals restores what was there before and removes the rest', () => {
    const G = globalThis as unknown as Record<string, unknown>;
    uninstallGlobals();
    const sentinel = (d: unknown): unknown => d;
    G.Behavior = sentinel;
    installGlobals({ tt: fake.tt });
    expect(G.Behavior).not.toBe(sentinel);
    uninstallGlobals();
    expect(G.Behavior).toBe(sentinel);
    expect('tt' in globalThis).toBe(false);
    expect('Page' in globalThis).toBe(false);
    delete G.Behavior;
    installGlobals({ tt: fake.tt });
  });
});

describe('tt only by its bare name (rule R6: Douyin does not put tt on the global object)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const reads = (): typeof import('../../sim/fixtures/reads-tt') => require('../../sim/fixtures/reads-tt');
  afterEach(() => uninstallGlobals());

  test('module code sees the installed tt by name; globalThis.tt, global.tt and "tt" in globalThis do not', () => {
    const fake = createFakeTt(new RtcCloud());
    installGlobals({ tt: fake.tt });
    expect(reads().bareTt()).toBe(fake.tt);
    expect(reads().globalObjectTt()).toBeUndefined();
    expect((global as unknown as { tt?: unknown }).tt).toBeUndefined();
    expect('tt' in globalThis).toBe(false);
  });

  test('a second installGlobals switches the bare tt; uninstallGlobals unsets it', () => {
    const a = createFakeTt(new RtcCloud());
    const b = createFakeTt(new RtcCloud());
    installGlobals({ tt: a.tt });
    installGlobals({ tt: b.tt });
    expect(reads().bareTt()).toBe(b.tt);
    uninstallGlobals();
    expect(reads().bareTt()).toBeUndefined();
  });

  test("the app's pages still load on a bare-name tt", () => {
    jest.useFakeTimers();
    try {
      const fake = createFakeTt(new RtcCloud());
      installGlobals({ tt: fake.tt });
      for (const route of ['pages/index/index', 'pages/prejoin/prejoin', 'pages/room/room']) {
        const page = loadPage(route, { query: {} });
        expect(page.data).toBeDefined();
        page.unload();
      }
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('app harness', () => {
  beforeEach(() => installGlobals({ tt: createFakeTt(new RtcCloud()).tt }));
  afterEach(() => uninstallGlobals());

  test('onLaunch/onShow with launch options; getApp; appHide/appShow reach the top page', () => {
    const app = loadApp('sim/fixtures/demo-app', { scene: '011004' });
    const getApp = (globalThis as unknown as { getApp: () => unknown }).getApp;
    expect(getApp()).toBe(app.instance);
    expect(app.globalData).toMatchObject({ launched: 1, shown: 1, lastScene: '011004' });
    const page = loadPage<{ events: string[] }>('sim/fixtures/demo-page');
    app.appHide();
    app.appShow();
    expect(app.globalData).toMatchObject({ hidden: 1, shown: 2 });
    expect(page.data.events.slice(-2)).toEqual(['hide', 'show']);
  });
});
