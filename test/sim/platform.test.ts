// The non-RTC half of the fake tt: storage, UI, request, login, permissions, network, system info.
import type { CallbackOptions, PlatformFailure } from '../../services/platform/tt-types';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt, FakeTt } from '../../sim/fake-tt';
import { runAsUserGesture } from '../../sim/gesture';
import { flush } from '../../sim/time';

/** Promisify a callback API call for the tests. */
function result<S>(start: (cbs: Required<Pick<CallbackOptions<S>, 'success' | 'fail'>>) => void): Promise<{ ok: true; value: S } | { ok: false; err: PlatformFailure }> {
  return new Promise((resolve) =>
    start({ success: (value) => resolve({ ok: true, value }), fail: (err) => resolve({ ok: false, err }) }),
  );
}
async function settled<T>(p: Promise<T>, ms = 10): Promise<T> {
  await flush(ms);
  return p;
}

let fake: FakeTt;
beforeEach(() => {
  jest.useFakeTimers();
  fake = createFakeTt(new RtcCloud());
});
afterEach(() => jest.useRealTimers());

describe('storage', () => {
  test('sync and async share one map; data is JSON-cloned both ways', async () => {
    const { tt, control } = fake;
    const value = { when: new Date(0), list: [1, 2], fn: () => 1, nested: { a: undefined as unknown } };
    tt.setStorageSync('k', value);
    value.list.push(3);
    const got = tt.getStorageSync('k') as { when: unknown; list: number[]; fn?: unknown; nested: object };
    expect(got).toEqual({ when: '1970-01-01T00:00:00.000Z', list: [1, 2], nested: {} });
    got.list.push(99);
    expect(tt.getStorageSync('k')).toEqual(control.storage.get('k'));
    expect((control.storage.get('k') as { list: number[] }).list).toEqual([1, 2]);

    const r = await settled(result<{ data: unknown }>((cb) => tt.getStorage({ key: 'k', ...cb })));
    expect(r).toMatchObject({ ok: true, value: { data: { list: [1, 2] } } });
    await settled(result((cb) => tt.setStorage({ key: 'k2', data: 'v', ...cb })));
    expect(tt.getStorageSync('k2')).toBe('v');
    await settled(result((cb) => tt.removeStorage({ key: 'k2', ...cb })));
    expect(tt.getStorageSync('k2')).toBe(''); // missing → '' like the platform
    expect(await settled(result((cb) => tt.getStorage({ key: 'k2', ...cb })))).toEqual({
      ok: false,
      err: { errMsg: 'getStorage:fail data not found' },
    });
  });

  test('sync storage APIs throw an injected failure', () => {
    fake.control.failNext('tt.setStorageSync', { errMsg: 'setStorageSync:fail exceed storage max size' });
    expect(() => fake.tt.setStorageSync('k', 1)).toThrow('exceed storage max size');
    fake.tt.setStorageSync('k', 1);
    expect(fake.tt.getStorageSync('k')).toBe(1);
  });

  test('tests can plant corrupt data', () => {
    fake.control.storage.set('session', 'not-an-object');
    expect(fake.tt.getStorageSync('session')).toBe('not-an-object');
  });
});

describe('UI', () => {
  test('toasts, modal answers (persistent and queued), loading state, clipboard, keep-screen-on', async () => {
    const { tt, control } = fake;
    tt.showLoading({ title: 'joining' });
    await flush();
    expect(control.loadingVisible).toBe(true);
    expect(control.loadingTitle).toBe('joining');
    tt.hideLoading();
    tt.showToast({ title: 'hi', icon: 'none' });
    await flush();
    expect(control.loadingVisible).toBe(false);
    expect(control.toasts).toEqual([expect.objectContaining({ title: 'hi', icon: 'none' })]);

    expect(await settled(result((cb) => tt.showModal({ title: 'q', ...cb })))).toMatchObject({ ok: true, value: { confirm: true, cancel: false } });
    control.setModalAnswer(false);
    control.queueModalAnswers(true);
    expect(await settled(result((cb) => tt.showModal({ title: 'q', ...cb })))).toMatchObject({ value: { confirm: true } });
    expect(await settled(result((cb) => tt.showModal({ title: 'q', ...cb })))).toMatchObject({ value: { confirm: false } });
    expect(control.modals.map((m) => m.confirm)).toEqual([true, true, false]);

    tt.setClipboardData({ data: 'link' });
    tt.setKeepScreenOn({ keepScreenOn: true });
    await flush();
    expect(control.clipboard).toBe('link');
    expect(control.keepScreenOn).toBe(true);
  });

  test('navigation is recorded', async () => {
    fake.tt.navigateTo({ url: '/pages/room/index?roomId=1' });
    fake.tt.navigateBack();
    fake.tt.reLaunch({ url: '/pages/index/index' });
    await flush();
    expect(fake.control.navigations.map((n) => [n.api, n.url ?? n.delta])).toEqual([
      ['navigateTo', '/pages/room/index?roomId=1'],
      ['navigateBack', 1],
      ['reLaunch', '/pages/index/index'],
    ]);
  });
});

