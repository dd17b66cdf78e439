import { action, makeObservable, observable, runInAction } from 'mobx-miniprogram';
import { isPlatformError } from '../services/platform/errors';
import type { AudioPlaybackDevice, CameraFacing } from '../services/platform/tt-types';
import type { PermissionState } from '../services/permissions';
import type { RtcRoom } from '../services/rtc/rtc-room';
import { NOTICE } from './messages';

export type Device = 'camera' | 'mic';

/**
 * The local user's devices: what the user wants (survives reconnects) and what the platform
 * actually runs. At most one platform call per device is in flight; rapid taps collapse so the
 * last wish wins.
 */
export class LocalMedia {
  micWanted = true;
  cameraWanted = true;
  micOn = false;
  cameraOn = false;
  facing: CameraFacing = 'front';
  /** null = follow the default (speaker for video, earpiece for audio-only). */
  routeOverride: AudioPlaybackDevice | null = null;
  audioOnly = false;
  camera: PermissionState = 'unknown';
  mic: PermissionState = 'unknown';

  private readonly inFlight: Record<Device, boolean> = { camera: false, mic: false };
  private readonly notify: (text: string) => void;

  constructor(notify: (text: string) => void) {
    this.notify = notify;
    makeObservable(this, {
      micWanted: observable,
      cameraWanted: observable,
      micOn: observable,
      cameraOn: observable,
      facing: observable,
      routeOverride: observable,
      audioOnly: observable,
      camera: observable,
      mic: observable,
      setPermissions: action,
      markOff: action,
      want: action,
      flip: action,
      toggleRoute: action,
      setAudioOnly: action,
    });
  }

  get route(): AudioPlaybackDevice {
    return this.routeOverride || (this.audioOnly ? 'earpiece' : 'speakerphone');
  }

  /** Camera should run: wanted, not in audio-only mode, and not refused. */
  get cameraTarget(): boolean {
    return this.cameraWanted && !this.audioOnly && this.camera !== 'refused';
  }

  get micTarget(): boolean {
    return this.micWanted && this.mic !== 'refused';
  }

  setPermissions(p: { camera: PermissionState; mic: PermissionState }): void {
    this.camera = p.camera;
    this.mic = p.mic;
  }

  markOff(): void {
    this.micOn = false;
    this.cameraOn = false;
  }

  /**
   * Applies the wished state after a (re)join: capture, facing and route, all in parallel.
   * Never rejects: a device that fails is reported and left off, the room goes on.
   */
  applyAll(rtc: RtcRoom, first: boolean): Promise<void> {
    const video = this.cameraTarget
      ? this.runCapture(rtc, 'camera', true).then(() =>
          this.cameraOn && this.facing === 'back' ? rtc.switchCamera('back').catch(() => undefined) : undefined,
        )
      : first
        ? Promise.resolve()
        : this.runCapture(rtc, 'camera', false);
    const audio = this.micTarget ? this.runCapture(rtc, 'mic', true) : first ? Promise.resolve() : this.runCapture(rtc, 'mic', false);
    const route = rtc.supports('setAudioPlaybackDevice')
      ? rtc.setAudioPlaybackDevice(this.route).catch(() => undefined)
      : Promise.resolve();
    return Promise.all([video, audio, route]).then(() => undefined);
  }

  /** A wish from a button; applied at once when joined (rtc given), else at the next (re)join. */
  want(device: Device, on: boolean, rtc: RtcRoom | null): void {
    if (device === 'camera') {
      this.cameraWanted = on;
      if (on) this.audioOnly = false;
    } else {
      this.micWanted = on;
    }
    if (on && this[device] === 'refused') this.notify(device === 'camera' ? NOTICE.cameraRefused : NOTICE.micRefused);
    if (rtc) this.sync(rtc, device);
  }

  /** Brings both devices to their targets (after a join, or back from the settings page). */
  resync(rtc: RtcRoom | null): void {
    if (!rtc) return;
    this.sync(rtc, 'camera');
    this.sync(rtc, 'mic');
  }

