// One fake `tt` per simulated Douyin user, bound to a shared RtcCloud. Implements TtPlatform and
// RawRtcRoomContext from services/platform/tt-types.ts exactly; everything else is on `control`.
//
// Conventions (see README.md): callback-style methods call success|fail then complete, always
// asynchronously (setTimeout(latency), latency 0 by default) and apply their effect in that same tick;
// control.* triggers (setNetwork, emitRaw) call listeners synchronously.

import type {
  AudioPlaybackDevice,
  AuthScope,
  AuthSetting,
  CallbackOptions,
  CameraFacing,
  CaptureState,
  JoinRtcRoomOptions,
  Listener,
  ListenerRegistrar,
  LoginSuccess,
  ModalSuccess,
  NetworkStatus,
  NetworkType,
  PlatformFailure,
  PlatformOk,
  RawRtcRoomContext,
  RequestOptions,
  RequestSuccess,
  RequestTask,
  RtcInterruptPayload,
  RtcStatePayload,
  RtcUserListPayload,
  StreamType,
  SystemInfo,
  TtPlatform,
} from '../services/platform/tt-types';
import { CloudEndpoint, CloudSession, ClientPlatform, ListEventName, RemovalReason, RtcCloud } from './cloud';
import { isUserGestureActive, openGestureWindow, resetGesture } from './gesture';
import { SimSockets, type SimSocketInfo, type SimSocketServer } from './sockets';

// ------------------------------------------------------------------------------------------ public types

type CtxMember = keyof RawRtcRoomContext;
type TtMember = keyof TtPlatform;
/** 'ctx.joinRtcRoom', 'tt.showToast', … */
export type ApiName = `ctx.${CtxMember}` | `tt.${TtMember}`;
type StateEventNameOption = 'onRtcStateChange' | 'onRtcStateChanged' | 'both';

interface RtcEventPayloads {
  onRtcChatMembersChanged: RtcUserListPayload;
  onRtcVideoMembersChanged: RtcUserListPayload;
  onRtcChatSpeakersChanged: RtcUserListPayload;
  onRtcPublishScreenMembersChanged: RtcUserListPayload;
  onRtcStateChange: RtcStatePayload;
  onRtcStateChanged: RtcStatePayload;
  onRtcChatInterrupted: RtcInterruptPayload;
  onRoomTokenWillExpire: void;
}
type RtcEventName = keyof RtcEventPayloads;

interface RecordedCall {
  api: ApiName;
  /** The options object without success/fail/complete (or the positional arguments of sync APIs). */
  args: unknown;
  /** Date.now() at call time. */
  at: number;
}

interface ToastRecord {
  title: string;
  icon?: string;
  duration?: number;
  at: number;
}
interface ModalRecord {
  title?: string;
  content?: string;
  showCancel?: boolean;
  confirmText?: string;
  cancelText?: string;
  /** What the simulated user answered. */
  confirm: boolean;
  at: number;
}
interface NavigationRecord {
  api: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'navigateBack';
  url?: string;
  delta?: number;
  at: number;
}
interface OpenSettingRecord {
  fromTap: boolean;
  at: number;
}

export interface SimRequest {
  url: string;
  method: string;
  data?: unknown;
  header?: Record<string, string>;
  dataType?: 'json' | 'text';
  timeout?: number;
}
export interface SimResponse {
  statusCode: number;
  data?: unknown;
  header?: Record<string, string>;
}
/** Return a response (or a promise of one); throw/reject to simulate a network failure ('request:fail <message>'). */
type RequestHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

type LoginResult = { code?: string; anonymousCode?: string; isLogin?: boolean } | { fail: PlatformFailure };

type ContextFailureMode = 'throw-116183' | 'return-null' | null;

/** Read-only state of one fake RTC context, for assertions. */
interface FakeContextInfo {
  readonly ctx: RawRtcRoomContext;
  readonly appId: string;
  readonly joined: boolean;
  readonly roomId: string | undefined;
  readonly userId: string | undefined;
  readonly audioCapture: boolean;
  readonly videoCapture: boolean;
  readonly camera: CameraFacing;
  readonly playbackDevice: AudioPlaybackDevice;
  readonly encoderConfig: { width: number; height: number; frameRate: number } | undefined;
  readonly visible: boolean;
  readonly publishing: { audio: boolean; video: boolean } | undefined;
  readonly destroyed: boolean;
  readonly session: CloudSession | undefined;
  listenerCount(event: RtcEventName): number;
}

export interface FakeTtOptions {
  /** Shown in error messages. */
  label?: string;
  /** Which state-event registrars the context has (default 'onRtcStateChanged'). */
  stateEventName?: StateEventNameOption;
  /** Initial auth settings (missing = never asked). */
  permissions?: AuthSetting;
  systemInfo?: Partial<SystemInfo>;
  network?: NetworkStatus;
  /** How this client shows up in the cloud (default 'douyin'). */
  platform?: ClientPlatform;
  /**
   * R2 (join page: "若未成功退出房间,再次调用进房接口时…皆回调失败"): 'strict' (default) = once a join
   * succeeded on a context, every later join on it fails, even after an interruption removed it;
   * 'lenient' = a join fails only while the context is still in a room.
   */
  rejoin?: 'strict' | 'lenient';
  /**
   * R9 (nothing documents several live contexts; the mini-game engine page says create one and destroy the
   * previous): 'single' (default) = createRtcRoomContext while another context of this client is alive
   * (not exited/destroyed) fails and is recorded in control.violations; 'multiple' = allowed.
   */
  contexts?: 'single' | 'multiple';
  /**
   * R4 (capture pages: 10200 "auth deny" = the system prompt): how long the system permission prompt
   * stays open before the person answers, in ms (default 0). Capture on a never-asked scope calls back
   * only then, and a join called while the prompt is open waits for it too.
   */
  promptDelayMs?: number;
  /**
   * R7 (typings api/rtc-room.d.ts: onRtcStateChange "包括调用 api 的错误信息"): every failed context call
   * also fires the state event with the API's error text (default true).
   */
  apiErrorsOnStateEvent?: boolean;
  /**
   * A release build (default true): tt.request accepts only HTTPS URLs on the console whitelist
   * (developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/network/http/tt-request), so
   * a non-https URL fails 'request:fail url not in domain list'. false = the IDE with domain checks off.
   */
  releaseBuild?: boolean;
  /**
   * Which streamType values changeStream/ScreenSubscribeState accept. Only 'both' appears in the sample
   * code (docs/platform.md, method table); 'both-only' (default) refuses 'audio'/'video' with 20000,
   * 'all' accepts them.
   */
  subscribeStreamTypes?: 'both-only' | 'all';
  /**
   * changeUserVisibility before joining: undocumented. 'refused' (default) = fails outside a room,
   * so an invisible join is impossible; 'kept' = remembered and used by the next join.
   */
  visibilityBeforeJoin?: 'refused' | 'kept';
  /** Where tt.connectSocket connects (sim/sockets.ts); none = every connect fails to open. */
  socketServer?: SimSocketServer;
}

interface SubscribeRecord {
  tmplIds: string[];
  fromTap: boolean;
  at: number;
}
interface VibrationRecord {
  kind: 'long' | 'short';
  at: number;
}
interface AudioRecord {
  src: string;
  loop: boolean;
  playing: boolean;
  destroyed: boolean;
  plays: number;
}

