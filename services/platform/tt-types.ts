// Our own declarations of the parts of `tt` this app uses.
// Why not @douyin-microapp/typings: 1.3.1 does not put createRtcRoomContext on `tt`, types it with a
// string argument (the real call takes { appId }) and lacks most context methods and events
// (see docs/platform-notes.md). Everything the app touches goes through these interfaces, so the
// simulated runtime in test/ can implement them exactly.

/** What a `fail` callback receives. Douyin uses `errNo` (short) and/or `errorCode` (6-digit). */
export interface PlatformFailure {
  errMsg?: string;
  errNo?: number;
  errorCode?: number;
  /** Some typings revisions and list events use errCode (sometimes a string). */
  errCode?: number | string;
  errorType?: string;
}

export interface CallbackOptions<S = PlatformOk> {
  success?: (res: S) => void;
  fail?: (err: PlatformFailure) => void;
  complete?: () => void;
}

export interface PlatformOk {
  errMsg: string;
}

export type CaptureState = 0 | 1;
/** 'both' is the only value seen in samples; 'audio'/'video' are unconfirmed. */
export type StreamType = 'both' | 'audio' | 'video';
export type CameraFacing = 'front' | 'back';
export type AudioPlaybackDevice = 'speakerphone' | 'earpiece';

/** Full snapshot lists: every event carries the whole current list, the local user included. */
export interface RtcUserListPayload {
  userIdList: string[];
  errCode?: number | string;
  errMsg?: string;
}

/** onRtcStateChange(d) payload; two shapes exist in the wild. */
export interface RtcStatePayload {
  errNo?: number;
  errCode?: number | string;
  code?: number;
  errMsg?: string;
  data?: unknown;
}

export interface RtcInterruptPayload {
  errNo?: number;
  errCode?: number | string;
  errMsg?: string;
}

export type Listener<P> = (payload: P) => void;
export type ListenerRegistrar<P> = (listener: Listener<P>) => void;

export interface JoinRtcRoomOptions extends CallbackOptions {
  roomId: string;
  userId: string;
  token: string;
  /** Since base library 2.68.0. */
  roomConfig?: { autoPublish?: boolean; autoSubscribe?: boolean };
}

/**
 * The RTC room context as the platform hands it out. Every member is optional on purpose: a Douyin
 * version may lack any of them, and the service must report that as "unsupported" instead of a TypeError.
 */
export interface RawRtcRoomContext {
  joinRtcRoom?(options: JoinRtcRoomOptions): void;
  exitRtcRoom?(options: { roomId: string } & CallbackOptions): void;
  changeAudioCapture?(options: { state: CaptureState } & CallbackOptions): void;
  changeVideoCapture?(options: { state: CaptureState } & CallbackOptions): void;
  switchCamera?(options: { camera: CameraFacing } & CallbackOptions): void;
  setAudioPlaybackDevice?(options: { device: AudioPlaybackDevice } & CallbackOptions): void;
  changeStreamPublishState?(options: { state: CaptureState; streamType: StreamType } & CallbackOptions): void;
  changeStreamSubscribeState?(
    options: { state: CaptureState; userId: string; streamType: StreamType } & CallbackOptions,
  ): void;
  changeScreenSubscribeState?(
    options: { state: CaptureState; userId: string; streamType: StreamType } & CallbackOptions,
  ): void;
  changeUserVisibility?(options: { visible: boolean } & CallbackOptions): void;
  setVideoEncoderConfig?(
    options: { maxSolution: { width: number; height: number; frameRate: number } } & CallbackOptions,
  ): void;
  updateToken?(options: { token: string } & CallbackOptions): void;

  onRtcChatMembersChanged?: ListenerRegistrar<RtcUserListPayload>;
  offRtcChatMembersChanged?: ListenerRegistrar<RtcUserListPayload>;
  onRtcVideoMembersChanged?: ListenerRegistrar<RtcUserListPayload>;
  offRtcVideoMembersChanged?: ListenerRegistrar<RtcUserListPayload>;
  onRtcChatSpeakersChanged?: ListenerRegistrar<RtcUserListPayload>;
  offRtcChatSpeakersChanged?: ListenerRegistrar<RtcUserListPayload>;
  onRtcPublishScreenMembersChanged?: ListenerRegistrar<RtcUserListPayload>;
  offRtcPublishScreenMembersChanged?: ListenerRegistrar<RtcUserListPayload>;
  /** Typings spell it onRtcStateChange, the official sample onRtcStateChanged: feature-detect both. */
  onRtcStateChange?: ListenerRegistrar<RtcStatePayload>;
  offRtcStateChange?: ListenerRegistrar<RtcStatePayload>;
  onRtcStateChanged?: ListenerRegistrar<RtcStatePayload>;
  offRtcStateChanged?: ListenerRegistrar<RtcStatePayload>;
  onRtcChatInterrupted?: ListenerRegistrar<RtcInterruptPayload>;
  offRtcChatInterrupted?: ListenerRegistrar<RtcInterruptPayload>;
  onRoomTokenWillExpire?: ListenerRegistrar<void>;
  offRoomTokenWillExpire?: ListenerRegistrar<void>;
}

export type AuthScope = 'scope.camera' | 'scope.record';
/** true = granted, false = refused, missing = never asked. */
export type AuthSetting = Partial<Record<AuthScope | string, boolean>>;

