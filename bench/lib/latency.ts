// Join and recovery critical paths in simulated time: every platform call answers after L ms.
import { DEFAULT_BACKOFF, backoffDelay } from '../../stores/backoff';
import { bindSections } from '../../view/binding';
import { VirtualClock } from './clock';
import { SetDataRecorder } from './recorder';
import { createRoomEnv, openAsPage, ME, ROOM } from './room-env';

export interface JoinResult {
  latencyMs: number;
  /** open() → phase 'joined' with the local camera captured (store). */
  oursMs: number;
  /** open() → the page data shows 'joined' with the self tile's camera on (after the frame). */
  oursViewMs: number;
  /**
   * The official sample (quickstart/index.ts): changeVideoCapture → changeAudioCapture → joinRtcRoom
   * with autoPublish, one after the other. Its fetchToken is left out: our link carries the token too.
   */
  baselineMs: number;
}

function selfCameraOn(data: Record<string, unknown>): boolean {
  const self = data.self as { cameraOn?: boolean } | null | undefined;
  return data.phase === 'joined' && !!self && self.cameraOn === true;
}

export async function measureJoin(latencyMs: number): Promise<JoinResult> {
  const clock = new VirtualClock().install();
  try {
    const env = createRoomEnv();
    env.fake.control.setLatency('*', latencyMs);
    const page = new SetDataRecorder();
    const start = clock.now;
    const parts = openAsPage(env);
    const binding = bindSections(page, parts.sections);
    const oursMs = await clock.advanceUntil(() => env.store.phase === 'joined' && env.store.media.cameraOn, 20 * latencyMs);
    await clock.advanceUntil(() => selfCameraOn(page.data), 20 * latencyMs);
    const oursViewMs = clock.now - start;
    binding.dispose();
    parts.recorder.dispose();
    const left = env.store.leave();
    await clock.advance(10 * latencyMs);
    await left;

    // The sample's order on the same simulated runtime (its own context and user).
    const b = createRoomEnv();
    b.fake.control.setLatency('*', latencyMs);
    const rtc = b.services.createRtcRoom(b.services.appId);
    let done = false;
    const flow = (async () => {
      await rtc.setVideoCapture(true);
      await rtc.setAudioCapture(true);
      // roomConfig { autoPublish: true, autoSubscribe: true }: the sample never calls changeStreamPublishState.
      await rtc.join({ roomId: ROOM, userId: ME, token: b.cloud.mintToken(ROOM, ME), autoPublish: true, autoSubscribe: true });
      done = true;
    })();
    const baselineMs = await clock.advanceUntil(() => done, 20 * latencyMs);
    await flow;
    const pub = b.fake.control.context ? b.fake.control.context.publishing : undefined;
    if (!pub || !pub.audio || !pub.video) throw new Error('baseline join: autoPublish did not publish camera and mic');
    return { latencyMs, oursMs, oursViewMs, baselineMs };
  } finally {
    clock.uninstall();
  }
}

export interface RecoveryResult {
  latencyMs: number;
  firstBackoffMs: number;
  /** onRtcChatInterrupted → joined again with camera and mic captured. */
  oursMs: number;
  rejoinedCalls: string[];
}

export async function measureRecovery(latencyMs: number): Promise<RecoveryResult> {
  const clock = new VirtualClock().install();
  try {
    const env = createRoomEnv();
    env.fake.control.setLatency('*', latencyMs);
    env.store.open(env.query());
    await clock.advanceUntil(() => env.store.phase === 'joined' && env.store.media.cameraOn && env.store.media.micOn, 20 * latencyMs);
    await clock.advance(latencyMs);
    env.fake.control.clearCalls();
    const t0 = clock.now;
    env.fake.control.interrupt();
    // The event reaches the store asynchronously; measure from the interruption itself.
    await clock.advanceUntil(() => env.store.phase === 'reconnecting', 10 * latencyMs);
    await clock.advanceUntil(
      () => env.store.phase === 'joined' && env.store.media.cameraOn && env.store.media.micOn,
      DEFAULT_BACKOFF.maxMs + 20 * latencyMs,
    );
    const oursMs = clock.now - t0;
    const rejoinedCalls = env.fake.control.calls.map((c) => c.api).filter((a) => a.startsWith('ctx.') && !a.startsWith('ctx.on'));
    const left = env.store.leave();
    await clock.advance(10 * latencyMs);
    await left;
    return { latencyMs, firstBackoffMs: backoffDelay(DEFAULT_BACKOFF, 1, () => 0.5), oursMs, rejoinedCalls };
  } finally {
    clock.uninstall();
  }
}