export interface FakeTtControl {
  readonly cloud: RtcCloud;
  readonly label: string;

  // --- call log
  readonly calls: RecordedCall[];
  callsTo(api: ApiName): RecordedCall[];
  clearCalls(): void;

  // --- fault injection
  setLatency(api: ApiName | '*', ms: number): void;
  failNext(api: ApiName, failure?: PlatformFailure): void;
  failAlways(api: ApiName, failure: PlatformFailure | null): void;
  /** The API never calls back (and has no effect). hang(api, false) undoes it. */
  hang(api: ApiName, on?: boolean): void;
  /** Delete the method, as on an older Douyin version (applies to existing and future contexts). */
  removeMethod(api: ApiName): void;
  createContextFailure: ContextFailureMode;
  /** Drop this client's RTC connection(s): removed from the room, peers see it leave, onRtcChatInterrupted fires. Returns how many sessions were dropped. */
  interrupt(errInfo?: RtcInterruptPayload): number;
  /** Deliver an event to every context of this tt right now (synchronously), joined or not. */
  emitRaw<E extends RtcEventName>(event: E, payload: RtcEventPayloads[E]): void;
  /** Afterwards every call on existing contexts fails with errorCode 115910; new contexts work. */
  destroyEngine(): void;
  /** Rule violations the app committed (e.g. a second live context under contexts: 'single'). Tests expect it empty. */
  readonly violations: string[];
  /** Changes the prompt delay for later capture calls (see FakeTtOptions.promptDelayMs). */
  setPromptDelay(ms: number): void;
  /** Contexts created and not yet exited or destroyed. */
  readonly liveContexts: number;

  // --- the local user
  /** Local voice activity. */
  speak(on: boolean): void;
  readonly speaking: boolean;
  readonly contexts: readonly FakeContextInfo[];
  /** The most recently created context. */
  readonly context: FakeContextInfo | undefined;

  // --- permissions
  readonly authSetting: AuthSetting;
  setPermission(scope: AuthScope, value: boolean | undefined): void;
  /** What the user answers to the system prompt when a scope was never asked (default allow). */
  setPromptAnswer(scope: AuthScope, allow: boolean): void;
  /** What the settings page leaves behind when openSetting is called (null: unchanged). */
  setOpenSettingResult(setting: AuthSetting | null): void;
  readonly openSettingCalls: OpenSettingRecord[];

  // --- network, login, system
  setRequestHandler(handler: RequestHandler | null): void;
  setNetwork(status: NetworkStatus): void;
  readonly network: NetworkStatus;
  setLogin(result: LoginResult): void;
  setSystemInfo(info: Partial<SystemInfo>): void;

  // --- storage (values as stored: JSON clones; write to plant corrupt data)
  readonly storage: Map<string, unknown>;

  // --- UI
  /** Persistent answer to showModal (default confirm). */
  setModalAnswer(confirm: boolean): void;
  /** One-shot answers used before the persistent one, in order. */
  queueModalAnswers(...answers: boolean[]): void;
  readonly toasts: ToastRecord[];
  readonly modals: ModalRecord[];
  readonly loadingVisible: boolean;
  readonly loadingTitle: string | undefined;
  readonly keepScreenOn: boolean;
  readonly clipboard: string | undefined;
  readonly navigations: NavigationRecord[];
  /** Every tt.setNavigationBarTitle title, oldest first (the last one is what the bar shows). */
  readonly navigationTitles: string[];

  // --- sockets, app lifecycle, subscriptions, ringing (issue 15)
  setSocketServer(server: SimSocketServer | null): void;
  /** Every socket this phone opened, oldest first. */
  readonly sockets: readonly SimSocketInfo[];
  /** Drop every open socket now (onError, onClose 1006): a lost connection. Returns how many. */
  dropSockets(): number;
  /** The app goes to the background: tt.onAppHide listeners; sockets are dropped 5 s later (S4). */
  appHide(): void;
  /** Back to the foreground: tt.onAppShow listeners; a pending background drop is cancelled. */
  appShow(): void;
  readonly inBackground: boolean;
  /** What the person ticks in the subscription dialog (default 'accept'). */
  setSubscribeAnswer(answer: 'accept' | 'reject' | 'ban'): void;
  readonly subscribeCalls: SubscribeRecord[];
  readonly vibrations: VibrationRecord[];
  readonly audios: readonly AudioRecord[];
}

export interface FakeTt {
  tt: TtPlatform;
  control: FakeTtControl;
}

// ------------------------------------------------------------------------------------------ internals

type Outcome<S> = { ok: true; value: S } | { ok: false; failure: PlatformFailure };
const ok = <S>(value: S): Outcome<S> => ({ ok: true, value });
const fail = <S>(failure: PlatformFailure): Outcome<S> => ({ ok: false, failure });
const okMsg = (errMsg: string): Outcome<PlatformOk> => ok({ errMsg });

function stripCallbacks(opts: unknown): unknown {
  if (opts === null || typeof opts !== 'object') return opts;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) {
    if (typeof v !== 'function') out[k] = v;
  }
  return out;
}

function jsonClone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

const isState = (s: unknown): s is CaptureState => s === 0 || s === 1;
const isStreamType = (s: unknown): s is StreamType => s === 'both' || s === 'audio' || s === 'video';
const badParam = (name: string, what: string): PlatformFailure => ({ errNo: 20000, errMsg: `${name}:fail invalid parameter: ${what}` });
const notInRoom = (name: string): PlatformFailure => ({ errMsg: `${name}:fail not in a room` });

type ListenerStore = { [E in RtcEventName]: Set<Listener<RtcEventPayloads[E]>> };

class FakeContext implements CloudEndpoint, FakeContextInfo {
  readonly ctx: RawRtcRoomContext = {};
  session: CloudSession | undefined;
  audioCapture = false;
  videoCapture = false;
  camera: CameraFacing = 'front';
  playbackDevice: AudioPlaybackDevice = 'speakerphone';
  encoderConfig: { width: number; height: number; frameRate: number } | undefined;
  visible = true;
  destroyed = false;
  /** A join succeeded on this context at some point (R2). */
  joinedOnce = false;
  readonly listeners: ListenerStore = {
    onRtcChatMembersChanged: new Set(),
    onRtcVideoMembersChanged: new Set(),
    onRtcChatSpeakersChanged: new Set(),
    onRtcPublishScreenMembersChanged: new Set(),
    onRtcStateChange: new Set(),
    onRtcStateChanged: new Set(),
    onRtcChatInterrupted: new Set(),
    onRoomTokenWillExpire: new Set(),
  };

  constructor(
    readonly label: string,
    readonly appId: string,
  ) {}

  get joined(): boolean {
    return this.session?.active === true;
  }
  get roomId(): string | undefined {
    return this.joined ? this.session?.roomId : undefined;
  }
  get userId(): string | undefined {
    return this.joined ? this.session?.userId : undefined;
  }
  get publishing(): { audio: boolean; video: boolean } | undefined {
    const s = this.joined ? this.session : undefined;
    return s ? { audio: s.media.publishAudio, video: s.media.publishVideo } : undefined;
  }
  listenerCount(event: RtcEventName): number {
    return this.listeners[event].size;
  }

