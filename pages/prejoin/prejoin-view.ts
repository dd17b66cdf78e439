import { CONFIG_TITLE, PREJOIN_LABEL, PREJOIN_TEXT } from '../../stores/messages';
import { CHECK_ORDER } from '../../stores/prejoin-checks';
import type { PrejoinStore } from '../../stores/prejoin-store';

export interface CheckView {
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
}

export function selectPrejoinView(store: PrejoinStore): PrejoinView {
  const v = store.verdict;
  const p = store.permissions;
  const listenOnly = v.kind === 'ready' && v.listenOnly;
  return {
    // After a stop, checks that never ran are noise ("检查中…" forever): leave them out.
    checks: CHECK_ORDER.filter((id) => !(v.kind === 'stop' && store.checks[id].state === 'pending')).map((id) => ({
      id,
      label: PREJOIN_LABEL[id],
      state: store.checks[id].state,
      text: store.checks[id].text,
    })),
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
