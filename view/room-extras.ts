// The parts of the room view added around the room itself: leave recap, invitation, diagnostics.
import { selectDiagnostics, type DiagnosticsSheet, type DiagnosticsView } from './diagnostics';
import { durationLabel } from '../stores/format';
import { END_REASON_TEXT } from '../stores/messages';
import type { RoomStore } from '../stores/room-store';
import type { SessionRecorder } from '../stores/session-recorder';
import type { InviteSheet } from '../stores/share';
import { RoomUiState, selectRoomUi, type RoomUiView } from './room-ui';

export interface RoomExtras {
  recorder: SessionRecorder;
  sheet: DiagnosticsSheet;
  canInvite: boolean;
  invites?: InviteSheet;
  /** Window, countdown clock, inset corner, 更多 sheet (room-ui.ts). */
  ui?: RoomUiState;
}

interface RecapView {
  duration: string;
  people: string;
  reconnects: string;
  ended: string;
}

export interface RoomExtrasView extends RoomUiView {
  recap: RecapView | null;
  canInvite: boolean;
  /** The open invitation sheet: which kinds can be shared now. */
  inviteSheet: { member: boolean; viewer: boolean } | null;
  diagnostics: DiagnosticsView | null;
}

/** Layout, labels and banners around the call (room-ui.ts), with the page's UI state or the default. */
export function selectRoomUiSection(store: RoomStore, extras: RoomExtras | undefined): RoomUiView {
  return selectRoomUi(store, (extras && extras.ui) || defaultUi(), store.grid.options.pageSize);
}

/** Recap, invitation and diagnostics: what the sheets and the end of the call show. */
export function selectRoomExtras(store: RoomStore, extras: RoomExtras | undefined): Omit<RoomExtrasView, keyof RoomUiView> {
  if (!extras) return { recap: null, canInvite: false, inviteSheet: null, diagnostics: null };
  const inv = extras.invites;
  const r = extras.recorder.last;
  const showRecap = !!r && (store.phase === 'left' || store.phase === 'leaving');
  return {
    recap:
      showRecap && r
        ? {
            duration: durationLabel(r.durationMs),
            people: `${r.peakMembers} 人`,
            reconnects: r.reconnects > 0 ? `${r.reconnects} 次` : '无',
            ended: END_REASON_TEXT[r.endReason],
          }
        : null,
    canInvite: extras.canInvite,
    inviteSheet: inv && inv.open && extras.canInvite ? { member: !!inv.member, viewer: !!inv.viewer } : null,
    diagnostics: selectDiagnostics(extras.sheet, store),
  };
}

let fallbackUi: RoomUiState | null = null;
/** Bare tests pass no UI state: the default phone, a clock that never moves. */
function defaultUi(): RoomUiState {
  if (!fallbackUi) fallbackUi = new RoomUiState();
  return fallbackUi;
}
