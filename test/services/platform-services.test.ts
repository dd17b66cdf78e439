import { compareVersion, createDevice } from '../../services/device';
import { createFeedback } from '../../services/feedback';
import { createNavigation } from '../../services/navigation';
import { buildRoomPath, parseRoomLink } from '../../services/link';
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

async function settle<T>(p: Promise<T>): Promise<T> {
  await flush();
  return p;
}

describe('permissions', () => {
  test('granted / refused / never asked come from getSetting without prompting', async () => {
    fake.control.setPermission('scope.camera', true);
    fake.control.setPermission('scope.record', false);
    const p = createPermissions(fake.tt);
    expect(await settle(p.read())).toEqual({ camera: 'granted', mic: 'refused' });
    fake.control.setPermission('scope.camera', undefined);
    expect(await settle(p.read())).toEqual({ camera: 'unknown', mic: 'refused' });
    expect(fake.control.callsTo('tt.authorize')).toHaveLength(0);
  });

  test('a failing getSetting reads as "unknown", never throws', async () => {
    fake.control.failNext('tt.getSetting', { errMsg: 'getSetting:fail' });
    expect(await settle(createPermissions(fake.tt).read())).toEqual({ camera: 'unknown', mic: 'unknown' });
  });

  test('openSettings from a tap returns the states the user left behind', async () => {
    fake.control.setPermission('scope.camera', false);
    fake.control.setOpenSettingResult({ 'scope.camera': true, 'scope.record': true });
    const p = runAsUserGesture(() => createPermissions(fake.tt).openSettings());
    expect(await settle(p)).toEqual({ camera: 'granted', mic: 'granted' });
  });
});

describe('device', () => {
  test('keep-screen-on, network type and system info', async () => {
    const d = createDevice(fake.tt);
    await settle(d.keepScreenOn(true));
    expect(fake.control.keepScreenOn).toBe(true);
    fake.control.setNetwork({ isConnected: true, networkType: '4g' });
    expect(await settle(d.networkType())).toBe('4g');
    fake.control.setSystemInfo({ SDKVersion: '2.41.9' });
    expect(d.systemInfo().SDKVersion).toBe('2.41.9');
  });

  test('network listener: delivered, then removed with the same reference', () => {
    const d = createDevice(fake.tt);
    const seen: boolean[] = [];
    const off = d.onNetworkChange((s) => seen.push(s.isConnected));
    fake.control.setNetwork({ isConnected: false, networkType: 'none' });
    off();
    fake.control.setNetwork({ isConnected: true, networkType: 'wifi' });
    expect(seen).toEqual([false]);
    expect(fake.control.callsTo('tt.offNetworkStatusChange')).toHaveLength(1);
  });

  test('a throwing getSystemInfoSync reads as empty', () => {
    fake.control.failNext('tt.getSystemInfoSync', { errMsg: 'fail' });
    expect(createDevice(fake.tt).systemInfo()).toEqual({});
  });

  test.each([
    ['2.42.0', '2.42.0', 0],
    ['2.9.0', '2.42.0', -1],
    ['3.0', '2.99.99', 1],
    ['2.42', '2.42.0', 0],
  ])('compareVersion(%s, %s) = %i', (a, b, r) => {
    expect(compareVersion(a, b)).toBe(r);
  });
});

describe('feedback', () => {
  test('toast, confirm, loading and clipboard reach the platform', async () => {
    const f = createFeedback(fake.tt);
    f.toast('已重新连接');
    f.showLoading('加载中');
    await flush();
    expect(fake.control.loadingVisible).toBe(true);
    f.hideLoading();
    await settle(f.copy('诊断信息'));
    expect(fake.control.toasts.map((t) => t.title)).toEqual(['已重新连接']);
    expect(fake.control.loadingVisible).toBe(false);
    expect(fake.control.clipboard).toBe('诊断信息');
  });
});

describe('navigation', () => {
  test('navigateTo, redirectTo and reLaunch reach the platform; a failure rejects', async () => {
    const n = createNavigation(fake.tt);
    await settle(n.navigateTo('/pages/prejoin/prejoin?roomId=r'));
    await settle(n.redirectTo('/pages/room/room?roomId=r'));
    await settle(n.reLaunch('/pages/index/index'));
    expect(fake.control.navigations.map((r) => [r.api, r.url])).toEqual([
      ['navigateTo', '/pages/prejoin/prejoin?roomId=r'],
      ['redirectTo', '/pages/room/room?roomId=r'],
      ['reLaunch', '/pages/index/index'],
    ]);
    fake.control.failNext('tt.navigateTo', { errMsg: 'navigateTo:fail page stack full' });
    const failed = n.navigateTo('/x').then(() => null, (e: unknown) => e);
    expect(await settle(failed)).toMatchObject({ api: 'tt.navigateTo', rawMessage: 'navigateTo:fail page stack full' });
  });

  test('setTitle sets the navigation bar title; a failure is swallowed (the page keeps its default)', async () => {
    const n = createNavigation(fake.tt);
    n.setTitle('房间 math-101');
    await flush();
    expect(fake.control.navigationTitles).toEqual(['房间 math-101']);
    fake.control.failNext('tt.setNavigationBarTitle', { errMsg: 'setNavigationBarTitle:fail' });
    n.setTitle('x');
    await flush();
    expect(fake.control.navigationTitles).toEqual(['房间 math-101']);
  });

  test('explain shows a one-button dialog', async () => {
    createFeedback(fake.tt).explain('无法邀请', '需要 Token 服务');
    await flush();
    expect(fake.control.modals).toEqual([expect.objectContaining({ title: '无法邀请', content: '需要 Token 服务', showCancel: false })]);
  });
});

describe('storage', () => {
  test('round-trips JSON values; missing, corrupt or failing reads are undefined', () => {
    const s = createStorage(fake.tt);
    s.set('k', { a: [1, 2] });
    expect(s.get('k')).toEqual({ a: [1, 2] });
    expect(s.get('missing')).toBeUndefined();
    fake.control.failNext('tt.getStorageSync', { errMsg: 'getStorageSync:fail' });
    expect(s.get('k')).toBeUndefined();
    s.remove('k');
  });

  test('a failing write does not throw (records are a convenience)', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    fake.control.failNext('tt.setStorageSync', { errMsg: 'setStorageSync:fail exceed storage max size' });
    expect(() => createStorage(fake.tt).set('k', 1)).not.toThrow();
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('links', () => {
  test('build and parse are inverse for every allowed character', () => {
    const token = '001abc+/=xyz';
    const path = buildRoomPath({ roomId: 'a@b.c_d-1', userId: 'U.1', token });
    const query: Record<string, string> = {};
    for (const kv of path.split('?')[1].split('&')) {
      const [k, v] = kv.split('=');
      query[k] = v;
    }
    expect(parseRoomLink(query)).toEqual({ ok: true, link: { roomId: 'a@b.c_d-1', userId: 'U.1', token } });
  });

  test('a token the host already decoded survives the single decode', () => {
    expect(parseRoomLink({ roomId: 'r', userId: 'u', token: '001ab+/c==' })).toEqual({
      ok: true,
      link: { roomId: 'r', userId: 'u', token: '001ab+/c==' },
    });
  });
});
