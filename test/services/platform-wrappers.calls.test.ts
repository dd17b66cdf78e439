// The thin tt wrappers (feedback, navigation, permissions, device, storage): the exact tt call each
// makes (name and arguments, as the platform sees them) and what the caller gets back when it fails:
// a PlatformError naming the tt API, or the documented fallback. Complements platform-services.test.ts.
import { compareVersion, createDevice } from '../../services/device';
import { createFeedback } from '../../services/feedback';
import { createNavigation } from '../../services/navigation';
import { createPermissions } from '../../services/permissions';
import { createStorage } from '../../services/storage';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { runAsUserGesture } from '../../sim/gesture';
import { flush } from '../../sim/time';

let fake: FakeTt;
beforeEach(() => {
  jest.useFakeTimers();
  fake = createFakeTt(new RtcCloud());
});
afterEach(() => jest.useRealTimers());

const argsOf = (api: Parameters<FakeTt['control']['callsTo']>[0]): unknown[] => fake.control.callsTo(api).map((c) => c.args);
const rejection = <T>(p: Promise<T>): Promise<unknown> => p.then(() => 'resolved', (e: unknown) => e);

describe('feedback: the tt call of each', () => {
  test('toast, dialog, loading mask and clipboard send exactly these options', async () => {
    const f = createFeedback(fake.tt);
    f.toast('已复制');
    f.explain('无法邀请', '需要 Token 服务');
    f.showLoading('加载中');
    f.hideLoading();
    const copied = f.copy('诊断信息');
    await flush();
    await copied;
    expect(argsOf('tt.showToast')).toEqual([{ title: '已复制', icon: 'none', duration: 2500 }]);
    expect(argsOf('tt.showModal')).toEqual([{ title: '无法邀请', content: '需要 Token 服务', showCancel: false, confirmText: '知道了' }]);
    expect(argsOf('tt.showLoading')).toEqual([{ title: '加载中', mask: true }]);
    expect(argsOf('tt.hideLoading')).toEqual([{}]);
    expect(argsOf('tt.setClipboardData')).toEqual([{ data: '诊断信息' }]);
  });

  test('a refused copy rejects with a PlatformError naming tt.setClipboardData', async () => {
    fake.control.failNext('tt.setClipboardData', { errMsg: 'setClipboardData:fail no permission' });
    const e = rejection(createFeedback(fake.tt).copy('x'));
    await flush();
    expect(await e).toMatchObject({ api: 'tt.setClipboardData', rawMessage: 'setClipboardData:fail no permission' });
  });
});

describe('navigation: a refused redirect / relaunch names its tt API', () => {
  test.each([
    ['redirectTo', 'tt.redirectTo'],
    ['reLaunch', 'tt.reLaunch'],
  ] as const)('%s', async (method, api) => {
    fake.control.failNext(api, { errMsg: `${method}:fail page not found` });
    const e = rejection(createNavigation(fake.tt)[method]('/pages/nope/nope'));
    await flush();
    expect(await e).toMatchObject({ api, rawMessage: `${method}:fail page not found` });
    expect(argsOf(api)).toEqual([{ url: '/pages/nope/nope' }]);
  });

  test('setTitle sends only the title', async () => {
    createNavigation(fake.tt).setTitle('房间 r');
    await flush();
    expect(argsOf('tt.setNavigationBarTitle')).toEqual([{ title: '房间 r' }]);
  });
});

describe('permissions', () => {
  test('read asks getSetting with no options', async () => {
    const r = createPermissions(fake.tt).read();
    await flush();
    await r;
    expect(argsOf('tt.getSetting')).toEqual([{}]);
  });

  test('openSettings waits for the user however long they stay in the settings page (no timeout)', async () => {
    fake.control.setOpenSettingResult({ 'scope.camera': true, 'scope.record': false });
    fake.control.setLatency('tt.openSetting', 60000);
    const p = runAsUserGesture(() => createPermissions(fake.tt).openSettings());
    const out = p.then((s) => s, (e: unknown) => ({ rejected: e }));
    await jest.advanceTimersByTimeAsync(60000);
    await flush();
    expect(await out).toEqual({ camera: 'granted', mic: 'refused' });
  });

  test('a refused openSettings rejects with a PlatformError naming tt.openSetting', async () => {
    // Outside a tap the platform refuses it.
    const e = rejection(createPermissions(fake.tt).openSettings());
    await flush();
    expect(await e).toMatchObject({ api: 'tt.openSetting' });
  });
});

describe('device', () => {
  test('keepScreenOn sends the flag; a refusal rejects naming tt.setKeepScreenOn', async () => {
    const d = createDevice(fake.tt);
    const ok = d.keepScreenOn(false);
    await flush();
    await ok;
    expect(argsOf('tt.setKeepScreenOn')).toEqual([{ keepScreenOn: false }]);
    fake.control.failNext('tt.setKeepScreenOn', { errMsg: 'setKeepScreenOn:fail' });
    const e = rejection(d.keepScreenOn(true));
    await flush();
    expect(await e).toMatchObject({ api: 'tt.setKeepScreenOn', rawMessage: 'setKeepScreenOn:fail' });
  });

  test('networkType asks getNetworkType with no options', async () => {
    const t = createDevice(fake.tt).networkType();
    await flush();
    await t;
    expect(argsOf('tt.getNetworkType')).toEqual([{}]);
  });

  test.each([
    ['2.42.1', '2.42', 1],
    ['2.42', '2.42.1', -1],
    ['2.68.0', '2.42.9', 1],
    ['2.42.0.0', '2.42', 0],
  ])('compareVersion(%s, %s) = %i: every part of the longer version counts', (a, b, r) => {
    expect(compareVersion(a, b)).toBe(r);
  });
});

describe('storage', () => {
  test('remove deletes the key', async () => {
    const s = createStorage(fake.tt);
    s.set('k', 1);
    s.remove('k');
    await flush();
    expect(argsOf('tt.removeStorage')).toEqual([{ key: 'k' }]);
    expect(s.get('k')).toBeUndefined();
  });

  test('a stored null reads as undefined', () => {
    fake.control.storage.set('k', null);
    expect(createStorage(fake.tt).get('k')).toBeUndefined();
  });

  test('a failing write or remove is logged with its key, never thrown', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const s = createStorage(fake.tt);
      fake.control.failNext('tt.setStorageSync', { errMsg: 'setStorageSync:fail exceed storage max size' });
      s.set('big', 1);
      fake.control.removeMethod('tt.removeStorage');
      expect(() => s.remove('k')).not.toThrow();
      expect(warn.mock.calls.map((c) => [c[0], c[1]])).toEqual([
        ['[storage] write failed', 'big'],
        ['[storage] remove failed', 'k'],
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});
