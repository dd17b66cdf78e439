// The pre-join page as prejoin.ttml binds it: the one-line summary of the checks (the worst first),
// the check list while checking and after a stop, the locked toggles, 去设置, retry and the join button.
import { buildServices } from '../../services/runtime';
import type { AuthSetting } from '../../services/platform/tt-types';
import { PrejoinStore } from '../../stores/prejoin-store';
import { prejoinDeps } from '../../pages/prejoin/wire';
import { PREJOIN_LABEL, PREJOIN_SUMMARY, PREJOIN_TEXT } from '../../stores/messages';
import { selectPrejoinView } from '../../view/prejoin-view';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt } from '../../sim/fake-tt';
import { flush } from '../../sim/time';
import { TOKEN_URL, installTokenService, type FakeTokenService } from '../../sim/helpers/token-service';

const APP_ID = '65a1b2c3d4e5f60718293a4b';
let cloud: RtcCloud;
let server: FakeTokenService;
let store: PrejoinStore | null = null;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  if (store) await Promise.all([store.release(), flush(50)]);
  store = null;
  jest.useRealTimers();
});

/** A pre-join store on a simulated phone with a dev-mode token service, as the page builds it. */
function prejoin(permissions: AuthSetting = { 'scope.camera': true, 'scope.record': true }, online = true): PrejoinStore {
  cloud = new RtcCloud();
  const network = online ? { isConnected: true, networkType: 'wifi' as const } : { isConnected: false, networkType: 'none' as const };
  const fake = createFakeTt(cloud, { label: 'alice', permissions, network });
  server = installTokenService(fake, cloud, { mode: 'dev', douyinUserId: 'u-alice' });
  const services = buildServices(fake.tt, { appId: APP_ID, tokenServiceUrl: TOKEN_URL, tokenServiceMode: 'dev' });
  store = new PrejoinStore(prejoinDeps(services));
  return store;
}

const link = (): Record<string, string> => ({ roomId: 'room-1', userId: 'alice', token: cloud.mintToken('room-1', 'alice') });

test('while checking: every check listed, the summary and the button say 检查中…, nothing locked yet', () => {
  const s = prejoin();
  s.start(link());
  const v = selectPrejoinView(s);
  expect(v.checks.map((c) => c.id)).toEqual(['link', 'token', 'version', 'capability', 'camera', 'mic', 'network']);
  expect(v.checks.some((c) => c.state === 'pending')).toBe(true);
  expect(v.summary).toEqual({ state: 'pending', text: PREJOIN_TEXT.checking });
  expect(v.joinText).toBe(PREJOIN_TEXT.checking);
  expect(v.detailsOpen).toBe(false);
  expect([v.micLocked, v.cameraLocked, v.showSettings]).toEqual([false, false, false]);
});

test('all fine: 设备与网络正常, 加入房间, no hint, nothing locked', async () => {
  const s = prejoin();
  s.start(link());
  await flush();
  expect(selectPrejoinView(s)).toMatchObject({
    summary: { state: 'ok', text: PREJOIN_SUMMARY.allOk },
    joinText: '加入房间',
    hint: '',
    micLocked: false,
    cameraLocked: false,
    showSettings: false,
    canRetry: false,
    detailsOpen: false,
  });
});

test('camera refused only: its toggle locked, 去设置 shown, the summary names the camera', async () => {
  const s = prejoin({ 'scope.camera': false, 'scope.record': true });
  s.start(link());
  await flush();
  const v = selectPrejoinView(s);
  expect([v.cameraLocked, v.micLocked, v.showSettings]).toEqual([true, false, true]);
  expect(v.summary).toEqual({ state: 'warn', text: `${PREJOIN_LABEL.camera}：${s.checks.camera.text}` });
});

test('mic refused only: its toggle locked, 去设置 shown, the summary names the mic', async () => {
  const s = prejoin({ 'scope.camera': true, 'scope.record': false });
  s.start(link());
  await flush();
  const v = selectPrejoinView(s);
  expect([v.cameraLocked, v.micLocked, v.showSettings]).toEqual([false, true, true]);
  expect(v.summary).toEqual({ state: 'warn', text: `${PREJOIN_LABEL.mic}：${s.checks.mic.text}` });
});

test('both refused: two warnings of the same weight, the summary names the first in the list (camera)', async () => {
  const s = prejoin({ 'scope.camera': false, 'scope.record': false });
  s.start(link());
  await flush();
  const v = selectPrejoinView(s);
  expect(v.summary).toEqual({ state: 'warn', text: `${PREJOIN_LABEL.camera}：${s.checks.camera.text}` });
  expect([v.cameraLocked, v.micLocked, v.showSettings, v.listenOnly]).toEqual([true, true, true, true]);
});

test('token service unreachable: a retryable stop; the failure outranks the still-pending checks, which are left out', async () => {
  const s = prejoin();
  server.failWith('network');
  s.start({ roomId: 'room-9' });
  await flush();
  const v = selectPrejoinView(s, true);
  expect(v.verdict).toBe('stop');
  expect(v.canRetry).toBe(true);
  expect(v.detailsOpen).toBe(true);
  expect(v.checks.every((c) => c.state !== 'pending')).toBe(true);
  expect(v.summary).toEqual({ state: 'fail', text: `${PREJOIN_LABEL.token}：${s.checks.token.text}` });
});

test('offline with the camera refused: the summary names the network (a failure) over the earlier camera warning', async () => {
  const s = prejoin({ 'scope.camera': false, 'scope.record': true }, false);
  s.start(link());
  await flush();
  const v = selectPrejoinView(s);
  expect(s.checks.camera.state).toBe('warn');
  expect(v.summary).toEqual({ state: 'fail', text: `${PREJOIN_LABEL.network}：${s.checks.network.text}` });
  expect(v.joinText).toBe('等待网络…');
});
