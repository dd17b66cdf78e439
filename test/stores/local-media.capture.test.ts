// LocalMedia's capture calls against the simulated platform: what the buttons show (on, pending,
// permission) after each kind of success and failure, which notice the user gets, that a failed
// device is neither retried in a loop nor left half on, and that answers from a context no longer in
// use change nothing while the current context's call keeps its pending state.
import { LocalMedia } from '../../stores/local-media';
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

/** A joined context, in use by `media`. */
async function room(): Promise<RtcRoom> {
  const { rtc, joined } = rig.startJoin();
  await flush();
  await joined;
  media.use(rtc);
  return rtc;
}

/** Lets the simulation run until `p` ends (the sim answers through fake timers). */
async function settled<T>(p: Promise<T>): Promise<T> {
  await flush(50);
  return p;
}

const states = (api: 'ctx.changeVideoCapture' | 'ctx.changeAudioCapture'): number[] =>
  fake.control.callsTo(api).map((c) => (c.args as { state: number }).state);
const ctx = () => fake.control.context!;

test('a fresh LocalMedia shows nothing running and nothing pending', () => {
  expect([media.micOn, media.cameraOn, media.micPending, media.cameraPending]).toEqual([false, false, false, false]);
});

test('the first capture grants the permission state; a capture-off leaves an unknown state alone', async () => {
  const rtc = await room();
  await settled(media.applyAll(rtc, true));
  expect([media.camera, media.mic]).toEqual(['granted', 'granted']);
  expect([ctx().videoCapture, ctx().audioCapture]).toEqual([true, true]);

  // A second media (unknown permissions) that only turns devices off never claims they were granted.
  const other = new LocalMedia(() => undefined);
  other.use(rtc);
  other.micWanted = false;
  other.cameraWanted = false;
  await settled(other.applyAll(rtc, false));
  expect([other.camera, other.mic]).toEqual(['unknown', 'unknown']);
  expect([ctx().videoCapture, ctx().audioCapture]).toEqual([false, false]);
});

test('pending shows per device while its call is out, and a repeated applyAll does not call again', async () => {
  const rtc = await room();
  fake.control.setLatency('ctx.changeAudioCapture', 500);
  media.cameraWanted = false;
  void media.applyAll(rtc, true);
  await flush(100);
  expect([media.micPending, media.cameraPending]).toEqual([true, false]);
  // Back from background while the call is still out: the running call answers for itself.
  void media.applyAll(rtc, true);
  await flush(100);
  expect(states('ctx.changeAudioCapture')).toEqual([1]);
  await flush(400);
  expect([media.micPending, media.micOn]).toEqual([false, true]);
  expect(states('ctx.changeAudioCapture')).toEqual([1]);
});

test('a new context clears the pending state of the old one; using the same context again keeps what runs', async () => {
  const rtc = await room();
  await settled(media.applyAll(rtc, true));
  media.use(rtc);
  expect([media.cameraOn, media.micOn]).toEqual([true, true]);

  fake.control.setLatency('ctx.changeAudioCapture', 500);
  fake.control.setLatency('ctx.changeVideoCapture', 500);
  media.markOff();
  void media.applyAll(rtc, false);
  await flush(100);
  expect([media.cameraPending, media.micPending]).toEqual([true, true]);
  media.use(null);
  expect([media.cameraPending, media.micPending, media.cameraOn, media.micOn]).toEqual([false, false, false, false]);
});

test("an answer from a context no longer in use changes nothing: the device stays off", async () => {
  const rtc = await room();
  fake.control.setLatency('ctx.changeAudioCapture', 200);
  media.cameraWanted = false;
  void media.applyAll(rtc, true);
  await flush(50);
  // The room drops this context (reconnect): it is not exited yet, so the call still succeeds.
  media.use(null);
  await flush(300);
  expect(ctx().audioCapture).toBe(true);
  expect([media.micOn, media.micPending, media.mic]).toEqual([false, false, 'unknown']);
  expect(notices).toEqual([]);
});