  emit<E extends RtcEventName>(event: E, payload: RtcEventPayloads[E]): void {
    const set = this.listeners[event] as Set<Listener<RtcEventPayloads[E]>>;
    for (const l of [...set]) {
      if (set.has(l)) l(payload);
    }
  }

  // CloudEndpoint
  deliverList(event: ListEventName, payload: RtcUserListPayload): void {
    this.emit(event, payload);
  }
  deliverInterrupted(payload: RtcInterruptPayload): void {
    this.emit('onRtcChatInterrupted', payload);
  }
  deliverState(payload: RtcStatePayload): void {
    this.emit('onRtcStateChanged', { ...payload });
    this.emit('onRtcStateChange', { ...payload });
  }
  deliverTokenWillExpire(): void {
    this.emit('onRoomTokenWillExpire', undefined);
  }
  onRemoved(session: CloudSession, _reason: RemovalReason): void {
    if (this.session === session) this.session = undefined;
  }
}

class FakeTtRuntime implements FakeTtControl {
  readonly tt: TtPlatform;
  readonly label: string;
  readonly calls: RecordedCall[] = [];
  createContextFailure: ContextFailureMode = null;
  speaking = false;
  readonly storage = new Map<string, unknown>();
  readonly toasts: ToastRecord[] = [];
  readonly modals: ModalRecord[] = [];
  readonly navigations: NavigationRecord[] = [];
  readonly navigationTitles: string[] = [];
  readonly openSettingCalls: OpenSettingRecord[] = [];
  loadingVisible = false;
  loadingTitle: string | undefined;
  keepScreenOn = false;
  clipboard: string | undefined;
  network: NetworkStatus;
  authSetting: AuthSetting;

  private readonly ctxs: FakeContext[] = [];
  private readonly latency = new Map<ApiName | '*', number>();
  private readonly failNextQueue = new Map<ApiName, PlatformFailure[]>();
  private readonly failAlwaysMap = new Map<ApiName, PlatformFailure>();
  private readonly hung = new Set<ApiName>();
  private readonly removed = new Set<ApiName>();
  private readonly promptAnswers = new Map<AuthScope, boolean>();
  private openSettingResult: AuthSetting | null = null;
  private requestHandler: RequestHandler | null = null;
  private readonly releaseBuild: boolean;
  private loginResult: LoginResult | null = null;
  private loginSeq = 0;
  private systemInfo: SystemInfo;
  private modalAnswer = true;
  private readonly modalQueue: boolean[] = [];
  private readonly networkListeners = new Set<Listener<NetworkStatus>>();
  private readonly stateEventName: StateEventNameOption;
  private readonly platform: ClientPlatform;
  private readonly rejoinRule: 'strict' | 'lenient';
  private readonly contextRule: 'single' | 'multiple';
  private readonly apiErrorsOnState: boolean;
  private readonly subscribeTypes: 'both-only' | 'all';
  private readonly visibilityBeforeJoin: 'refused' | 'kept';
  private promptDelayMs: number;
  /** Until when (Date.now()) the modal permission prompt is open. */
  private promptOpenUntil = 0;
  private readonly promptFor = new Map<AuthScope, number>();
  readonly violations: string[] = [];
  private socketServer: SimSocketServer | null;
  private readonly simSockets: SimSockets;
  inBackground = false;
  private subscribeAnswer: 'accept' | 'reject' | 'ban' = 'accept';
  readonly subscribeCalls: SubscribeRecord[] = [];
  readonly vibrations: VibrationRecord[] = [];
  readonly audios: AudioRecord[] = [];
  // Arrays, not Sets: tt-on-app-hide says a callback registered twice runs twice.
  private readonly appShowListeners: Listener<unknown>[] = [];
  private readonly appHideListeners: Listener<unknown>[] = [];

  constructor(
    readonly cloud: RtcCloud,
    options: FakeTtOptions,
  ) {
    this.label = options.label ?? 'fake-tt';
    this.stateEventName = options.stateEventName ?? 'onRtcStateChanged';
    this.platform = options.platform ?? 'douyin';
    this.rejoinRule = options.rejoin ?? 'strict';
    this.contextRule = options.contexts ?? 'single';
    this.apiErrorsOnState = options.apiErrorsOnStateEvent ?? true;
    this.subscribeTypes = options.subscribeStreamTypes ?? 'both-only';
    this.visibilityBeforeJoin = options.visibilityBeforeJoin ?? 'refused';
    this.promptDelayMs = options.promptDelayMs ?? 0;
    this.releaseBuild = options.releaseBuild ?? true;
    this.authSetting = { ...(options.permissions ?? {}) };
    this.network = { ...(options.network ?? { isConnected: true, networkType: 'wifi' }) };
    this.systemInfo = {
      SDKVersion: '3.20.0',
      version: '30.0.0',
      platform: 'android',
      appName: 'Douyin',
      screenWidth: 375,
      screenHeight: 812,
      windowWidth: 375,
      // A page with the default navigation bar: the screen minus the status bar (44) and the bar (44).
      windowHeight: 724,
      safeArea: { top: 44, bottom: 778, left: 0, right: 375, width: 375, height: 734 },
      ...(options.systemInfo ?? {}),
    };
    this.socketServer = options.socketServer ?? null;
    const rt = this;
    this.simSockets = new SimSockets({
      label: this.label,
      releaseBuild: this.releaseBuild,
      networkConnected: () => rt.network.isConnected,
      server: () => rt.socketServer,
      violation: (text) => void rt.violations.push(text),
      invokeConnect: (o, exec, onFailure) => {
        rt.invoke<PlatformOk>('tt.connectSocket', o, o, () => {
          const f = exec();
          return f ? fail(f) : okMsg('connectSocket:ok');
        }, undefined, { onFailure });
      },
    });
    this.tt = this.buildTt();
  }

  // ---------------------------------------------------------------- control: sockets, lifecycle, ringing

  setSocketServer(server: SimSocketServer | null): void {
    this.socketServer = server;
  }
  get sockets(): readonly SimSocketInfo[] {
    return this.simSockets.all;
  }
  dropSockets(): number {
    return this.simSockets.dropAll('connection lost');
  }
  appHide(): void {
    if (this.inBackground) return;
    this.inBackground = true;
    for (const l of [...this.appHideListeners]) l({});
    this.simSockets.enterBackground();
  }
  appShow(): void {
    if (!this.inBackground) return;
    this.inBackground = false;
    this.simSockets.enterForeground();
    for (const l of [...this.appShowListeners]) l({});
  }
  setSubscribeAnswer(answer: 'accept' | 'reject' | 'ban'): void {
    this.subscribeAnswer = answer;
  }

  // ---------------------------------------------------------------- control: call log

  callsTo(api: ApiName): RecordedCall[] {
    return this.calls.filter((c) => c.api === api);
  }
  clearCalls(): void {
    this.calls.length = 0;
  }
  private record(api: ApiName, args: unknown): void {
    this.calls.push({ api, args, at: Date.now() });
  }
  /** Sync APIs: an injected failure (failNext/failAlways) is thrown as an Error carrying the failure fields. */
  private syncFault(api: ApiName): void {
    const q = this.failNextQueue.get(api);
    const f = q && q.length > 0 ? q.shift() : this.failAlwaysMap.get(api);
    if (f) {
      const errMsg = f.errMsg ?? `${splitApi(api)[1]}:fail sim injected failure`;
      throw Object.assign(new Error(errMsg), { ...f, errMsg });
    }
  }

