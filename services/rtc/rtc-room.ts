import { PlatformError, toPlatformError } from '../platform/errors';
import { hasMethod, invoke } from '../platform/invoke';
import type {
  AudioPlaybackDevice,
  CameraFacing,
  RawRtcRoomContext,
  StreamType,
  TtPlatform,
} from '../platform/tt-types';
import { RtcEventHub, type RtcEventMap } from './rtc-events';

export type { RtcEventMap } from './rtc-events';

interface JoinParams {
  roomId: string;
  userId: string;
  token: string;
  /** Omitted unless set: roomConfig only exists since base library 2.68.0. */
  autoPublish?: boolean;
  autoSubscribe?: boolean;
}

export type RtcMethod =
  | 'joinRtcRoom'
  | 'exitRtcRoom'
  | 'changeAudioCapture'
  | 'changeVideoCapture'
  | 'switchCamera'
  | 'setAudioPlaybackDevice'
  | 'changeStreamPublishState'
  | 'changeStreamSubscribeState'
  | 'changeScreenSubscribeState'
  | 'changeUserVisibility'
  | 'setVideoEncoderConfig'
  | 'updateToken';

/** The RTC room as stores see it: Promises, typed events, typed errors. Injected, so tests can fake it. */
export interface RtcRoom {
  supports(method: RtcMethod): boolean;
  /** timeoutMs 0 = wait as long as it takes (a permission prompt may hold the callback back). */
  join(params: JoinParams, options?: { timeoutMs?: number }): Promise<void>;
  /**
   * Exits AND destroys the context (docs/platform.md R1): whatever the callback says, this room is
   * disposed afterwards and the next join needs a new one. Rejects with the platform's error.
   */
  exit(roomId: string): Promise<void>;
  /**
   * Hands a context that never joined over to the next createRtcRoom (the pre-join preview passing
   * its context to the room, R9): listeners are removed, the platform context stays alive.
   */
  park(): void;
  setAudioCapture(on: boolean): Promise<void>;
  setVideoCapture(on: boolean): Promise<void>;
  switchCamera(camera: CameraFacing): Promise<void>;
  setAudioPlaybackDevice(device: AudioPlaybackDevice): Promise<void>;
  setPublishState(on: boolean, streamType?: StreamType): Promise<void>;
  setSubscribeState(userId: string, on: boolean, streamType?: StreamType): Promise<void>;
  setScreenSubscribeState(userId: string, on: boolean, streamType?: StreamType): Promise<void>;
  setVisibility(visible: boolean): Promise<void>;
  setVideoEncoderConfig(width: number, height: number, frameRate: number): Promise<void>;
  updateToken(token: string): Promise<void>;
  /** Subscribes; returns the unsubscribe function. Unknown platform events never fire. */
  on<K extends keyof RtcEventMap>(event: K, listener: (payload: RtcEventMap[K]) => void): () => void;
  supportsEvent(event: keyof RtcEventMap): boolean;
  /** Removes every platform listener this room added and makes later calls reject 'disposed'. */
  dispose(): void;
  readonly disposed: boolean;
}

/**
 * At most one live context per client (R9). The slot remembers it until it is exited, or until a
 * parked one is taken over by the next createRtcRoom.
 */
interface ContextSlot {
  ctx: RawRtcRoomContext;
  appId: string;
  owner: RtcRoomService | null;
}
const slots = new WeakMap<TtPlatform, ContextSlot>();

function freeSlot(platform: TtPlatform, ctx: RawRtcRoomContext): void {
  const held = slots.get(platform);
  if (held && held.ctx === ctx) slots.delete(platform);
}

export interface RtcRoomOptions {
  /** Per-call timeout; join gets joinTimeoutMs. */
  timeoutMs?: number;
  joinTimeoutMs?: number;
}

const CREATE_API = 'createRtcRoomContext';

/**
 * Creates the platform context and wraps it. Throws PlatformError: 'unsupported' when the client
 * has no createRtcRoomContext (base library < 2.42.0), 'capability-denied' for 116183 (the RTC
 * capability is not granted to this mini-program), 'bad-parameter' when no AppId is configured.
 */
export function createRtcRoom(platform: TtPlatform, appId: string, options: RtcRoomOptions = {}): RtcRoom {
  if (!appId) throw new PlatformError(CREATE_API, 'bad-parameter', undefined, 'RTC AppId is not configured');
  if (!hasMethod(platform, 'createRtcRoomContext')) {
    throw new PlatformError(CREATE_API, 'unsupported', undefined, 'createRtcRoomContext needs base library 2.42.0+');
  }
  const held = slots.get(platform);
  if (held) {
    // A parked context (never joined) for the same AppId is taken over instead of creating a second one.
    if (!held.owner && held.appId === appId) {
      const room = new RtcRoomService(platform, held.ctx, options);
      held.owner = room;
      return room;
    }
    throw new PlatformError(CREATE_API, 'busy', undefined, 'another RTC context is still alive: exit it first');
  }
  let ctx: RawRtcRoomContext | null | undefined;
  try {
    ctx = platform.createRtcRoomContext!({ appId });
  } catch (e) {
    const err = toPlatformError(CREATE_API, e);
    if (err.category === 'unknown' && /auth deny/i.test(err.rawMessage)) {
      throw new PlatformError(CREATE_API, 'capability-denied', err.code, err.rawMessage);
    }
    throw err;
  }
  // How a refused capability shows up is unverified (throw or empty return): treat both as refusal.
  if (!ctx) throw new PlatformError(CREATE_API, 'capability-denied', undefined, 'createRtcRoomContext returned no context');
  const room = new RtcRoomService(platform, ctx, options);
  slots.set(platform, { ctx, appId, owner: room });
  return room;
}

