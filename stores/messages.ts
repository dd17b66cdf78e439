// Every user-facing sentence the stores produce, in one place (UI copy is Chinese).
import type { ConfigProblem } from '../services/config-check';
import type { LinkProblem } from '../services/link';

export type FailureReason =
  | 'invalid-link'
  | 'not-configured'
  | 'unsupported'
  | 'capability-denied'
  | 'token-expired'
  | 'duplicate-login'
  | 'kicked'
  | 'join-failed'
  | 'reconnect-exhausted';

export const FAILURE_TEXT: Record<FailureReason, { title: string; detail: string; retryable: boolean }> = {
  'invalid-link': { title: '链接无效', detail: '这个房间链接不完整或已损坏，请向邀请人重新索取。', retryable: false },
  'not-configured': { title: '尚未配置', detail: '小程序还没有配置音视频 AppId，请联系管理员。', retryable: false },
  unsupported: { title: '版本过低', detail: '当前抖音版本不支持音视频房间，请升级抖音后重试。', retryable: false },
  'capability-denied': { title: '暂不可用', detail: '该小程序尚未开通音视频通话能力，请联系管理员。', retryable: false },
  'token-expired': { title: '链接已过期', detail: '房间凭证已过期，请向邀请人索取新的链接。', retryable: false },
  'duplicate-login': { title: '已在别处加入', detail: '你的账号已在其他设备或页面进入该房间，这里已退出。', retryable: true },
  kicked: { title: '已被移出房间', detail: '你已被移出房间，或房间已解散。', retryable: true },
  'join-failed': { title: '进入房间失败', detail: '暂时无法进入房间，请检查网络后重试。', retryable: true },
  'reconnect-exhausted': { title: '连接已断开', detail: '多次重连未成功，请检查网络后重试。', retryable: true },
};

export const LINK_PROBLEM_TEXT: Record<LinkProblem, string> = {
  'missing-room': '缺少房间号',
  'invalid-room': '房间号不正确（可能在转发时被改动）',
  'missing-user': '缺少用户 ID',
  'invalid-user': '链接里的用户信息不正确（可能在转发时被改动）',
  'missing-token': '链接不完整，缺少进入房间所需的部分',
  'invalid-token': '链接里进入房间所需的部分已损坏',
  'undecodable-token': '链接无法识别（可能被截断）',
  'token-unreadable': '链接不完整（可能在转发时被截断）',
  'token-other-app': '链接不属于这个小程序',
  'token-other-room': '链接属于另一个房间',
  'token-other-user': '这是别人的链接',
};

/**
 * Why a link is refused before joining, when its token says so (services/link-token.ts). Each names
 * its own cause: a cut-short link must not read as an expired one.
 */
export const LINK_REFUSAL_TEXT = {
  incomplete: { title: '链接不完整', detail: '链接可能在转发时被截断或改动，请向邀请人重新索取完整链接。' },
  otherApp: { title: '链接不属于本小程序', detail: '链接里的进房凭证来自另一个音视频应用，不能在这里使用。请向邀请人索取本小程序的房间链接。' },
  otherRoom: { title: '链接与房间不符', detail: '链接里的进房凭证属于另一个房间，链接可能被改动过。请向邀请人重新索取这个房间的链接。' },
  otherUser: { title: '这是别人的链接', detail: '链接里的进房凭证属于另一位用户，用它进入会把对方挤出房间。请向邀请人索取你自己的链接。' },
} as const;

export const NOTICE = {
  cameraRefused: '未获得摄像头权限，他人将看不到你的画面',
  micRefused: '未获得麦克风权限，他人将听不到你的声音',
  bothRefused: '未获得摄像头和麦克风权限，已以仅收听方式加入',
  privacy: '请先同意隐私协议后再开启摄像头或麦克风',
  cameraFailed: '摄像头开启失败',
  micFailed: '麦克风开启失败',
  switchFailed: '切换摄像头失败',
  routeFailed: '切换扬声器/听筒失败',
  reconnected: '已重新连接',
  networkLost: '网络已断开，恢复后将自动重连',
  networkBack: '网络已恢复',
  tokenExpiringNoSource: '房间凭证即将过期，过期后将被移出房间，请向邀请人索取新链接',
  tokenRenewFailed: '凭证续期失败，正在尝试重新进入房间',
  backInRoom: '已回到房间',
  unsupportedAction: '当前抖音版本不支持该操作',
  viewerCannotSpeak: '你以观看者身份加入，不能开麦或开摄像头',
} as const;