  // ---------------------------------------------------------------- control: faults

  setLatency(api: ApiName | '*', ms: number): void {
    this.latency.set(api, ms);
  }
  failNext(api: ApiName, failure: PlatformFailure = {}): void {
    const q = this.failNextQueue.get(api) ?? [];
    q.push(failure);
    this.failNextQueue.set(api, q);
  }
  failAlways(api: ApiName, failure: PlatformFailure | null): void {
    if (failure) this.failAlwaysMap.set(api, failure);
    else this.failAlwaysMap.delete(api);
  }
  hang(api: ApiName, on = true): void {
    if (on) this.hung.add(api);
    else this.hung.delete(api);
  }
  removeMethod(api: ApiName): void {
    this.removed.add(api);
    const [scope, name] = splitApi(api);
    if (scope === 'tt') delete (this.tt as unknown as Record<string, unknown>)[name];
    else for (const c of this.ctxs) delete (c.ctx as Record<string, unknown>)[name];
  }
  interrupt(errInfo: RtcInterruptPayload = { errMsg: 'rtc chat interrupted (sim: connection lost)' }): number {
    let n = 0;
    for (const c of this.ctxs) {
      const s = c.session;
      if (s?.active) {
        this.cloud.interruptSession(s, errInfo);
        n++;
      }
    }
    return n;
  }
  emitRaw<E extends RtcEventName>(event: E, payload: RtcEventPayloads[E]): void {
    for (const c of this.ctxs) c.emit(event, payload);
  }
  setPromptDelay(ms: number): void {
    this.promptDelayMs = ms;
  }
  get liveContexts(): number {
    return this.ctxs.filter((c) => !c.destroyed).length;
  }
  destroyEngine(): void {
    for (const c of this.ctxs) {
      c.destroyed = true;
      if (c.session) this.cloud.dropSilently(c.session, 'engine-destroyed');
      c.session = undefined;
    }
  }

  // ---------------------------------------------------------------- control: local user / settings

  speak(on: boolean): void {
    this.speaking = on;
    for (const c of this.ctxs) {
      if (c.session?.active) {
        c.session.media.speaking = on;
        this.cloud.update(c.session);
      }
    }
  }
  get contexts(): readonly FakeContextInfo[] {
    return this.ctxs;
  }
  get context(): FakeContextInfo | undefined {
    return this.ctxs[this.ctxs.length - 1];
  }
  setPermission(scope: AuthScope, value: boolean | undefined): void {
    if (value === undefined) delete this.authSetting[scope];
    else this.authSetting[scope] = value;
  }
  setPromptAnswer(scope: AuthScope, allow: boolean): void {
    this.promptAnswers.set(scope, allow);
  }
  setOpenSettingResult(setting: AuthSetting | null): void {
    this.openSettingResult = setting ? { ...setting } : null;
  }
  setRequestHandler(handler: RequestHandler | null): void {
    this.requestHandler = handler;
  }
  setNetwork(status: NetworkStatus): void {
    this.network = { ...status };
    if (!status.isConnected) this.simSockets.dropAll('network lost');
    for (const l of [...this.networkListeners]) l({ ...status });
  }
  setLogin(result: LoginResult): void {
    this.loginResult = result;
  }
  setSystemInfo(info: Partial<SystemInfo>): void {
    this.systemInfo = { ...this.systemInfo, ...info };
  }
  setModalAnswer(confirm: boolean): void {
    this.modalAnswer = confirm;
  }
  queueModalAnswers(...answers: boolean[]): void {
    this.modalQueue.push(...answers);
  }

  // ---------------------------------------------------------------- invocation plumbing

  /** Record, apply faults, then after the latency run `exec` and call back in the same tick. */
  private invoke<S>(
    api: ApiName,
    rawOpts: unknown,
    cbs: CallbackOptions<S> | undefined,
    exec: () => Outcome<S> | Promise<Outcome<S>>,
    preFailure?: PlatformFailure,
    hooks: { extraDelayMs?: number; onFailure?: (f: PlatformFailure) => void } = {},
  ): { cancel(failure: PlatformFailure): void } {
    this.record(api, stripCallbacks(rawOpts));
    let settled = false;
    const deliver = (out: Outcome<S>): void => {
      if (settled) return;
      settled = true;
      if (!out.ok && hooks.onFailure) hooks.onFailure(out.failure);
      if (out.ok) cbs?.success?.(out.value);
      else cbs?.fail?.(out.failure);
      cbs?.complete?.();
    };
    const handle = {
      cancel: (failure: PlatformFailure): void => {
        if (!settled) setTimeout(() => deliver(fail(failure)), 0);
      },
    };
    if (this.hung.has(api)) return handle;
    const short = splitApi(api)[1];
    let injected: PlatformFailure | undefined;
    const q = this.failNextQueue.get(api);
    if (q && q.length > 0) injected = q.shift();
    else injected = this.failAlwaysMap.get(api);
    const ms = (this.latency.get(api) ?? this.latency.get('*') ?? 0) + (hooks.extraDelayMs ?? 0);
    setTimeout(() => {
      if (settled) return;
      if (injected) return deliver(fail({ ...injected, errMsg: injected.errMsg ?? `${short}:fail sim injected failure` }));
      if (preFailure) return deliver(fail(preFailure));
      const out = exec();
      if (out instanceof Promise) void out.then(deliver);
      else deliver(out);
    }, ms);
    return handle;
  }

  /** Callback-style tt API whose effect runs after the latency. */
  private ttAsync<O extends CallbackOptions<S> | undefined, S>(name: TtMember, exec: (o: NonNullable<O> | Record<string, never>) => Outcome<S>) {
    return (o: O): void => {
      const opts = (o ?? {}) as NonNullable<O> | Record<string, never>;
      this.invoke<S>(`tt.${name}`, opts, o ?? undefined, () => exec(opts));
    };
  }

  private ctxMethod<O extends CallbackOptions<PlatformOk>>(
    c: FakeContext,
    name: CtxMember,
    exec: (o: O) => Outcome<PlatformOk>,
    delay?: (o: O) => number,
  ) {
    const rt = this;
    return function (this: unknown, o: O): void {
      const opts = (o ?? {}) as O;
      let pre: PlatformFailure | undefined;
      if (this !== c.ctx) {
        pre = { errMsg: `${name}:fail method called without its RtcRoomContext as \`this\` (call it as ctx.${name}(...))` };
      } else if (c.destroyed) {
        // R1 (exitRtcRoom page: "退出(销毁)"): every call on an exited or destroyed context fails 115910.
        pre = destroyedFailure(name);
      }
      // Exited while the call was out: it lands on a destroyed context.
      const now = (): Outcome<PlatformOk> => (c.destroyed ? fail(destroyedFailure(name)) : exec(opts));
      // R4: a join answers only once the modal permission prompt (first use) is closed.
      const run = (): Outcome<PlatformOk> | Promise<Outcome<PlatformOk>> => {
        const wait = name === 'joinRtcRoom' ? rt.waitForPrompt() : 0;
        return wait > 0 ? new Promise((resolve) => setTimeout(() => resolve(run()), wait)) : now();
      };
      rt.invoke<PlatformOk>(`ctx.${name}`, opts, opts, run, pre, {
        extraDelayMs: pre || !delay ? 0 : delay(opts),
        // R7: the state event also carries errors from API calls, with their raw text.
        onFailure: rt.apiErrorsOnState
          ? (f) => c.deliverState({ errNo: f.errNo, errCode: f.errorCode, errMsg: f.errMsg || `${name}:fail` })
          : undefined,
      });
    };
  }