class RtcRoomService implements RtcRoom {
  private readonly platform: TtPlatform;
  private readonly ctx: RawRtcRoomContext;
  private readonly events: RtcEventHub;
  private readonly timeoutMs: number | undefined;
  private readonly joinTimeoutMs: number;
  private isDisposed = false;

  constructor(platform: TtPlatform, ctx: RawRtcRoomContext, options: RtcRoomOptions) {
    this.platform = platform;
    this.ctx = ctx;
    this.events = new RtcEventHub(ctx);
    this.timeoutMs = options.timeoutMs;
    this.joinTimeoutMs = options.joinTimeoutMs || 15000;
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  supports(method: RtcMethod): boolean {
    return hasMethod(this.ctx, method);
  }

  supportsEvent(event: keyof RtcEventMap): boolean {
    return this.events.supports(event);
  }

  join(p: JoinParams, options: { timeoutMs?: number } = {}): Promise<void> {
    const params: { roomId: string; userId: string; token: string; roomConfig?: { autoPublish?: boolean; autoSubscribe?: boolean } } = {
      roomId: p.roomId,
      userId: p.userId,
      token: p.token,
    };
    if (p.autoPublish !== undefined || p.autoSubscribe !== undefined) {
      params.roomConfig = {};
      if (p.autoPublish !== undefined) params.roomConfig.autoPublish = p.autoPublish;
      if (p.autoSubscribe !== undefined) params.roomConfig.autoSubscribe = p.autoSubscribe;
    }
    return this.call('joinRtcRoom', params, options.timeoutMs === undefined ? this.joinTimeoutMs : options.timeoutMs);
  }

  exit(roomId: string): Promise<void> {
    // Already disposed (exited, or parked and possibly taken over by another room): the platform is
    // not asked, so the context lives on and its slot is not ours to free.
    const live = !this.isDisposed;
    const done = this.call('exitRtcRoom', { roomId });
    // Exit destroys the context whatever its callback says (R1): nothing may use it afterwards.
    const release = (): void => {
      if (live) freeSlot(this.platform, this.ctx);
      this.dispose();
    };
    return done.then(release, (e: unknown) => {
      release();
      throw e;
    });
  }

  park(): void {
    if (this.isDisposed) return;
    const held = slots.get(this.platform);
    if (held && held.owner === this) held.owner = null;
    this.dispose();
  }

  // Turning a device on may show the system permission prompt, which a person can leave open for a
  // long time (R4): no timeout, the caller reconciles whenever the answer comes. Turning off never prompts.
  setAudioCapture(on: boolean): Promise<void> {
    return this.call('changeAudioCapture', { state: on ? 1 : 0 }, on ? 0 : undefined);
  }

  setVideoCapture(on: boolean): Promise<void> {
    return this.call('changeVideoCapture', { state: on ? 1 : 0 }, on ? 0 : undefined);
  }

  switchCamera(camera: CameraFacing): Promise<void> {
    return this.call('switchCamera', { camera });
  }

  setAudioPlaybackDevice(device: AudioPlaybackDevice): Promise<void> {
    return this.call('setAudioPlaybackDevice', { device });
  }

  setPublishState(on: boolean, streamType: StreamType = 'both'): Promise<void> {
    return this.call('changeStreamPublishState', { state: on ? 1 : 0, streamType });
  }

  setSubscribeState(userId: string, on: boolean, streamType: StreamType = 'both'): Promise<void> {
    return this.call('changeStreamSubscribeState', { state: on ? 1 : 0, userId, streamType });
  }

  setScreenSubscribeState(userId: string, on: boolean, streamType: StreamType = 'both'): Promise<void> {
    return this.call('changeScreenSubscribeState', { state: on ? 1 : 0, userId, streamType });
  }

  setVisibility(visible: boolean): Promise<void> {
    return this.call('changeUserVisibility', { visible });
  }

  setVideoEncoderConfig(width: number, height: number, frameRate: number): Promise<void> {
    return this.call('setVideoEncoderConfig', { maxSolution: { width, height, frameRate } });
  }

  updateToken(token: string): Promise<void> {
    return this.call('updateToken', { token });
  }

  on<K extends keyof RtcEventMap>(event: K, listener: (payload: RtcEventMap[K]) => void): () => void {
    if (this.isDisposed) return () => undefined;
    return this.events.on(event, listener);
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.events.dispose();
  }

  private call<K extends RtcMethod>(
    method: K,
    params: Parameters<NonNullable<RawRtcRoomContext[K]>>[0] extends infer O ? Omit<O, 'success' | 'fail' | 'complete'> : never,
    timeoutMs?: number,
  ): Promise<void> {
    const api = `RtcRoomContext.${method}`;
    if (this.isDisposed) {
      return Promise.reject(new PlatformError(api, 'disposed', undefined, 'the RTC room was disposed'));
    }
    return invoke(this.ctx, method, params as never, { api, timeoutMs: timeoutMs === undefined ? this.timeoutMs : timeoutMs }).then(
      () => undefined,
    );
  }
}