export const BANNER = {
  joining: '正在进入房间…',
  reconnecting: (n: number): string => `重新连接中 (${n})…`,
  waitingNetwork: '网络已断开，等待网络恢复…',
  tokenExpiring: '房间凭证即将过期',
} as const;

/** The navigation bar title on room pages (stores/room-title.ts). */
export const ROOM_TITLE = {
  room: (id: string): string => `房间 ${id}`,
  fallback: '音视频房间',
  /** The call timer, so 「12:34」 never reads as a clock time. */
  timer: (t: string): string => `通话 ${t}`,
} as const;

/** Banners that stay while they matter (≤ 2 lines: docs/ui.md). */
export const ROOM_BANNER = {
  reconnecting: (n: number, of: number): string => `连接中断，正在重连（第 ${n}/${of} 次）。请检查网络，或离开后重新进入`,
} as const;

export const TOKEN_BANNER = {
  expiresIn: (minutes: number): string => `房间凭证约 ${minutes} 分钟后过期，到时会离开房间。请向邀请人索取新链接`,
  expiring: '房间凭证即将过期，到时会离开房间。请向邀请人索取新链接',
} as const;

/** Every control says the action a tap performs; my tile says what is off and why. */
export const CONTROL_TEXT = {
  micOff: '关麦',
  micOn: '开麦',
  cameraOff: '关摄像头',
  cameraOn: '开摄像头',
  toBack: '切到后置',
  toFront: '切到前置',
  toEarpiece: '切到听筒',
  toSpeaker: '切到扬声器',
  voiceOnly: '只用语音',
  videoBack: '恢复视频',
  self: '我',
  selfMicOff: '我 · 麦克风已关',
  selfMicLocked: '我 · 麦克风未授权',
  selfReconnecting: '我 · 重连中',
  restoreMic: '麦克风',
  restoreCamera: '摄像头',
  restore: (what: string): string => `重连后恢复${what}`,
  listenOnlyHint: '未获得摄像头和麦克风权限，现在只能听和看',
  micLockedHint: '未获得麦克风权限，别人听不到你',
  cameraLockedHint: '未获得摄像头权限，别人看不到你',
  /** Remote tile, only where the speakers list means "mic on" (SPEAKING_MEANS). */
  remoteMuted: ' · 麦克风关',
} as const;

/** Honest label for the speakers list: see SPEAKING_MEANS in tiles.ts. */
export const SPEAKING_LABEL = { talking: '正在说话', 'mic-on': '麦克风开启' } as const;

/** <rtc-room binderror> codes (douyin-platform.md §2.4) in plain language. */
export const COMPONENT_ERROR_TEXT: Record<number, string> = {
  10101: '该小程序尚未开通音视频组件权限，暂时无法显示画面',
  21200: '当前设备或系统版本不支持音视频画面',
  21301: '画面创建失败，请退出后重新进入房间',
};
export const COMPONENT_ERROR_FALLBACK = '画面显示出错，请稍后重试';

// ---- session records, home, pre-join, invitations, diagnostics (issue 5) ----------------------

/** How a session ended, as the recap and the recent-rooms list say it. */
export const END_REASON_TEXT: Record<'left' | FailureReason, string> = {
  left: '你离开了房间',
  'invalid-link': '链接无效',
  'not-configured': '尚未配置',
  unsupported: '抖音版本过低',
  'capability-denied': '未开通音视频能力',
  'token-expired': '凭证过期',
  'duplicate-login': '在别处加入，被挤下线',
  kicked: '被移出房间',
  'join-failed': '未能进入房间',
  'reconnect-exhausted': '多次重连失败后断开',
};

export const HOME_TEXT = {
  noServiceTitle: '暂不能创建房间',
  noServiceCreate: '这个小程序没有配置 Token 服务，无法在这里创建房间。请通过组织者分享的房间链接进入。',
  noServiceJoin: '这个小程序没有配置 Token 服务，无法凭房间号进入。请通过组织者分享的房间链接进入。',
  inviteNeededTitle: '需要邀请',
  inviteNeeded: '进入这个房间需要组织者的邀请链接，请让组织者在房间里点「邀请」分享给你。',
  emptyRoomId: '请输入房间号',
  badRoomId: '房间号只能包含字母、数字和 @ . _ -，最多 128 位',
  createFailed: '创建房间失败，请检查网络后重试',
  creating: '正在创建房间…',
  loginRequired: '请先登录抖音后再创建房间',
} as const;