test("the old context's late answer does not end the pending state of the new context's call", async () => {
  const old = await room();
  fake.control.setLatency('ctx.changeAudioCapture', 100);
  media.cameraWanted = false;
  void media.applyAll(old, true);
  await flush(10);
  // Reconnect: the old context is dropped and exited, a new one joins; its mic call takes longer.
  media.use(null);
  await settled(old.exit('r'));
  fake.control.setLatency('ctx.changeAudioCapture', 500);
  const rtc = await room();
  void media.applyAll(rtc, false);
  await flush(200); // the old call has landed (failed: its context was destroyed)
  expect(media.micPending).toBe(true);
  media.resync(rtc);
  await flush(400);
  expect([media.micPending, media.micOn]).toEqual([false, true]);
  expect(states('ctx.changeAudioCapture')).toEqual([1, 1]);
  expect(notices).toEqual([]);
});

describe('capture-on failures: notice, device off and unwanted, no retry', () => {
  const CASES: Array<[string, (d: 'camera' | 'mic') => void, (d: 'camera' | 'mic') => string | null]> = [
    ['a refused permission', (d) => fake.control.setPermission(d === 'camera' ? 'scope.camera' : 'scope.record', false),
      (d) => (d === 'camera' ? NOTICE.cameraRefused : NOTICE.micRefused)],
    ['a generic failure', (d) => fake.control.failNext(d === 'camera' ? 'ctx.changeVideoCapture' : 'ctx.changeAudioCapture', { errNo: 21102 }),
      (d) => (d === 'camera' ? NOTICE.cameraFailed : NOTICE.micFailed)],
    ['the privacy agreement', (d) => fake.control.failNext(d === 'camera' ? 'ctx.changeVideoCapture' : 'ctx.changeAudioCapture', { errNo: 10201 }),
      () => NOTICE.privacy],
    ['a missing method (old Douyin)', (d) => fake.control.removeMethod(d === 'camera' ? 'ctx.changeVideoCapture' : 'ctx.changeAudioCapture'),
      () => NOTICE.unsupportedAction],
    ['a destroyed engine', () => fake.control.destroyEngine(), () => null],
  ];

  describe.each(CASES)('%s', (_name, arrange, notice) => {
    test.each(['camera', 'mic'] as const)('%s', async (device) => {
      const rtc = await room();
      // The other device is already running and must stay so.
      const other = device === 'camera' ? 'mic' : 'camera';
      media.want(device, false, null);
      await settled(media.applyAll(rtc, true));
      arrange(device);
      media.want(device, true, rtc);
      await flush(100);
      const expected = notice(device);
      expect(notices).toEqual(expected ? [expected] : []);
      const on = device === 'camera' ? media.cameraOn : media.micOn;
      const wanted = device === 'camera' ? media.cameraWanted : media.micWanted;
      expect([on, wanted]).toEqual([false, false]);
      // Only a refusal changes what the permission is known to be.
      expect(media[device]).toBe(_name === 'a refused permission' ? 'refused' : 'unknown');
      expect([device === 'camera' ? media.micOn : media.cameraOn, media[other]]).toEqual([true, 'granted']);
      // One attempt only (the missing method never reaches the platform).
      const api = device === 'camera' ? 'ctx.changeVideoCapture' : 'ctx.changeAudioCapture';
      expect(states(api)).toEqual(_name === 'a missing method (old Douyin)' ? [] : [1]);
    });
  });
});

test.each(['camera', 'mic'] as const)(
  'a failed %s capture-off shows the device off at once, says nothing, leaves the other device on and is not retried',
  async (device) => {
    const rtc = await room();
    await settled(media.applyAll(rtc, true));
    const api = device === 'camera' ? 'ctx.changeVideoCapture' : 'ctx.changeAudioCapture';
    fake.control.clearCalls();
    fake.control.failNext(api, { errNo: 21102 });
    media.want(device, false, rtc);
    await flush(100);
    expect([media.cameraOn, media.micOn]).toEqual(device === 'camera' ? [false, true] : [true, false]);
    expect(notices).toEqual([]);
    expect(states(api)).toEqual([0]);
  },
);
