// Every user-facing sentence the stores produce, in one place (UI copy is Chinese).
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
  'invalid-room': '房间号格式不正确（只能包含字母、数字和 @ . _ -，最多 128 位）',
  'missing-user': '缺少用户 ID',
  'invalid-user': '用户 ID 格式不正确（只能包含字母、数字和 @ . _ -，最多 128 位）',
  'missing-token': '缺少进房凭证',
  'invalid-token': '进房凭证格式不正确',
  'undecodable-token': '进房凭证无法解析（链接可能被截断）',
};

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
} as const;

export const BANNER = {
  joining: '正在进入房间…',
  reconnecting: (n: number): string => `重新连接中 (${n})…`,
  waitingNetwork: '网络已断开，等待网络恢复…',
  tokenExpiring: '房间凭证即将过期',
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