  /** R4: a capture on a never-asked scope opens the modal system prompt; its callback waits for the answer. */
  private promptDelay(scope: AuthScope, on: boolean): number {
    const now = Date.now();
    if (!on || this.authSetting[scope] !== undefined || this.promptDelayMs <= 0) return 0;
    // The same scope's prompt already on screen: this call waits for that answer.
    const pending = this.promptFor.get(scope);
    if (pending !== undefined && pending > now) return pending - now;
    const start = Math.max(now, this.promptOpenUntil);
    this.promptOpenUntil = start + this.promptDelayMs;
    this.promptFor.set(scope, this.promptOpenUntil);
    return this.promptOpenUntil - now;
  }

  /** How long until the permission prompt closes (0: none open). */
  private waitForPrompt(): number {
    return Math.max(0, this.promptOpenUntil - Date.now());
  }

  private registrar<E extends RtcEventName>(c: FakeContext, event: E, mode: 'on' | 'off'): ListenerRegistrar<RtcEventPayloads[E]> {
    const rt = this;
    const member = (mode === 'on' ? event : `off${event.slice(2)}`) as CtxMember;
    return function (this: unknown, listener: Listener<RtcEventPayloads[E]>): void {
      rt.record(`ctx.${member}`, undefined);
      if (this !== c.ctx) throw new TypeError(`${member}: called without its RtcRoomContext as \`this\``);
      if (typeof listener !== 'function') throw new TypeError(`${member}: listener must be a function`);
      const set = c.listeners[event] as Set<Listener<RtcEventPayloads[E]>>;
      if (mode === 'on') set.add(listener);
      else set.delete(listener);
    };
  }

  private ensurePermission(scope: AuthScope): boolean {
    const cur = this.authSetting[scope];
    if (cur !== undefined) return cur;
    const allow = this.promptAnswers.get(scope) ?? true;
    this.authSetting[scope] = allow;
    return allow;
  }

  // ---------------------------------------------------------------- RTC context

