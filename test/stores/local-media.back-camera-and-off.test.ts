// Two LocalMedia details against the simulated platform: a back camera that cannot be restored after
// a (re)join leaves the camera running on the front one and says why in the diagnostics log (no
// notice: the user did not tap anything), and turning a device off never shows it as pending (pending
// means a capture-on call is out, so a permission prompt may be on screen).
import type { RtcRoom } from '../../services/rtc/rtc-room';
import { localMediaRig, type LocalMediaRig } from '../../sim/helpers/local-media-rig';
import { flush } from '../../sim/time';

let rig: LocalMediaRig;

beforeEach(() => {
  jest.useFakeTimers();
  rig = localMediaRig();
});
afterEach(() => jest.useRealTimers());

/** A joined context in use, with the wished devices applied as after a join. */
async function joined(): Promise<RtcRoom> {
  const { rtc, joined: join } = rig.startJoin();
  rig.media.use(rtc);
  const devices = rig.media.applyAll(rtc, true);
  await flush(50);
  await join;
  await devices;
  return rtc;
}

test('a back camera the platform will not switch to after a join: logged, the camera still runs, no notice', async () => {
  const { fake, media, notices, records } = rig;
  media.flip(null);
  rig.fake.control.failNext('ctx.switchCamera', { errNo: 21102, errMsg: 'switchCamera:fail camera busy' });
  await joined();
  expect(fake.control.callsTo('ctx.switchCamera').map((c) => c.args)).toEqual([{ camera: 'back' }]);
  expect(fake.control.context!.camera).toBe('front');
  expect(media.cameraOn).toBe(true);
  expect(records).toEqual([{ code: 21102, message: 'switchCamera: switchCamera:fail camera busy' }]);
  expect(notices).toEqual([]);
});

test.each(['camera', 'mic'] as const)('turning the %s off: not pending while the call is out, off when it answers', async (device) => {
  const { fake, media } = rig;
  const rtc = await joined();
  fake.control.setLatency(device === 'camera' ? 'ctx.changeVideoCapture' : 'ctx.changeAudioCapture', 500);
  media.want(device, false, rtc);
  await flush(100);
  expect([media.cameraPending, media.micPending]).toEqual([false, false]);
  await flush(500);
  expect(device === 'camera' ? media.cameraOn : media.micOn).toBe(false);
  expect([media.cameraPending, media.micPending]).toEqual([false, false]);
});
