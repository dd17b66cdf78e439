// What the room says and shows around the call itself (issue 14): where you are, a layout that fits
// the call, controls labelled as the action they perform (locked, with the reason, when a permission is
// missing), banners that stay while they matter. Pure derivation from the store plus page-local UI state.
import { action, makeObservable, observable } from 'mobx-miniprogram';
import { CONTROL_TEXT, ROOM_BANNER, TOKEN_BANNER } from '../stores/messages';
import type { RoomStore } from '../stores/room-store';
import { roomTitle } from '../stores/room-title';
import { SPEAKING_MEANS } from '../stores/tiles';
import { DEFAULT_SCREEN, roomLayout, type RoomLayout, type Screen } from './room-layout';

export type InsetCorner = 'tr' | 'br' | 'bl' | 'tl';
const NEXT_CORNER: Record<InsetCorner, InsetCorner> = { tr: 'br', br: 'bl', bl: 'tl', tl: 'tr' };

/** Page-local UI state: the window, a clock for countdowns, the 1:1 inset's corner, the 更多 sheet. */
export class RoomUiState {
  screen: Screen = DEFAULT_SCREEN;
  /** Moves only while a countdown is on screen (the page ticks it), so nothing re-renders otherwise. */
  now = 0;
  inset: InsetCorner = 'tr';
  moreOpen = false;

  constructor(screen?: Screen) {
    if (screen) this.screen = screen;
    makeObservable(this, { now: observable, inset: observable, moreOpen: observable, tick: action, moveInset: action, setMore: action });
  }

  tick(now: number): void {
    this.now = now;
  }

  moveInset(): void {
    this.inset = NEXT_CORNER[this.inset];
  }

  setMore(open: boolean): void {
    this.moreOpen = open;
  }
}

interface ControlView {
  /** No permission: the control shows a lock and a tap opens the settings instead. */
  micLocked: boolean;
  cameraLocked: boolean;
  mic: string;
  camera: string;
  flip: string;
  speaker: string;
  audioOnly: string;
}

export interface RoomUiView {
  roomName: string;
  /** Joined (or reconnecting): the member count, the timer and 邀请 show only then. */
  joined: boolean;
  banner: { kind: string; text: string } | null;
  layout: RoomLayout;
  ctl: ControlView;
  /** My own tile's label: what is off and why, never a state the user did not choose. */
  selfLabel: string;
  /** Why devices are locked (the hint above the tiles, with 去设置); '' when nothing is. */
  lockReason: string;
  /** While reconnecting: what will come back. '' otherwise. */
  restore: string;
  /** Remote tiles show a muted mark only where the speakers list means "mic on" (SPEAKING_MEANS). */
  mutedMarks: boolean;
  mutedMark: string;
  inset: InsetCorner;
  moreSheet: boolean;
}

/** Whether the platform's lists tell us a remote's mic is off: only if speakers = people with the mic on. */
export function remoteMuteKnown(means: 'talking' | 'mic-on'): boolean {
  return means === 'mic-on';
}

/** Minutes left, rounded up (never "0 分钟" while time is left). */
export function minutesLeft(expiresAt: number, now: number): number {
  return Math.max(1, Math.ceil((expiresAt - now) / 60000));
}

function bannerOf(store: RoomStore, now: number): { kind: string; text: string } | null {
  if (store.phase === 'reconnecting' && store.networkOnline) {
    return { kind: 'warn', text: ROOM_BANNER.reconnecting(Math.max(1, store.reconnectAttempt), store.maxReconnectAttempts) };
  }
  if (store.phase === 'joined' && store.networkOnline && store.tokenExpiring) {
    const exp = store.tokenExpiresAt;
    return { kind: 'warn', text: exp !== null && exp > now ? TOKEN_BANNER.expiresIn(minutesLeft(exp, now)) : TOKEN_BANNER.expiring };
  }
  return store.banner;
}

export function selectRoomUi(store: RoomStore, ui: RoomUiState, pageSize: number): RoomUiView {
  const media = store.media;
  const viewer = store.role === 'viewer';
  const joined = store.inRoom;
  const micLocked = media.mic === 'refused';
  const cameraLocked = media.camera === 'refused';
  const micOn = store.micShownOn;
  const cameraOn = store.cameraShownOn;
  const reconnecting = store.phase === 'reconnecting';
  const banner = bannerOf(store, ui.now);
  const failedOrLeft = store.phase === 'failed' || store.phase === 'left' || store.phase === 'leaving';
  const self = !viewer && !failedOrLeft;
  const restoreParts: string[] = [];
  if (reconnecting && !viewer) {
    if (media.micTarget) restoreParts.push(CONTROL_TEXT.restoreMic);
    if (media.cameraTarget) restoreParts.push(CONTROL_TEXT.restoreCamera);
  }
  return {
    roomName: store.roomId ? roomTitle(store.roomId) : '',
    joined,
    banner,
    layout: roomLayout({
      screen: ui.screen,
      self,
      remotes: Math.min(pageSize, store.pageTileCount),
      stage: !!store.stage && !store.stageFull,
      banner: banner ? banner.text : null,
      hint: !viewer && (micLocked || cameraLocked),
      pager: store.grid.paged,
    }),
    ctl: {
      micLocked,
      cameraLocked,
      mic: micOn ? CONTROL_TEXT.micOff : CONTROL_TEXT.micOn,
      camera: cameraOn ? CONTROL_TEXT.cameraOff : CONTROL_TEXT.cameraOn,
      flip: media.facing === 'front' ? CONTROL_TEXT.toBack : CONTROL_TEXT.toFront,
      speaker: media.route === 'speakerphone' ? CONTROL_TEXT.toEarpiece : CONTROL_TEXT.toSpeaker,
      audioOnly: media.audioOnly ? CONTROL_TEXT.videoBack : CONTROL_TEXT.voiceOnly,
    },
    selfLabel: reconnecting
      ? CONTROL_TEXT.selfReconnecting
      : micLocked
        ? CONTROL_TEXT.selfMicLocked
        : micOn
          ? CONTROL_TEXT.self
          : CONTROL_TEXT.selfMicOff,
    lockReason:
      micLocked && cameraLocked ? CONTROL_TEXT.listenOnlyHint : micLocked ? CONTROL_TEXT.micLockedHint : cameraLocked ? CONTROL_TEXT.cameraLockedHint : '',
    restore: restoreParts.length ? CONTROL_TEXT.restore(restoreParts.join('、')) : '',
    mutedMarks: remoteMuteKnown(SPEAKING_MEANS),
    mutedMark: CONTROL_TEXT.remoteMuted,
    inset: ui.inset,
    moreSheet: ui.moreOpen && joined,
  };
}