  private createContext(options: { appId: string }): RawRtcRoomContext | null {
    this.record('tt.createRtcRoomContext', stripCallbacks(options));
    if (this.createContextFailure === 'return-null') return null;
    if (this.createContextFailure === 'throw-116183') {
      const errMsg = 'createRtcRoomContext:fail platform auth deny';
      throw Object.assign(new Error(errMsg), { errNo: 116183, errorCode: 116183, errMsg });
    }
    if (options === null || typeof options !== 'object' || typeof options.appId !== 'string' || options.appId === '') {
      throw new TypeError('createRtcRoomContext:fail invalid parameter: expected { appId: string }');
    }
    if (this.contextRule === 'single' && this.liveContexts > 0) {
      const errMsg = 'createRtcRoomContext:fail another RtcRoomContext is still alive (exit it first)';
      this.violations.push(`R9: ${errMsg}`);
      throw Object.assign(new Error(errMsg), { errMsg });
    }
    const c = new FakeContext(this.label, options.appId);
    // R5: these are documented from base library 2.68.0 on their method pages; older clients lack them.
    const modern = compareVersions(this.systemInfo.SDKVersion ?? '0', '2.68.0') >= 0;
    this.ctxs.push(c);
    const ctx = c.ctx;
    const cloud = this.cloud;
    const applyMedia = (patch: Partial<CloudSession['media']>): void => {
      const s = c.session;
      if (s?.active) {
        Object.assign(s.media, patch);
        cloud.update(s);
      }
    };
    const activeSession = (): CloudSession | undefined => (c.session?.active ? c.session : undefined);

    ctx.joinRtcRoom = this.ctxMethod<JoinRtcRoomOptions>(c, 'joinRtcRoom', (o) => {
      const name = 'joinRtcRoom';
      if (typeof o.roomId !== 'string' || o.roomId === '') return fail(badParam(name, 'roomId'));
      if (typeof o.userId !== 'string' || o.userId === '') return fail(badParam(name, 'userId'));
      if (typeof o.token !== 'string') return fail(badParam(name, 'token'));
      const cur = activeSession();
      if (cur) return fail({ errNo: 21100, errMsg: `joinRtcRoom:fail user ${cur.userId} is already in the room ${cur.roomId}` });
      // R2: without a successful exit (which destroys the context, R1) a second join fails, interruption or not.
      if (c.joinedOnce && this.rejoinRule === 'strict') {
        return fail({ errNo: 21100, errMsg: `joinRtcRoom:fail already joined on this context; exit and create a new one` });
      }
      const config = modern ? o.roomConfig : undefined;
      const autoPublish = config?.autoPublish ?? true;
      const res = cloud.join(c, {
        roomId: o.roomId,
        userId: o.userId,
        token: o.token,
        platform: this.platform,
        appId: c.appId,
        autoSubscribe: config?.autoSubscribe ?? true,
        media: {
          camera: c.videoCapture,
          mic: c.audioCapture,
          speaking: this.speaking,
          publishAudio: autoPublish,
          publishVideo: autoPublish,
          screen: false,
          visible: c.visible,
        },
      });
      if (!res.ok) return fail(res.failure);
      c.session = res.session;
      c.joinedOnce = true;
      return okMsg('joinRtcRoom:ok');
    });

    ctx.exitRtcRoom = this.ctxMethod<{ roomId: string } & CallbackOptions>(c, 'exitRtcRoom', (o) => {
      const s = activeSession();
      if (s && o.roomId !== s.roomId) return fail(badParam('exitRtcRoom', `roomId ${String(o.roomId)} is not the joined room ${s.roomId}`));
      if (s) cloud.leave(s);
      c.session = undefined;
      // R1: "退出(销毁)": the context is gone; capture stops with it.
      c.destroyed = true;
      c.audioCapture = false;
      c.videoCapture = false;
      return okMsg('exitRtcRoom:ok');
    });

    ctx.changeAudioCapture = this.ctxMethod<{ state: CaptureState } & CallbackOptions>(c, 'changeAudioCapture', (o) => {
      if (!isState(o.state)) return fail(badParam('changeAudioCapture', 'state'));
      if (o.state === 1 && !this.ensurePermission('scope.record')) {
        return fail({ errNo: 10200, errorCode: 115990, errorType: 'U', errMsg: 'changeAudioCapture:fail auth deny' });
      }
      c.audioCapture = o.state === 1;
      applyMedia({ mic: c.audioCapture });
      return okMsg('RtcRoomContext.changeAudioCapture:ok');
    }, (o) => this.promptDelay('scope.record', o.state === 1));

    ctx.changeVideoCapture = this.ctxMethod<{ state: CaptureState } & CallbackOptions>(c, 'changeVideoCapture', (o) => {
      if (!isState(o.state)) return fail(badParam('changeVideoCapture', 'state'));
      if (o.state === 1 && !this.ensurePermission('scope.camera')) {
        return fail({ errNo: 10200, errMsg: 'changeVideoCapture:fail auth deny' });
      }
      c.videoCapture = o.state === 1;
      applyMedia({ camera: c.videoCapture });
      return okMsg('changeVideoCapture:ok');
    }, (o) => this.promptDelay('scope.camera', o.state === 1));

    ctx.switchCamera = this.ctxMethod<{ camera: CameraFacing } & CallbackOptions>(c, 'switchCamera', (o) => {
      if (o.camera !== 'front' && o.camera !== 'back') {
        return fail({ errNo: 20000, errorCode: 172299, errorType: 'D', errMsg: 'switchCamera:fail invalid camera' });
      }
      c.camera = o.camera;
      return okMsg('switchCamera:ok');
    });

    ctx.setAudioPlaybackDevice = this.ctxMethod<{ device: AudioPlaybackDevice } & CallbackOptions>(c, 'setAudioPlaybackDevice', (o) => {
      if (o.device !== 'speakerphone' && o.device !== 'earpiece') return fail(badParam('setAudioPlaybackDevice', 'device'));
      c.playbackDevice = o.device;
      return okMsg('setAudioPlaybackDevice:ok');
    });

    ctx.changeStreamPublishState = this.ctxMethod<{ state: CaptureState; streamType: StreamType } & CallbackOptions>(
      c,
      'changeStreamPublishState',
      (o) => {
        const name = 'changeStreamPublishState';
        if (!isState(o.state)) return fail(badParam(name, 'state'));
        if (!isStreamType(o.streamType)) return fail(badParam(name, 'streamType'));
        const session = activeSession();
        if (!session) return fail(notInRoom(name));
        const on = o.state === 1;
        // A subscribe-only (viewer) token cannot publish (token privileges, volc-token format).
        if (on && !session.canPublish) return fail({ errMsg: `${name}:fail token has no publish privilege` });
        const patch: Partial<CloudSession['media']> = {};
        if (o.streamType !== 'video') patch.publishAudio = on;
        if (o.streamType !== 'audio') patch.publishVideo = on;
        applyMedia(patch);
        return okMsg(`${name}:ok`);
      },
    );

    const subscribeMethod = (name: 'changeStreamSubscribeState' | 'changeScreenSubscribeState', kind: 'stream' | 'screen') =>
      this.ctxMethod<{ state: CaptureState; userId: string; streamType: StreamType } & CallbackOptions>(c, name, (o) => {
        if (!isState(o.state)) return fail(badParam(name, 'state'));
        if (typeof o.userId !== 'string' || o.userId === '') return fail(badParam(name, 'userId'));
        if (!isStreamType(o.streamType)) return fail(badParam(name, 'streamType'));
        if (o.streamType !== 'both' && this.subscribeTypes === 'both-only') return fail(badParam(name, `streamType ${o.streamType}`));
        const s = activeSession();
        if (!s) return fail(notInRoom(name));
        const kinds: Array<'audio' | 'video' | 'screen'> =
          kind === 'screen' ? ['screen'] : o.streamType === 'both' ? ['audio', 'video'] : [o.streamType];
        const prev = { ...(s.subscriptions.get(o.userId) ?? {}) };
        const next = { ...prev };
        for (const k of kinds) next[k] = o.state === 1;
        s.subscriptions.set(o.userId, next);
        // Volcengine room limits: one user subscribes to at most maxSubscribedStreams streams.
        if (s.subscribedCount() > cloud.options.maxSubscribedStreams) {
          s.subscriptions.set(o.userId, prev);
          return fail({ errMsg: `${name}:fail subscribed stream limit (${cloud.options.maxSubscribedStreams}) reached` });
        }
        return okMsg(`${name}:ok`);
      });
    ctx.changeStreamSubscribeState = subscribeMethod('changeStreamSubscribeState', 'stream');
    ctx.changeScreenSubscribeState = subscribeMethod('changeScreenSubscribeState', 'screen');

    ctx.changeUserVisibility = this.ctxMethod<{ visible: boolean } & CallbackOptions>(c, 'changeUserVisibility', (o) => {
      if (typeof o.visible !== 'boolean') return fail(badParam('changeUserVisibility', 'visible'));
      const s = activeSession();
      if (!s && this.visibilityBeforeJoin === 'refused') return fail(notInRoom('changeUserVisibility'));
      if (s && o.visible && !s.media.visible && !cloud.hasVisibleRoom(s.roomId, s.userId)) {
        return fail({ errMsg: `changeUserVisibility:fail room ${s.roomId} has ${cloud.options.maxVisibleUsers} visible users` });
      }
      c.visible = o.visible;
      applyMedia({ visible: o.visible });
      return okMsg('changeUserVisibility:ok');
    });

    ctx.setVideoEncoderConfig = this.ctxMethod<
      { maxSolution: { width: number; height: number; frameRate: number } } & CallbackOptions
    >(c, 'setVideoEncoderConfig', (o) => {
      const m = o.maxSolution;
      const positive = (n: unknown): boolean => typeof n === 'number' && n > 0;
      if (!m || !positive(m.width) || !positive(m.height) || !positive(m.frameRate)) {
        return fail(badParam('setVideoEncoderConfig', 'maxSolution'));
      }
      c.encoderConfig = { width: m.width, height: m.height, frameRate: m.frameRate };
      return okMsg('setVideoEncoderConfig:ok');
    });

    ctx.updateToken = this.ctxMethod<{ token: string } & CallbackOptions>(c, 'updateToken', (o) => {
      if (typeof o.token !== 'string' || o.token === '') return fail(badParam('updateToken', 'token'));
      const s = activeSession();
      if (!s) return fail(notInRoom('updateToken'));
      const failure = cloud.renewToken(s, o.token);
      return failure ? fail(failure) : okMsg('updateToken:ok');
    });

    ctx.onRtcChatMembersChanged = this.registrar(c, 'onRtcChatMembersChanged', 'on');
    ctx.offRtcChatMembersChanged = this.registrar(c, 'onRtcChatMembersChanged', 'off');
    ctx.onRtcVideoMembersChanged = this.registrar(c, 'onRtcVideoMembersChanged', 'on');
    ctx.offRtcVideoMembersChanged = this.registrar(c, 'onRtcVideoMembersChanged', 'off');
    ctx.onRtcChatSpeakersChanged = this.registrar(c, 'onRtcChatSpeakersChanged', 'on');
    ctx.offRtcChatSpeakersChanged = this.registrar(c, 'onRtcChatSpeakersChanged', 'off');
    ctx.onRtcPublishScreenMembersChanged = this.registrar(c, 'onRtcPublishScreenMembersChanged', 'on');
    ctx.offRtcPublishScreenMembersChanged = this.registrar(c, 'onRtcPublishScreenMembersChanged', 'off');
    if (this.stateEventName !== 'onRtcStateChanged') {
      ctx.onRtcStateChange = this.registrar(c, 'onRtcStateChange', 'on');
      ctx.offRtcStateChange = this.registrar(c, 'onRtcStateChange', 'off');
    }
    if (this.stateEventName !== 'onRtcStateChange') {
      ctx.onRtcStateChanged = this.registrar(c, 'onRtcStateChanged', 'on');
      ctx.offRtcStateChanged = this.registrar(c, 'onRtcStateChanged', 'off');
    }
    ctx.onRtcChatInterrupted = this.registrar(c, 'onRtcChatInterrupted', 'on');
    ctx.offRtcChatInterrupted = this.registrar(c, 'onRtcChatInterrupted', 'off');
    ctx.onRoomTokenWillExpire = this.registrar(c, 'onRoomTokenWillExpire', 'on');
    ctx.offRoomTokenWillExpire = this.registrar(c, 'onRoomTokenWillExpire', 'off');

    if (!modern) {
      for (const name of ['changeVideoCapture', 'switchCamera', 'updateToken'] as const) delete ctx[name];
    }
    for (const api of this.removed) {
      const [scope, name] = splitApi(api);
      if (scope === 'ctx') delete (ctx as Record<string, unknown>)[name];
    }
    return ctx;
  }