export type CheckState = 'ok' | 'warn' | 'fail' | 'pending';

export const PREJOIN_LABEL = {
  link: '房间链接',
  token: '链接有效期',
  version: '抖音版本',
  capability: '通话功能',
  camera: '摄像头权限',
  mic: '麦克风权限',
  network: '网络',
} as const;

export const PREJOIN_SUMMARY = {
  allOk: '设备与网络正常',
  details: '查看详情',
  hide: '收起',
} as const;

export const PREJOIN_TEXT = {
  checking: '检查中…',
  linkOk: (roomId: string): string => `房间 ${roomId}`,
  tokenFetching: '正在获取进房凭证…',
  tokenOk: '有效',
  tokenOkFor: (minutes: number): string => (minutes >= 120 ? `有效，约 ${Math.floor(minutes / 60)} 小时后过期` : `有效，约 ${Math.max(1, minutes)} 分钟后过期`),
  tokenUnreadable: '有效期未知，可以尝试进入',
  tokenExpired: '已过期，请向邀请人索取新的链接',
  tokenNoService: '没有进房凭证，且未配置 Token 服务，请向组织者索取完整的房间链接',
  tokenInviteNeeded: '进入这个房间需要组织者的邀请链接',
  tokenInviteInvalid: '邀请链接无效或不属于这个房间，请向组织者重新索取',
  tokenInviteExpired: '邀请链接已过期，请向组织者索取新的邀请',
  tokenLoginRequired: '请先登录抖音后再进入房间',
  tokenNetwork: '获取凭证失败，请检查网络后重试',
  tokenRejected: '获取凭证失败，请稍后重试',
  // The version number stays in diagnostics; the person holding the phone only needs 「可以用」.
  versionOk: '已是可用版本',
  versionTooOld: '抖音版本过低，请升级抖音到最新版本',
  versionUnknown: '无法确认抖音版本，可继续尝试',
  capabilityOk: '可以通话',
  capabilityDenied: '该小程序尚未开通音视频通话能力，请联系管理员',
  capabilityUnsupported: '当前抖音版本不支持音视频房间，请升级抖音',
  notConfigured: '小程序还没有配置音视频 AppId，请联系管理员',
  granted: '已允许',
  refusedCamera: '已拒绝，他人将看不到你的画面',
  refusedMic: '已拒绝，他人将听不到你的声音',
  neverAsked: '尚未授权，开启时会询问你',
  networkNone: '没有网络连接，请联网后重试',
  networkSlow: (t: string): string => `${t} 网络较慢，通话可能卡顿`,
  networkOk: (t: string): string => (t === 'wifi' ? 'Wi-Fi' : t === 'unknown' ? '已连接' : t.toUpperCase()),
  stopTitle: '无法进入房间',
  listenOnlyHint: '摄像头和麦克风都未授权，可以仅收听方式加入，或去设置里打开权限',
  viewerNoDevices: '观看模式，不使用',
  viewerHint: '你收到的是观看邀请：可以看和听，不会开启摄像头和麦克风',
  previewFailed: '摄像头预览开启失败',
} as const;

export const SHARE_TEXT = {
  title: (roomId: string): string => `邀请你加入音视频房间 ${roomId}`,
  viewerTitle: (roomId: string): string => `邀请你观看 ${roomId}`,
  homeTitle: '音视频房间',
  unavailableTitle: '暂不能邀请',
  unavailableNoService: '邀请他人需要配置 Token 服务：每个人要用自己的凭证进入房间，不能转发你的链接（转发会把你挤出房间）。请让组织者分享邀请链接。',
  unavailableNoInvite: '这个房间不是通过邀请链接进入的，无法生成邀请。请让组织者分享邀请链接，或在首页创建新房间。',
} as const;

export const DIAG_TEXT = {
  title: '诊断信息',
  copied: '已复制诊断信息',
  copyFailed: '复制失败',
  none: '无',
  noExpiry: '未知',
  expired: '已过期',
  permission: { granted: '已允许', refused: '已拒绝', unknown: '未询问' },
  /** Phases and log kinds in Chinese: the sheet is read by the person holding the phone first. */
  phase: {
    idle: '未开始',
    preparing: '准备中',
    joining: '正在进入',
    joined: '已在房间',
    reconnecting: '重连中',
    leaving: '正在离开',
    left: '已离开',
    failed: '未能进入',
  },
  kind: {
    state: '房间状态',
    interrupted: '连接中断',
    network: '网络',
    'join-error': '进入失败',
    token: '凭证',
    platform: '平台调用',
  },
} as const;