describe('request', () => {
  test('no handler → request:fail', async () => {
    expect(await settled(result((cb) => fake.tt.request({ url: 'https://x', ...cb })))).toEqual({ ok: false, err: { errMsg: 'request:fail' } });
  });

  test('handler response, JSON string parsing, throw = network failure, async handler', async () => {
    const { tt, control } = fake;
    control.setRequestHandler((req) => {
      if (req.url.endsWith('/down')) throw new Error('net::ERR');
      if (req.url.endsWith('/json')) return { statusCode: 200, data: '{"a":1}' };
      return Promise.resolve({ statusCode: 403, data: { got: req.data, method: req.method } });
    });
    expect(await settled(result((cb) => tt.request({ url: 'https://x/json', ...cb })))).toMatchObject({ ok: true, value: { statusCode: 200, data: { a: 1 } } });
    expect(await settled(result((cb) => tt.request({ url: 'https://x/down', ...cb })))).toEqual({ ok: false, err: { errMsg: 'request:fail net::ERR' } });
    expect(await settled(result((cb) => tt.request({ url: 'https://x/t', method: 'POST', data: { q: 1 }, ...cb })))).toMatchObject({
      ok: true,
      value: { statusCode: 403, data: { got: { q: 1 }, method: 'POST' } },
    });
    expect(control.callsTo('tt.request').map((c) => (c.args as { url: string }).url)).toEqual(['https://x/json', 'https://x/down', 'https://x/t']);
  });

  test('timeout and abort', async () => {
    const { tt, control } = fake;
    control.setRequestHandler(() => new Promise(() => undefined));
    const t = result((cb) => tt.request({ url: 'https://slow', timeout: 5000, ...cb }));
    await flush(4000);
    await flush(1010);
    expect(await t).toEqual({ ok: false, err: { errMsg: 'request:fail timeout' } });
    let task: { abort(): void } | void = undefined;
    const a = result((cb) => {
      task = tt.request({ url: 'https://slow', ...cb });
    });
    (task as unknown as { abort(): void }).abort();
    expect(await settled(a)).toEqual({ ok: false, err: { errMsg: 'request:fail abort' } });
  });
});

describe('login, system, network', () => {
  test('login default codes change each call; setLogin fixed values or failure', async () => {
    const { tt, control } = fake;
    const a = await settled(result<{ anonymousCode?: string }>((cb) => tt.login({ ...cb })));
    const b = await settled(result<{ anonymousCode?: string }>((cb) => tt.login({ ...cb })));
    expect(a.ok && b.ok && a.value.anonymousCode !== b.value.anonymousCode).toBe(true);
    control.setLogin({ code: 'C', anonymousCode: 'A' });
    expect(await settled(result((cb) => tt.login({ ...cb })))).toMatchObject({ ok: true, value: { code: 'C', anonymousCode: 'A' } });
    control.setLogin({ fail: { errNo: 10103, errMsg: 'login:fail network' } });
    expect(await settled(result((cb) => tt.login({ ...cb })))).toEqual({ ok: false, err: { errNo: 10103, errMsg: 'login:fail network' } });
  });

  test('getSystemInfoSync default SDKVersion and override', () => {
    expect(fake.tt.getSystemInfoSync().SDKVersion).toBe('3.20.0');
    fake.control.setSystemInfo({ SDKVersion: '2.50.0' });
    expect(fake.tt.getSystemInfoSync()).toMatchObject({ SDKVersion: '2.50.0', platform: 'android' });
  });

  test('network listeners, off with the same reference, getNetworkType', async () => {
    const { tt, control } = fake;
    const seen: boolean[] = [];
    const l = (s: { isConnected: boolean }): void => void seen.push(s.isConnected);
    tt.onNetworkStatusChange(l);
    control.setNetwork({ isConnected: false, networkType: 'none' });
    expect(await settled(result<{ networkType: string }>((cb) => tt.getNetworkType({ ...cb })))).toMatchObject({ value: { networkType: 'none' } });
    tt.offNetworkStatusChange!(l);
    control.setNetwork({ isConnected: true, networkType: '4g' });
    expect(seen).toEqual([false]);
  });
});

describe('permissions API', () => {
  test('getSetting reflects setPermission; authorize uses prompt answer when never asked', async () => {
    const { tt, control } = fake;
    control.setPermission('scope.camera', false);
    expect(await settled(result((cb) => tt.getSetting({ ...cb })))).toEqual({ ok: true, value: { authSetting: { 'scope.camera': false } } });
    control.setPromptAnswer('scope.record', false);
    expect(await settled(result((cb) => tt.authorize({ scope: 'scope.record', ...cb })))).toMatchObject({ ok: false, err: { errNo: 10200 } });
    expect(control.authSetting['scope.record']).toBe(false);
    control.setPermission('scope.camera', undefined);
    expect(await settled(result((cb) => tt.authorize({ scope: 'scope.camera', ...cb })))).toMatchObject({ ok: true });
  });

  test('openSetting: must come from a tap (or a modal confirm); applies setOpenSettingResult', async () => {
    const { tt, control } = fake;
    control.setPermission('scope.camera', false);
    control.setOpenSettingResult({ 'scope.camera': true });
    expect(await settled(result((cb) => tt.openSetting({ ...cb })))).toMatchObject({ ok: false, err: { errMsg: expect.stringMatching(/TAP/) } });
    expect(control.authSetting['scope.camera']).toBe(false);
    const r = runAsUserGesture(() => result((cb) => tt.openSetting({ ...cb })));
    expect(await settled(r)).toEqual({ ok: true, value: { authSetting: { 'scope.camera': true } } });
    // a confirmed modal counts as a tap
    await flush(5000);
    await settled(result((cb) => tt.showModal({ title: 'open settings?', ...cb })));
    await settled(result((cb) => tt.openSetting({ ...cb })));
    expect(control.openSettingCalls.map((c) => c.fromTap)).toEqual([false, true, true]);
  });
});
