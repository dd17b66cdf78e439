import { CONFIG_TITLE, PREJOIN_LABEL, PREJOIN_SUMMARY, PREJOIN_TEXT } from '../stores/messages';
import { CHECK_ORDER } from '../stores/prejoin-checks';
import type { PrejoinStore } from '../stores/prejoin-store';

interface CheckView {
  id: string;
  label: string;
  state: string;
  text: string;
}

/** Everything prejoin.ttml binds to, as plain JSON. */
export interface PrejoinView extends Record<string, unknown> {
  checks: CheckView[];
  roomId: string;
  userId: string;
  micOn: boolean;
  cameraOn: boolean;
  previewOn: boolean;
  /** 'checking' | 'stop' | 'offline' | 'ready' */
  verdict: string;
  listenOnly: boolean;
  canRetry: boolean;
  /** 去设置 shows when a permission was refused. */
  showSettings: boolean;
  joinText: string;
  hint: string;
  /** Watching only: the device toggles are hidden. */
  viewer: boolean;
  /** The checks in one line: 「设备与网络正常」 or the first problem; the list only on tap. */
  summary: { state: string; text: string };
  detailsOpen: boolean;
  /** A refused permission: the toggle is locked (🔒, the reason) and a tap opens the settings. */
  micLocked: boolean;
  cameraLocked: boolean;
}

const SEVERITY: Record<string, number> = { fail: 3, warn: 2, pending: 1, ok: 0 };

/** One line for all checks: the worst one (fail, then warn, then still checking), or all fine. */
function checkSummary(checks: CheckView[]): { state: string; text: string } {
  let worst: CheckView | null = null;
  for (const c of checks) if (SEVERITY[c.state] > 0 && (!worst || SEVERITY[c.state] > SEVERITY[worst.state])) worst = c;
  if (!worst) return { state: 'ok', text: PREJOIN_SUMMARY.allOk };
  if (worst.state === 'pending') return { state: 'pending', text: PREJOIN_TEXT.checking };
  return { state: worst.state, text: `${worst.label}：${worst.text}` };
}

export function selectPrejoinView(store: PrejoinStore, detailsOpen = false): PrejoinView {
  const v = store.verdict;
  const p = store.permissions;
  const listenOnly = v.kind === 'ready' && v.listenOnly;
  // After a stop, checks that never ran are noise ("检查中…" forever): leave them out.
  const checks = CHECK_ORDER.filter((id) => !(v.kind === 'stop' && store.checks[id].state === 'pending')).map((id) => ({
    id,
    label: PREJOIN_LABEL[id],
    state: store.checks[id].state,
    text: store.checks[id].text,
  }));
  return {
    checks,
    summary: checkSummary(checks),
    detailsOpen,
    micLocked: !!p && p.mic === 'refused',
    cameraLocked: !!p && p.camera === 'refused',
    roomId: store.roomId,
    userId: store.userId,
    // A refused device is off whatever the wish: the toggle must not promise what the room cannot do.
    micOn: store.micOn && !(p && p.mic === 'refused'),
    cameraOn: store.cameraOn && !(p && p.camera === 'refused'),
    previewOn: store.previewOn && !!store.userId,
    verdict: v.kind,
    listenOnly,
    canRetry: v.kind === 'stop' && v.retryable,
    showSettings: !!p && (p.camera === 'refused' || p.mic === 'refused'),
    joinText:
      v.kind === 'ready' ? (store.viewer ? '开始观看' : listenOnly ? '仅收听加入' : '加入房间') : v.kind === 'offline' ? '等待网络…' : PREJOIN_TEXT.checking,
    hint: store.configProblems.length
      ? CONFIG_TITLE
      : v.kind === 'stop'
        ? PREJOIN_TEXT.stopTitle
        : store.viewer
          ? PREJOIN_TEXT.viewerHint
          : listenOnly
            ? PREJOIN_TEXT.listenOnlyHint
            : '',
    viewer: store.viewer,
  };
}