export type NetworkType = 'wifi' | '2g' | '3g' | '4g' | '5g' | 'unknown' | 'none';
export interface NetworkStatus {
  isConnected: boolean;
  networkType: NetworkType;
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';
export interface RequestOptions extends CallbackOptions<RequestSuccess> {
  url: string;
  method?: HttpMethod;
  data?: unknown;
  header?: Record<string, string>;
  dataType?: 'json' | 'text';
  timeout?: number;
}
export interface RequestSuccess {
  statusCode: number;
  data: unknown;
  header: Record<string, string>;
}
export interface RequestTask {
  abort(): void;
}

export interface LoginSuccess {
  code?: string;
  anonymousCode?: string;
  isLogin?: boolean;
  errMsg?: string;
}

export interface SystemInfo {
  SDKVersion?: string;
  version?: string;
  platform?: string;
  appName?: string;
  screenWidth?: number;
  screenHeight?: number;
  windowWidth?: number;
  /** The page's height: the screen minus the status and navigation bars. */
  windowHeight?: number;
  safeArea?: { top: number; bottom: number; left: number; right: number; width: number; height: number };
}

export interface ModalSuccess {
  confirm: boolean;
  cancel: boolean;
}

// ---- WebSocket (tt.connectSocket, base library 1.0.0):
// https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/network/web-socket/tt-connect-socket
export interface ConnectSocketOptions extends CallbackOptions {
  url: string;
  header?: Record<string, string>;
  protocols?: string[];
}
export interface SocketCloseEvent {
  code?: number;
  reason?: string;
}
/** Call its methods only after connectSocket's success callback (the doc's rule). */
export interface SocketTask {
  send(options: { data: string | ArrayBuffer } & CallbackOptions): void;
  close(options?: { code?: number; reason?: string } & CallbackOptions): void;
  onOpen(listener: Listener<{ header?: Record<string, string> }>): void;
  onMessage(listener: Listener<{ data: string | ArrayBuffer }>): void;
  onClose(listener: Listener<SocketCloseEvent>): void;
  onError(listener: Listener<{ errMsg?: string }>): void;
}

/** Template id → 'accept' | 'reject' | 'ban' (what the person ticked). */
type SubscribeResult = { errMsg: string } & Record<string, string>;

/** tt.createInnerAudioContext(): the ringtone. */
export interface InnerAudioContext {
  src: string;
  loop: boolean;
  play(): void;
  stop(): void;
  destroy(): void;
  onError?(listener: Listener<{ errMsg?: string; errCode?: number }>): void;
}

/** The subset of the global `tt` object this app uses. */
export interface TtPlatform {
  createRtcRoomContext?(options: { appId: string }): RawRtcRoomContext | null | undefined;

  getSetting(options: CallbackOptions<{ authSetting: AuthSetting }>): void;
  openSetting(options: CallbackOptions<{ authSetting: AuthSetting }>): void;
  authorize(options: { scope: AuthScope } & CallbackOptions): void;

  request(options: RequestOptions): RequestTask | void;
  login(options: { force?: boolean } & CallbackOptions<LoginSuccess>): void;

  setStorage(options: { key: string; data: unknown } & CallbackOptions): void;
  getStorage(options: { key: string } & CallbackOptions<{ data: unknown }>): void;
  removeStorage(options: { key: string } & CallbackOptions): void;
  setStorageSync(key: string, data: unknown): void;
  getStorageSync(key: string): unknown;

  showToast(options: { title: string; icon?: 'success' | 'loading' | 'none' | 'fail'; duration?: number } & CallbackOptions): void;
  showModal(
    options: {
      title?: string;
      content?: string;
      showCancel?: boolean;
      confirmText?: string;
      cancelText?: string;
    } & CallbackOptions<ModalSuccess>,
  ): void;
  showLoading(options: { title: string; mask?: boolean } & CallbackOptions): void;
  hideLoading(options?: CallbackOptions): void;
  setClipboardData(options: { data: string } & CallbackOptions): void;

  setKeepScreenOn(options: { keepScreenOn: boolean } & CallbackOptions): void;
  onNetworkStatusChange(listener: Listener<NetworkStatus>): void;
  offNetworkStatusChange?(listener: Listener<NetworkStatus>): void;
  getNetworkType(options: CallbackOptions<{ networkType: NetworkType }>): void;
  getSystemInfoSync(): SystemInfo;

  navigateTo(options: { url: string } & CallbackOptions): void;
  redirectTo(options: { url: string } & CallbackOptions): void;
  reLaunch(options: { url: string } & CallbackOptions): void;
  navigateBack(options?: { delta?: number } & CallbackOptions): void;
  /** The title in the navigation bar of the current page (base library 1.0.0). */
  setNavigationBarTitle(options: { title: string } & CallbackOptions): void;

  /** Optional: absent on a host too old for them, and the calls service copes. */
  connectSocket?(options: ConnectSocketOptions): SocketTask | undefined;
  /** Only inside a tap handler; ≤ 3 template ids (open-interface/subscribe-message/tt-request-subscribe-message). */
  requestSubscribeMessage?(options: { tmplIds: string[] } & CallbackOptions<SubscribeResult>): void;
  vibrateLong?(options?: CallbackOptions): void;
  vibrateShort?(options?: CallbackOptions): void;
  createInnerAudioContext?(): InnerAudioContext;
  /** Base library 1.46.0; the same moments as App.onHide / App.onShow (foundation/event/tt-on-app-hide). */
  onAppShow?(listener: Listener<unknown>): void;
  offAppShow?(listener: Listener<unknown>): void;
  onAppHide?(listener: Listener<unknown>): void;
  offAppHide?(listener: Listener<unknown>): void;
}
