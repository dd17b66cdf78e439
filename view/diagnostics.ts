// The diagnostics sheet: versions, ids, connection history with codes, token countdown and
// permission states, as lines for the sheet and as text for the clipboard. Never the token.
import { action, makeObservable, observable } from 'mobx-miniprogram';
import type { PermissionStates } from '../services/permissions';
import type { SystemInfo } from '../services/platform/tt-types';
import { clockLabel, timeOfDay } from '../stores/format';
import { DIAG_TEXT } from '../stores/messages';
import type { RoomStore, StateLogEntry } from '../stores/room-store';

/** Shown in the sheet so support can tell builds apart. Keep in step with package.json. */
const APP_VERSION = '0.1.0';
/** Enough history to see a reconnect sequence, short enough to read on a phone. */
const DIAG_EVENTS = 12;

export interface DiagnosticsView {
  lines: Array<{ label: string; value: string }>;
  events: string[];
  text: string;
}

export class DiagnosticsSheet {
  open = false;
  now = 0;
  permissions: PermissionStates | null = null;
  systemInfo: SystemInfo = {};

  constructor() {
    makeObservable(this, { open: observable, now: observable, permissions: observable.ref, systemInfo: observable.ref, show: action, hide: action, tick: action });
  }

  show(systemInfo: SystemInfo, permissions: PermissionStates | null, now: number): void {
    this.systemInfo = systemInfo;
    this.permissions = permissions;
    this.now = now;
    this.open = true;
  }

  hide(): void {
    this.open = false;
  }

  /** The countdown moves only while the sheet is open (the page ticks it once a second). */
  tick(now: number): void {
    this.now = now;
  }
}

function eventLine(e: StateLogEntry): string {
  // Chinese kind first; the platform's own words and code stay verbatim after it (support needs them).
  return `${timeOfDay(e.at)} ${DIAG_TEXT.kind[e.kind]}${e.code !== undefined ? `（代码 ${e.code}）` : ''}：${e.message}`;
}

export function selectDiagnostics(sheet: DiagnosticsSheet, store: RoomStore): DiagnosticsView | null {
  if (!sheet.open) return null;
  const info = sheet.systemInfo;
  const p = sheet.permissions;
  const exp = store.tokenExpiresAt;
  const tokenLeft = exp === null ? DIAG_TEXT.noExpiry : exp <= sheet.now ? DIAG_TEXT.expired : clockLabel(exp - sheet.now);
  const perm = (s: 'granted' | 'refused' | 'unknown' | undefined): string => (s ? DIAG_TEXT.permission[s] : DIAG_TEXT.noExpiry);
  const lines = [
    { label: '基础库', value: info.SDKVersion || DIAG_TEXT.noExpiry },
    { label: '抖音版本', value: `${info.version || DIAG_TEXT.noExpiry}${info.platform ? ` (${info.platform})` : ''}` },
    { label: '小程序版本', value: APP_VERSION },
    { label: '房间', value: store.roomId || DIAG_TEXT.none },
    { label: '用户', value: store.userId || DIAG_TEXT.none },
    { label: '状态', value: `${DIAG_TEXT.phase[store.phase]}${store.failure ? `（${store.failure.title}）` : ''}` },
    { label: '重连次数', value: String(store.reconnects) },
    { label: '凭证剩余', value: tokenLeft },
    { label: '摄像头权限', value: perm(p ? p.camera : undefined) },
    { label: '麦克风权限', value: perm(p ? p.mic : undefined) },
  ];
  const log = store.stateLog;
  const events = log.slice(Math.max(0, log.length - DIAG_EVENTS)).map(eventLine);
  const text = ([DIAG_TEXT.title] as string[])
    .concat(lines.map((l) => `${l.label}: ${l.value}`))
    .concat(['连接记录:'], events.length ? events : [DIAG_TEXT.none])
    .join('\n');
  return { lines, events, text };
}