  // ---------------------------------------------------------------- tt

  private buildTt(): TtPlatform {
    const rt = this;
    const tt: TtPlatform = {
      createRtcRoomContext: (options) => rt.createContext(options),

      getSetting: this.ttAsync<CallbackOptions<{ authSetting: AuthSetting }>, { authSetting: AuthSetting }>('getSetting', () =>
        ok({ authSetting: { ...rt.authSetting } }),
      ),

      openSetting: (o) => {
        const fromTap = isUserGestureActive();
        rt.openSettingCalls.push({ fromTap, at: Date.now() });
        rt.invoke<{ authSetting: AuthSetting }>('tt.openSetting', o ?? {}, o, () => {
          if (!fromTap) return fail({ errMsg: 'openSetting:fail can only be invoked by user TAP gesture.' });
          if (rt.openSettingResult) {
            for (const [k, v] of Object.entries(rt.openSettingResult)) {
              if (v === undefined) delete rt.authSetting[k];
              else rt.authSetting[k] = v;
            }
          }
          return ok({ authSetting: { ...rt.authSetting } });
        });
      },

      authorize: (o) => {
        rt.invoke<PlatformOk>('tt.authorize', o, o, () => {
          if (o.scope !== 'scope.camera' && o.scope !== 'scope.record') return fail(badParam('authorize', 'scope'));
          return rt.ensurePermission(o.scope)
            ? okMsg('authorize:ok')
            : fail({ errNo: 10200, errMsg: 'authorize:fail auth deny' });
        });
      },

      request: (o) => rt.request(o),

      login: (o) => {
        rt.invoke<LoginSuccess>('tt.login', o ?? {}, o, () => {
          const r = rt.loginResult;
          if (r && 'fail' in r) return fail({ ...r.fail, errMsg: r.fail.errMsg ?? 'login:fail' });
          const n = ++rt.loginSeq;
          return ok({
            code: r?.code ?? `sim-code-${n}`,
            anonymousCode: r?.anonymousCode ?? `sim-anon-${n}`,
            isLogin: r?.isLogin ?? true,
            errMsg: 'login:ok',
          });
        });
      },

      setStorage: (o) => {
        rt.invoke<PlatformOk>('tt.setStorage', o, o, () => {
          if (typeof o.key !== 'string' || o.key === '') return fail(badParam('setStorage', 'key'));
          try {
            rt.storage.set(o.key, jsonClone(o.data));
          } catch (e) {
            return fail({ errMsg: `setStorage:fail ${errorMessage(e)}` });
          }
          return okMsg('setStorage:ok');
        });
      },
      getStorage: (o) => {
        rt.invoke<{ data: unknown; errMsg: string }>('tt.getStorage', o, o, () => {
          if (!rt.storage.has(o.key)) return fail({ errMsg: 'getStorage:fail data not found' });
          return ok({ data: jsonClone(rt.storage.get(o.key)), errMsg: 'getStorage:ok' });
        });
      },
      removeStorage: (o) => {
        rt.invoke<PlatformOk>('tt.removeStorage', o, o, () => {
          rt.storage.delete(o.key);
          return okMsg('removeStorage:ok');
        });
      },
      setStorageSync: (key, data) => {
        rt.record('tt.setStorageSync', { key, data });
        rt.syncFault('tt.setStorageSync');
        if (typeof key !== 'string' || key === '') throw new Error('setStorageSync:fail invalid key');
        rt.storage.set(key, jsonClone(data));
      },
      getStorageSync: (key) => {
        rt.record('tt.getStorageSync', { key });
        rt.syncFault('tt.getStorageSync');
        return rt.storage.has(key) ? jsonClone(rt.storage.get(key)) : '';
      },

      showToast: (o) => {
        rt.invoke<PlatformOk>('tt.showToast', o, o, () => {
          rt.toasts.push({ title: o.title, icon: o.icon, duration: o.duration, at: Date.now() });
          rt.loadingVisible = false; // toast and loading share one slot
          return okMsg('showToast:ok');
        });
      },
      showModal: (o) => {
        rt.invoke<ModalSuccess>('tt.showModal', o, o, () => {
          const queued = rt.modalQueue.shift();
          const confirm = o.showCancel === false ? true : (queued ?? rt.modalAnswer);
          rt.modals.push({
            title: o.title,
            content: o.content,
            showCancel: o.showCancel,
            confirmText: o.confirmText,
            cancelText: o.cancelText,
            confirm,
            at: Date.now(),
          });
          if (confirm) openGestureWindow(); // tapping the confirm button is a user gesture
          return ok({ confirm, cancel: !confirm });
        });
      },
      showLoading: (o) => {
        rt.invoke<PlatformOk>('tt.showLoading', o, o, () => {
          rt.loadingVisible = true;
          rt.loadingTitle = o.title;
          return okMsg('showLoading:ok');
        });
      },
      hideLoading: (o) => {
        rt.invoke<PlatformOk>('tt.hideLoading', o ?? {}, o, () => {
          rt.loadingVisible = false;
          rt.loadingTitle = undefined;
          return okMsg('hideLoading:ok');
        });
      },
      setClipboardData: (o) => {
        rt.invoke<PlatformOk>('tt.setClipboardData', o, o, () => {
          rt.clipboard = o.data;
          return okMsg('setClipboardData:ok');
        });
      },
      setKeepScreenOn: (o) => {
        rt.invoke<PlatformOk>('tt.setKeepScreenOn', o, o, () => {
          rt.keepScreenOn = o.keepScreenOn === true;
          return okMsg('setKeepScreenOn:ok');
        });
      },
      onNetworkStatusChange: (l) => {
        rt.record('tt.onNetworkStatusChange', undefined);
        rt.networkListeners.add(l);
      },
      offNetworkStatusChange: (l) => {
        rt.record('tt.offNetworkStatusChange', undefined);
        rt.networkListeners.delete(l);
      },
      getNetworkType: (o) => {
        rt.invoke<{ networkType: NetworkType }>('tt.getNetworkType', o ?? {}, o, () => ok({ networkType: rt.network.networkType }));
      },
      getSystemInfoSync: () => {
        rt.record('tt.getSystemInfoSync', undefined);
        rt.syncFault('tt.getSystemInfoSync');
        return jsonClone(rt.systemInfo);
      },

      navigateTo: (o) => rt.navigate('navigateTo', o),
      redirectTo: (o) => rt.navigate('redirectTo', o),
      reLaunch: (o) => rt.navigate('reLaunch', o),
      setNavigationBarTitle: (o) => {
        rt.invoke<PlatformOk>('tt.setNavigationBarTitle', o, o, () => {
          if (typeof o.title !== 'string') return fail(badParam('setNavigationBarTitle', 'title'));
          rt.navigationTitles.push(o.title);
          return okMsg('setNavigationBarTitle:ok');
        });
      },
      navigateBack: (o) => {
        rt.invoke<PlatformOk>('tt.navigateBack', o ?? {}, o, () => {
          rt.navigations.push({ api: 'navigateBack', delta: o?.delta ?? 1, at: Date.now() });
          return okMsg('navigateBack:ok');
        });
      },

      connectSocket: (o) => rt.simSockets.connect(o),

      // https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/open-interface/subscribe-message/tt-request-subscribe-message
      // Only inside a tap handler (the same gesture window as openSetting), 1–3 template ids.
      requestSubscribeMessage: (o) => {
        const fromTap = isUserGestureActive();
        const ids = o && Array.isArray(o.tmplIds) ? o.tmplIds.slice() : [];
        rt.subscribeCalls.push({ tmplIds: ids, fromTap, at: Date.now() });
        rt.invoke<{ errMsg: string } & Record<string, string>>('tt.requestSubscribeMessage', o, o, () => {
          if (!fromTap) return fail({ errNo: 10004, errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' });
          if (ids.length < 1 || ids.length > 3 || ids.some((id) => typeof id !== 'string' || id === '')) {
            return fail({ errMsg: 'requestSubscribeMessage:fail invalid tmplIds' });
          }
          const res: { errMsg: string } & Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
          for (const id of ids) res[id] = rt.subscribeAnswer;
          return ok(res);
        });
      },

      vibrateLong: (o) => {
        rt.invoke<PlatformOk>('tt.vibrateLong', o ?? {}, o, () => {
          rt.vibrations.push({ kind: 'long', at: Date.now() });
          return okMsg('vibrateLong:ok');
        });
      },
      vibrateShort: (o) => {
        rt.invoke<PlatformOk>('tt.vibrateShort', o ?? {}, o, () => {
          rt.vibrations.push({ kind: 'short', at: Date.now() });
          return okMsg('vibrateShort:ok');
        });
      },
      createInnerAudioContext: () => {
        rt.record('tt.createInnerAudioContext', undefined);
        const rec: AudioRecord = { src: '', loop: false, playing: false, destroyed: false, plays: 0 };
        rt.audios.push(rec);
        const use = (what: string): boolean => {
          if (rec.destroyed) rt.violations.push(`InnerAudioContext.${what} after destroy`);
          return !rec.destroyed;
        };
        return {
          get src() {
            return rec.src;
          },
          set src(v: string) {
            rec.src = v;
          },
          get loop() {
            return rec.loop;
          },
          set loop(v: boolean) {
            rec.loop = v;
          },
          play: () => {
            if (!use('play')) return;
            rec.playing = true;
            rec.plays++;
          },
          stop: () => {
            if (use('stop')) rec.playing = false;
          },
          destroy: () => {
            rec.playing = false;
            rec.destroyed = true;
          },
        };
      },
      onAppShow: (l) => void rt.appShowListeners.push(l),
      offAppShow: (l) => removeOne(rt.appShowListeners, l),
      onAppHide: (l) => void rt.appHideListeners.push(l),
      offAppHide: (l) => removeOne(rt.appHideListeners, l),
    };
    for (const api of this.removed) {
      const [scope, name] = splitApi(api);
      if (scope === 'tt') delete (tt as unknown as Record<string, unknown>)[name];
    }
    return tt;
  }

  private navigate(api: 'navigateTo' | 'redirectTo' | 'reLaunch', o: { url: string } & CallbackOptions): void {
    this.invoke<PlatformOk>(`tt.${api}`, o, o, () => {
      if (typeof o.url !== 'string' || o.url === '') return fail(badParam(api, 'url'));
      this.navigations.push({ api, url: o.url, at: Date.now() });
      return okMsg(`${api}:ok`);
    });
  }

  private request(o: RequestOptions): RequestTask {
    const handler = this.requestHandler;
    const req: SimRequest = {
      url: o.url,
      method: o.method ?? 'GET',
      data: jsonClone(o.data),
      header: o.header ? { ...o.header } : undefined,
      dataType: o.dataType,
      timeout: o.timeout,
    };
    const run = async (): Promise<Outcome<RequestSuccess>> => {
      if (this.releaseBuild && !/^https:\/\//i.test(String(o.url))) return fail({ errMsg: `request:fail url not in domain list: ${String(o.url)}` });
      if (!handler) return fail({ errMsg: 'request:fail' });
      let res: SimResponse;
      try {
        res = await handler(req);
      } catch (e) {
        return fail({ errMsg: `request:fail ${errorMessage(e)}` });
      }
      let data: unknown = jsonClone(res.data);
      if (typeof data === 'string' && (o.dataType ?? 'json') === 'json') {
        try {
          data = JSON.parse(data);
        } catch {
          // platform keeps the raw string when it is not JSON
        }
      }
      return ok({ statusCode: res.statusCode, data, header: { ...(res.header ?? {}) } });
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const clear = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    };
    const cbs: CallbackOptions<RequestSuccess> = {
      success: o.success,
      fail: o.fail,
      complete: () => {
        clear();
        o.complete?.();
      },
    };
    const handle = this.invoke<RequestSuccess>('tt.request', o, cbs, run);
    if (typeof o.timeout === 'number' && o.timeout > 0) {
      timer = setTimeout(() => handle.cancel({ errMsg: 'request:fail timeout' }), o.timeout);
    }
    return {
      abort: () => {
        clear();
        handle.cancel({ errMsg: 'request:fail abort' });
      },
    };
  }
}

function removeOne<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

function splitApi(api: ApiName): ['ctx' | 'tt', string] {
  const i = api.indexOf('.');
  return [api.slice(0, i) as 'ctx' | 'tt', api.slice(i + 1)];
}

function destroyedFailure(name: string): PlatformFailure {
  return { errorCode: 115910, errorType: 'D', errMsg: `${name}:fail engine has been destroyed, please invoke tt.createRtcRoomContext create new engine` };
}

/** Dotted versions compared numerically ('2.9.0' < '2.68.0'). */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (parseInt(pa[i] ?? '0', 10) || 0) - (parseInt(pb[i] ?? '0', 10) || 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A fake `tt` for one simulated user, connected to `cloud`. */
export function createFakeTt(cloud: RtcCloud, options: FakeTtOptions = {}): FakeTt {
  resetGesture();
  const rt = new FakeTtRuntime(cloud, options);
  controls.set(rt.tt, rt);
  return { tt: rt.tt, control: rt };
}

const controls = new WeakMap<TtPlatform, FakeTtControl>();

/** The control of a fake tt (the app harness uses it to fire tt.onAppHide/onAppShow with App.onHide/onShow). */
export function controlOf(tt: TtPlatform): FakeTtControl | undefined {
  return controls.get(tt);
}
