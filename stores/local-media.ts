import { action, makeObservable, observable, runInAction } from 'mobx-miniprogram';
import { isPlatformError, toPlatformError } from '../services/platform/errors';
import type { AudioPlaybackDevice, CameraFacing } from '../services/platform/tt-types';
import type { PermissionState } from '../services/permissions';
import type { RtcRoom } from '../services/rtc/rtc-room';
import { NOTICE } from './messages';

/** A capture device (not services/device.ts `Device`, the platform's device service). */
export type CaptureDevice = 'camera' | 'mic';

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

  /** A capture-on call is out: the system permission prompt may be on screen (R4). */
  micPending = false;
  cameraPending = false;

  /** The context each device's call is running on (one call per device per context). */
  private readonly inFlight: Record<CaptureDevice, RtcRoom | null> = { camera: null, mic: null };
  /** Results from any other context (exited, replaced) change nothing. */
  private current: RtcRoom | null = null;
  private readonly notify: (text: string) => void;

  /** Failures nobody sees otherwise (the room's diagnostics log). */
  private readonly record: (code: number | string | undefined, message: string) => void;

  constructor(notify: (text: string) => void, record: (code: number | string | undefined, message: string) => void = () => undefined) {
    this.notify = notify;
    this.record = record;
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
      micPending: observable,
      cameraPending: observable,
      use: action,
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

  /** The context devices run on from now on (null: none). A new context starts with nothing captured. */
  use(rtc: RtcRoom | null): void {
    if (rtc === this.current) return;
    this.current = rtc;
    this.markOff();
  }

  markOff(): void {
    this.micOn = false;
    this.cameraOn = false;
    this.micPending = false;
    this.cameraPending = false;
  }

  /**
   * Applies the wished state after a (re)join: capture, facing and route, all in parallel.
   * Never rejects: a device that fails is reported and left off, the room goes on.
   */
  applyAll(rtc: RtcRoom, first: boolean): Promise<void> {
    // A call already out on this context (a prompt still open) answers for itself.
    const run = (device: CaptureDevice, on: boolean): Promise<void> =>
      this.inFlight[device] === rtc ? Promise.resolve() : this.runCapture(rtc, device, on);
    const video = this.cameraTarget
      ? run('camera', true).then(() =>
          this.cameraOn && this.facing === 'back' ? rtc.switchCamera('back').catch((e: unknown) => this.report('switchCamera', e)) : undefined,
        )
      : first
        ? Promise.resolve()
        : run('camera', false);
    const audio = this.micTarget ? run('mic', true) : first ? Promise.resolve() : run('mic', false);
    const route = rtc.supports('setAudioPlaybackDevice')
      ? rtc.setAudioPlaybackDevice(this.route).catch((e: unknown) => this.report('setAudioPlaybackDevice', e))
      : Promise.resolve();
    return Promise.all([video, audio, route]).then(() => undefined);
  }

  private report(api: string, e: unknown): void {
    const pe = toPlatformError(api, e);
    this.record(pe.code, `${api}: ${pe.rawMessage || pe.category}`);
  }

  /** A wish from a button; applied at once when joined (rtc given), else at the next (re)join. */
  want(device: CaptureDevice, on: boolean, rtc: RtcRoom | null): void {
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

  /** Brings one device to its target; a call already running on this context reconciles when it ends. */
  sync(rtc: RtcRoom, device: CaptureDevice): Promise<void> {
    if (this.inFlight[device] === rtc) return Promise.resolve();
    const target = device === 'camera' ? this.cameraTarget : this.micTarget;
    const actual = device === 'camera' ? this.cameraOn : this.micOn;
    if (target === actual) return Promise.resolve();
    return this.runCapture(rtc, device, target);
  }

  private runCapture(rtc: RtcRoom, device: CaptureDevice, on: boolean): Promise<void> {
    this.inFlight[device] = rtc;
    if (on) this.setPending(device, true);
    const call = device === 'camera' ? rtc.setVideoCapture(on) : rtc.setAudioCapture(on);
    const finish = (apply: () => void): void => {
      const stale = rtc !== this.current || rtc.disposed;
      runInAction(() => {
        if (this.inFlight[device] === rtc) {
          this.inFlight[device] = null;
          this.setPending(device, false);
        }
        if (!stale) apply();
      });
      // A late answer (prompt) may meet a changed wish: bring the device to what is wanted now.
      if (!stale) void this.sync(rtc, device);
    };
    return call.then(
      () =>
        finish(() => {
          if (device === 'camera') this.cameraOn = on;
          else this.micOn = on;
          if (on) this[device] = 'granted';
        }),
      (e: unknown) =>
        finish(() => {
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
          } else if (!isPlatformError(e, 'disposed') && !isPlatformError(e, 'engine-destroyed')) {
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

  private setPending(device: CaptureDevice, on: boolean): void {
    if (device === 'camera') this.cameraPending = on;
    else this.micPending = on;
  }
}