  flip(rtc: RtcRoom | null): void {
    const next: CameraFacing = this.facing === 'front' ? 'back' : 'front';
    this.facing = next;
    if (!rtc || !this.cameraOn) return; // applied when the camera next starts
    rtc.switchCamera(next).catch(() =>
      runInAction(() => {
        this.facing = next === 'front' ? 'back' : 'front';
        this.notify(NOTICE.switchFailed);
      }),
    );
  }

  toggleRoute(rtc: RtcRoom | null): void {
    const previous = this.routeOverride;
    this.routeOverride = this.route === 'speakerphone' ? 'earpiece' : 'speakerphone';
    this.applyRoute(rtc, previous);
  }

  setAudioOnly(on: boolean, rtc: RtcRoom | null): void {
    if (this.audioOnly === on) return;
    const previous = this.routeOverride;
    this.audioOnly = on;
    if (!on) this.cameraWanted = true;
    if (!rtc) return;
    this.sync(rtc, 'camera');
    // Only the default route follows the mode; a route the user picked stays.
    if (previous === null) this.applyRoute(rtc, previous);
  }

  private applyRoute(rtc: RtcRoom | null, previous: AudioPlaybackDevice | null): void {
    if (!rtc) return;
    if (!rtc.supports('setAudioPlaybackDevice')) {
      this.routeOverride = previous;
      this.notify(NOTICE.unsupportedAction);
      return;
    }
    rtc.setAudioPlaybackDevice(this.route).catch(() =>
      runInAction(() => {
        this.routeOverride = previous;
        this.notify(NOTICE.routeFailed);
      }),
    );
  }

  /** Brings one device to its target; repeats while the wish changed during the call. */
  sync(rtc: RtcRoom, device: Device): Promise<void> {
    if (this.inFlight[device]) return Promise.resolve();
    const target = device === 'camera' ? this.cameraTarget : this.micTarget;
    const actual = device === 'camera' ? this.cameraOn : this.micOn;
    if (target === actual) return Promise.resolve();
    return this.runCapture(rtc, device, target).then(() => {
      const t2 = device === 'camera' ? this.cameraTarget : this.micTarget;
      const a2 = device === 'camera' ? this.cameraOn : this.micOn;
      // Stop if the last call failed to reach its own target: retrying a refusal would loop.
      if (t2 !== a2 && t2 !== target) return this.sync(rtc, device);
      return undefined;
    });
  }

  private runCapture(rtc: RtcRoom, device: Device, on: boolean): Promise<void> {
    this.inFlight[device] = true;
    const call = device === 'camera' ? rtc.setVideoCapture(on) : rtc.setAudioCapture(on);
    return call.then(
      () =>
        runInAction(() => {
          this.inFlight[device] = false;
          if (device === 'camera') this.cameraOn = on;
          else this.micOn = on;
          if (on) this[device] = 'granted';
        }),
      (e: unknown) =>
        runInAction(() => {
          this.inFlight[device] = false;
          if (!on) {
            // Turning off failed: treat it as off for the UI, the platform stops capture on exit anyway.
            if (device === 'camera') this.cameraOn = false;
            else this.micOn = false;
            return;
          }
          if (isPlatformError(e, 'permission-denied')) {
            this[device] = 'refused';
            this.notify(device === 'camera' ? NOTICE.cameraRefused : NOTICE.micRefused);
          } else if (isPlatformError(e, 'privacy-agreement')) {
            this.notify(NOTICE.privacy);
          } else if (isPlatformError(e, 'unsupported')) {
            this.notify(NOTICE.unsupportedAction);
          } else if (!isPlatformError(e, 'disposed')) {
            this.notify(device === 'camera' ? NOTICE.cameraFailed : NOTICE.micFailed);
          }
          if (device === 'camera') {
            this.cameraOn = false;
            this.cameraWanted = false;
          } else {
            this.micOn = false;
            this.micWanted = false;
          }
        }),
    );
  }
}