// ---- configuration checks (services/config-check.ts): each names the file and the field to edit ----

export const CONFIG_TITLE = '尚未配置';

export const CONFIG_PROBLEM_TEXT: Record<ConfigProblem, string> = {
  'app-id-missing': '请在 config.ts 中填写 RTC_APP_ID（火山引擎 RTC 控制台的 24 位 AppId，必须与 Token 服务的 RTC_APP_ID 相同）',
  'app-id-length': 'config.ts 中的 RTC_APP_ID 不是 24 位：请从火山引擎 RTC 控制台复制完整的 AppId（必须与 Token 服务的 RTC_APP_ID 相同）',
  'token-url-malformed': 'config.ts 中的 TOKEN_SERVICE_URL 不是有效地址：请填写形如 https://rtc-token.example.com 的地址，或留空（只用链接里的 Token）',
  'token-url-not-https': 'config.ts 中的 TOKEN_SERVICE_URL 必须以 https:// 开头，并加入抖音开放平台控制台的 request 合法域名（http 只能在 dev 模式下用于本机 127.0.0.1 / localhost）',
  'calls-url-malformed': 'config.ts 中的 CALLS_SOCKET_URL 不是有效地址：请填写形如 wss://rtc-token.example.com/v1/calls/socket 的地址，或留空（由 TOKEN_SERVICE_URL 推出）',
  'calls-url-not-wss': 'config.ts 中的 CALLS_SOCKET_URL 必须以 wss:// 开头，并加入抖音开放平台控制台的 socket 合法域名（ws 只能在 dev 模式下用于本机 127.0.0.1 / localhost）',
};

/** Base library below MIN_RTC_SDK_VERSION, in plain words for the person holding the phone. */
export const UPGRADE_TEXT = '当前抖音版本过低，无法进行音视频通话。请升级抖音到最新版本后再打开链接。';

// ---- calls (issue 15): outgoing / incoming pages, history, home --------------------------------

export const CALL_TEXT = {
  audio: '语音通话',
  video: '视频通话',
  connecting: '正在连接…',
  calling: '正在呼叫，等待对方接听…',
  incoming: (media: string): string => `邀请你进行${media}`,
  checking: '正在查询通话…',
  accepting: '正在接听…',
  cancelling: '正在取消…',
  accepted: '已接通',
  declinedByPeer: '对方已拒绝',
  declinedByMe: '已拒绝',
  cancelledByMe: '已取消',
  cancelledByPeer: '对方已取消',
  busy: '对方忙',
  busyByMe: '忙线未接',
  noAnswer: '无人接听',
  missed: '未接来电',
  ended: '通话已结束',
  hungUpByPeer: '对方已挂断',
  elsewhere: '已在其他设备接听',
  refused: '无法呼叫该用户（用户不存在或不可呼叫）',
  offline: '网络未连接，呼叫失败，请稍后重试',
  self: '不能呼叫自己',
  badUserId: '用户 ID 只能包含字母、数字和 @ . _ -，最多 128 位',
  emptyUserId: '请输入要呼叫的用户 ID',
  alreadyInCall: '正在通话中，请先结束当前通话',
  inRoom: '正在房间中，请先离开房间再呼叫',
  unavailable: '没有配置 Token 服务，无法发起通话',
  notifyOn: '开启来电提醒',
  notifyDone: '已开启来电提醒',
  notifyRefused: '未开启来电提醒，可在抖音设置中重新开启',
  notifyFailed: '开启来电提醒失败，请稍后重试',
  switchedToAudio: '已切换为语音通话',
  switchedToVideo: '已切换为视频通话',
} as const;

/** How a call ended, as the history says it (已接通 shows its duration). */
export const CALL_OUTCOME_TEXT = {
  completed: '已接通',
  missed: '未接',
  declined: '已拒绝',
  cancelled: '已取消',
  busy: '对方忙',
} as const;

export const CALL_HISTORY_TEXT = {
  title: '通话与房间记录',
  out: '呼出',
  in: '呼入',
  room: '房间',
  contacts: '联系人',
  callAgain: '呼叫',
  devCall: '呼叫用户 ID（开发模式）',
  callAudio: '语音',
  callVideo: '视频',
  loadFailed: '通话记录暂时无法获取，只显示本机的房间记录',
} as const;
