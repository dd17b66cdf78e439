// LocalMedia's room buttons against the simulated platform: camera/mic wishes (and the refused
// notice), audio-only mode, flipping the camera and switching speaker/earpiece, each with what the
// platform is asked to do and what the buttons show when the platform refuses.
import type { LocalMedia } from '../../stores/local-media';
import { NOTICE } from '../../stores/messages';
import type { RtcRoom } from '../../services/rtc/rtc-room';
import type { FakeTt } from '../../sim/fake-tt';
import { localMediaRig, type LocalMediaRig } from '../../sim/helpers/local-media-rig';
import { flush } from '../../sim/time';

let rig: LocalMediaRig;
let fake: FakeTt;
let media: LocalMedia;
let notices: string[];

beforeEach(() => {
  jest.useFakeTimers();
  rig = localMediaRig();
  ({ fake, media, notices } = rig);
});
afterEach(() => jest.useRealTimers());

/** A joined context in use, with the wished devices applied as after a join. */
async function joined(): Promise<RtcRoom> {
  const { rtc, joined: join } = rig.startJoin();
  media.use(rtc);
  const devices = media.applyAll(rtc, true);
  await flush(50);
  await join;
  await devices;
  fake.control.clearCalls();
  return rtc;
}

const ctx = () => fake.control.context!;
const args = (api: 'ctx.changeVideoCapture' | 'ctx.switchCamera' | 'ctx.setAudioPlaybackDevice'): unknown[] =>
  fake.control.callsTo(api).map((c) => c.args);

describe('camera and mic wishes', () => {
  test('turning the camera on leaves audio-only mode; turning it off does not leave or enter it', async () => {
    const rtc = await joined();
    media.setAudioOnly(true, rtc);
    await flush();
    media.want('camera', false, rtc);
    expect(media.audioOnly).toBe(true);
    media.want('camera', true, rtc);
    expect(media.audioOnly).toBe(false);
    await flush();
    expect([media.cameraOn, ctx().videoCapture]).toEqual([true, true]);
  });

  test.each([
    ['camera', 'refused', true, [NOTICE.cameraRefused]],
    ['mic', 'refused', true, [NOTICE.micRefused]],
    ['camera', 'refused', false, []],
    ['mic', 'refused', false, []],
    ['camera', 'granted', true, []],
    ['mic', 'unknown', true, []],
  ] as const)('%s with permission %s, wished on: %s → notices %j', (device, permission, on, expected) => {
    media.setPermissions({ camera: permission, mic: permission });
    media.want(device, on, null);
    expect(notices).toEqual(expected);
  });
});

describe('applyAll', () => {
  test('an unwanted camera is turned off, never on for a moment', async () => {
    const rtc = await joined();
    media.want('camera', false, null);
    media.markOff();
    const done = media.applyAll(rtc, false);
    await flush(50);
    await done;
    expect(args('ctx.changeVideoCapture')).toEqual([{ state: 0 }]);
    expect([media.cameraOn, ctx().videoCapture]).toEqual([false, false]);
  });

  test('a camera flipped to the back before it started starts on the back camera, after a join and after a return', async () => {
    media.flip(null);
    const rtc = await joined();
    expect(ctx().camera).toBe('back');
    // And again when the room comes back (the camera starts over on the front one).
    media.markOff();
    const done = media.applyAll(rtc, false);
    await flush(50);
    await done;
    expect(args('ctx.switchCamera')).toEqual([{ camera: 'back' }]);
  });
});

describe('flip', () => {
  test('without a running camera it only remembers the facing, alternating', () => {
    media.flip(null);
    expect(media.facing).toBe('back');
    media.flip(null);
    expect(media.facing).toBe('front');
  });

  test.each([
    ['front', 'back'],
    ['back', 'front'],
  ] as const)('a refused switch from %s to %s puts the facing back and says so', async (from, to) => {
    if (from === 'back') media.flip(null);
    const rtc = await joined();
    expect([media.facing, ctx().camera]).toEqual([from, from]);
    fake.control.failNext('ctx.switchCamera', { errNo: 21102 });
    media.flip(rtc);
    expect(media.facing).toBe(to);
    await flush();
    expect(args('ctx.switchCamera')).toEqual([{ camera: to }]);
    expect([media.facing, ctx().camera]).toEqual([from, from]);
    expect(notices).toEqual([NOTICE.switchFailed]);
  });
});

describe('speaker / earpiece', () => {
  test('toggling alternates the route on the platform', async () => {
    const rtc = await joined();
    media.toggleRoute(rtc);
    await flush();
    expect([media.route, ctx().playbackDevice]).toEqual(['earpiece', 'earpiece']);
    media.toggleRoute(rtc);
    await flush();
    expect([media.route, ctx().playbackDevice]).toEqual(['speakerphone', 'speakerphone']);
    expect(notices).toEqual([]);
  });

  test('a refused route change puts the previous route back and says so', async () => {
    const rtc = await joined();
    fake.control.failNext('ctx.setAudioPlaybackDevice', { errNo: 21102 });
    media.toggleRoute(rtc);
    expect(media.route).toBe('earpiece');
    await flush();
    expect([media.route, media.routeOverride, ctx().playbackDevice]).toEqual(['speakerphone', null, 'speakerphone']);
    expect(notices).toEqual([NOTICE.routeFailed]);
  });
});

describe('audio-only mode', () => {
  test('leaving a mode that is not on changes nothing: an unwanted camera stays off', async () => {
    const rtc = await joined();
    media.want('camera', false, rtc);
    await flush();
    fake.control.clearCalls();
    media.setAudioOnly(false, rtc);
    await flush();
    expect([media.cameraWanted, media.cameraOn, ctx().videoCapture]).toEqual([false, false, false]);
    expect(fake.control.calls.filter((c) => c.api.startsWith('ctx.'))).toEqual([]);
  });

  test('entering keeps the camera wish; leaving wants the camera back and restarts it', async () => {
    const rtc = await joined();
    media.want('camera', false, rtc);
    await flush();
    media.setAudioOnly(true, rtc);
    expect(media.cameraWanted).toBe(false);
    await flush();
    media.setAudioOnly(false, rtc);
    expect(media.cameraWanted).toBe(true);
    await flush();
    expect([media.cameraOn, ctx().videoCapture]).toEqual([true, true]);
  });

  test('the default route follows the mode; a route the user picked is not touched', async () => {
    const rtc = await joined();
    media.setAudioOnly(true, rtc);
    await flush();
    expect(ctx().playbackDevice).toBe('earpiece');
    media.setAudioOnly(false, rtc);
    await flush();
    expect(ctx().playbackDevice).toBe('speakerphone');

    media.toggleRoute(rtc); // the user picks the earpiece
    await flush();
    fake.control.clearCalls();
    media.setAudioOnly(true, rtc);
    await flush();
    expect(args('ctx.setAudioPlaybackDevice')).toEqual([]);
    expect([media.route, ctx().playbackDevice]).toEqual(['earpiece', 'earpiece']);
  });
});
