import { reaction } from 'mobx-miniprogram';
import { appServices, type AppServices } from '../../services/runtime';
import { bindSections, type ViewBinding } from '../../view/binding';
import { DiagnosticsSheet, selectDiagnostics } from '../../view/diagnostics';
import { CALL_TEXT, COMPONENT_ERROR_FALLBACK, COMPONENT_ERROR_TEXT, DIAG_TEXT, NOTICE, SHARE_TEXT } from '../../stores/messages';
import type { CallStore } from '../../stores/call-store';
import { callStoreFor, presenceFor } from '../shared/calls-app';
import { RoomStore } from '../../stores/room-store';
import { SessionRecorder } from '../../stores/session-recorder';
import { HOME_PAGE } from '../../stores/routes';
import { roomTitle } from '../../stores/room-title';
import { InviteSheet, shareInfo, type InviteRole, type ShareInfo } from '../../stores/share';
import { explain } from '../shared/outcome';
import { RoomUiState } from '../../view/room-ui';
import { clockLabel } from '../../stores/format';
import { inviteFrom, roomDeps, roomPageParts } from './wire';
import { ignore } from '../../services/ignore';

interface TouchEventLike {
  changedTouches?: Array<{ clientX: number }>;
}

// Shorter moves are taps or jitter, not a page turn.
const SWIPE_PX = 50;

interface TapEvent {
  currentTarget?: { dataset?: Record<string, string | undefined> };
  detail?: { errNo?: number; errMsg?: string };
}

/** Per page instance: the store, its binding and timers (Page option fields are not per-instance safe). */
interface RoomPageState {
  store: RoomStore;
  services: AppServices;
  binding: ViewBinding;
  stops: Array<() => void>;
  ticker: number | undefined;
  shownOnce: boolean;
  recorder: SessionRecorder;
  sheet: DiagnosticsSheet;
  sheetTicker: number | undefined;
  ui: RoomUiState;
  /** Ticks ui.now while a countdown (token expiry) is on screen. */
  uiTicker: number | undefined;
  invite: string | undefined;
  invites: InviteSheet;
  /** Where a touch on the tiles began (for swipes). */
  touchX?: number;
  /** Releases this page's "in a room" presence (incoming calls are answered busy meanwhile). */
  releasePresence: () => void;
  /** Opened by an accepted call: its id and the call store (hang-up ends the call for both). */
  callId: string | undefined;
  calls: CallStore | null;
}

/** Hang up the call this room belongs to, if it is still on. */
function hangUpCall(st: RoomPageState): void {
  const c = st.calls ? st.calls.call : null;
  if (st.calls && c && c.callId === st.callId && c.phase === 'accepted') st.calls.hangup();
}

const states = new WeakMap<object, RoomPageState>();

/** The one tap that fixes a missing permission: the settings page, then read the permissions again. */
function openSettings(st: RoomPageState): void {
  st.services.permissions
    .openSettings()
    .then(() => st.store.refreshPermissions())
    // A refused settings page changes nothing: the room still shows the 🔒 and the hint.
    .catch(ignore);
}

/** mic=0/1 and camera=0/1 from the pre-join page; absent = the room's defaults. */
function prefsFrom(query: Record<string, string | undefined>): { mic?: boolean; camera?: boolean } {
  const flag = (v: string | undefined): boolean | undefined => (v === '1' ? true : v === '0' ? false : undefined);
  const prefs: { mic?: boolean; camera?: boolean } = {};
  const mic = flag(query ? query.mic : undefined);
  const camera = flag(query ? query.camera : undefined);
  if (mic !== undefined) prefs.mic = mic;
  if (camera !== undefined) prefs.camera = camera;
  return prefs;
}

/**
 * An invitation needs the token service and an invite for this room (from the link or created at home).
 * `role` picks 「邀请发言」 or 「邀请观看」; the menu shares what this room was entered with.
 */
function shareOf(st: RoomPageState, role?: InviteRole): ShareInfo {
  const wanted = role || (st.invites.member ? 'member' : 'viewer');
  return shareInfo(st.store.roomId, st.invites.inviteFor(wanted), st.services.tokenClient !== null, wanted);
}

interface ShareOptions {
  from?: string;
  target?: { dataset?: Record<string, string | undefined> };
}

function stateOf(page: object): RoomPageState | undefined {
  return states.get(page);
}

Page({
  data: { durationText: '00:00' },

  onLoad(query: Record<string, string | undefined>) {
    const services = appServices();
    const store = new RoomStore(roomDeps(services, query));
    const invite = inviteFrom(query);
    const callId = query && query.callId ? query.callId : undefined;
    const { recorder, sheet, invites, ui, sections } = roomPageParts(store, services, invite, callId, () => {
      // Open first, so the first frame already shows "joining" or the bad-link view, never an empty room.
      store.open(query, prefsFrom(query));
      // Where am I: the room's name in the navigation bar on the room, its failures and its recap.
      // (roomId stays empty for a link that is not valid: the bar keeps the app's name then.)
      services.navigation.setTitle(roomTitle(store.roomId));
    });
    const binding = bindSections(this, sections);
    const calls = callId ? callStoreFor(services) : null;
    const releasePresence = presenceFor(services).enterRoom();
    const st: RoomPageState = {
      store,
      services,
      binding,
      stops: [],
      ticker: undefined,
      shownOnce: false,
      recorder,
      sheet,
      sheetTicker: undefined,
      ui,
      uiTicker: undefined,
      invite,
      invites,
      releasePresence,
      callId,
      calls,
    };
    // A member invite can make the watch-only one; ready before the sheet opens (share must answer at once).
    if (invite && !invites.viewer && services.tokenClient && store.roomId) {
      services.tokenClient
        .createInvite({ roomId: store.roomId, invite, role: 'viewer' })
        .then((v) => invites.setViewer(v))
        // Without it the sheet offers 「邀请发言」 only; nothing else depends on it.
        .catch(ignore);
    }
    states.set(this, st);
    if (calls && callId) {
      const mine = () => (calls.call && calls.call.callId === callId ? calls.call : null);
      st.stops.push(
        // The other side hung up (or the call ended elsewhere): leave the room too.
        reaction(
          () => {
            const c = mine();
            return c && c.phase === 'ended' ? c : null;
          },
          (c) => {
            if (!c) return;
            if (c.endedBy && c.endedBy !== calls.myUserId) services.feedback.toast(CALL_TEXT.hungUpByPeer);
            store.leave();
          },
        ),
        // Audio ↔ video, from either side.
        reaction(
          () => {
            const c = mine();
            return c && c.phase === 'accepted' ? c.media : null;
          },
          (m) => {
            if (m) store.setAudioOnly(m === 'audio');
          },
          { fireImmediately: true },
        ),
      );
    }
    st.stops.push(
      reaction(
        () => store.notice,
        (n) => {
          // The token warning stays as a banner with the minutes left: a toast would only cover a name.
          if (n && n.text !== NOTICE.tokenExpiringNoSource) services.feedback.toast(n.text);
        },
      ),
      reaction(
        // The countdown in the token banner moves once a second only while it is shown.
        () => store.tokenExpiring && store.inRoom,
        (on) => {
          if (st.uiTicker !== undefined) clearInterval(st.uiTicker);
          st.uiTicker = undefined;
          ui.tick(Date.now());
          if (on) st.uiTicker = setInterval(() => ui.tick(Date.now()), 1000) as unknown as number;
        },
        { fireImmediately: true },
      ),
      reaction(
        // The call timer runs only while in the room (reconnecting included), not on the recap.
        () => (store.inRoom ? store.joinedAt : null),
        (at) => {
          if (st.ticker !== undefined) clearInterval(st.ticker);
          st.ticker = undefined;
          if (at === null) return;
          const tick = (): void => {
            const text = clockLabel(Date.now() - at);
            if (text !== this.data.durationText) this.setData({ durationText: text });
          };
          tick();
          st.ticker = setInterval(tick, 1000) as unknown as number;
        },
      ),
    );
  },

  onShow() {
    const st = stateOf(this);
    if (!st) return;
    // The first onShow follows onLoad; only later ones are returns from background or settings.
    if (!st.shownOnce) {
      st.shownOnce = true;
      return;
    }
    st.store.onAppShow();
  },

  onHide() {
    const st = stateOf(this);
    if (!st) return;
    st.binding.flush();
    st.store.onAppHide();
  },

  onUnload() {
    const st = stateOf(this);
    if (!st) return;
    states.delete(this);
    if (st.ticker !== undefined) clearInterval(st.ticker);
    if (st.sheetTicker !== undefined) clearInterval(st.sheetTicker);
    if (st.uiTicker !== undefined) clearInterval(st.uiTicker);
    for (const stop of st.stops) stop();
    st.binding.dispose();
    // leave() ends the session synchronously (phase 'leaving'): the record is written before the recorder stops.
    st.store.leave();
    st.recorder.dispose();
    hangUpCall(st);
    st.releasePresence();
  },

  /** Menu share and <button open-type="share" data-role>: an invite for this room, never our own token. */
  onShareAppMessage(opts?: ShareOptions) {
    const st = stateOf(this);
    if (!st) return { path: '/pages/index/index' };
    const asked = opts && opts.target && opts.target.dataset ? opts.target.dataset.role : undefined;
    const info = shareOf(st, asked === 'viewer' || asked === 'member' ? asked : undefined);
    st.invites.hide();
    if (!info.canInvite && info.reason) explain(st.services, SHARE_TEXT.unavailableTitle, info.reason);
    return { title: info.title, path: info.path };
  },

  handleOpenInvite() {
    const st = stateOf(this);
    if (st) st.invites.show();
  },

  handleCloseInvite() {
    const st = stateOf(this);
    if (st) st.invites.hide();
  },

  /** The share button when inviting is not possible: explain instead of sharing a dead end. */
  handleShareUnavailable() {
    const st = stateOf(this);
    if (!st) return;
    const info = shareOf(st);
    if (info.reason) explain(st.services, SHARE_TEXT.unavailableTitle, info.reason);
  },

  /** 更多: the less frequent actions (diagnostics) in a sheet, so they do not compete with 邀请. */
  handleOpenMore() {
    const st = stateOf(this);
    if (st) st.ui.setMore(true);
  },

  handleCloseMore() {
    const st = stateOf(this);
    if (st) st.ui.setMore(false);
  },

  /** The 1:1 inset of my own video moves to the next corner, so it never hides what matters. */
  handleMoveInset() {
    const st = stateOf(this);
    if (st) st.ui.moveInset();
  },

  handleOpenDiagnostics() {
    const st = stateOf(this);
    if (!st) return;
    st.ui.setMore(false);
    const { sheet, services } = st;
    sheet.show(services.device.systemInfo(), null, Date.now());
    services.permissions.read().then((p) => {
      if (sheet.open) sheet.show(sheet.systemInfo, p, Date.now());
    });
    // The token countdown moves only while the sheet is open.
    if (st.sheetTicker !== undefined) clearInterval(st.sheetTicker);
    st.sheetTicker = setInterval(() => sheet.tick(Date.now()), 1000) as unknown as number;
  },

  handleCloseDiagnostics() {
    const st = stateOf(this);
    if (!st) return;
    if (st.sheetTicker !== undefined) clearInterval(st.sheetTicker);
    st.sheetTicker = undefined;
    st.sheet.hide();
  },

  handleCopyDiagnostics() {
    const st = stateOf(this);
    const diag = st ? selectDiagnostics(st.sheet, st.store) : null;
    if (!st || !diag) return;
    const feedback = st.services.feedback;
    feedback.copy(diag.text).then(
      () => feedback.toast(DIAG_TEXT.copied, 'success'),
      () => feedback.toast(DIAG_TEXT.copyFailed),
    );
  },

  handleToggleMic() {
    const st = stateOf(this);
    if (!st) return;
    if (st.store.media.mic === 'refused') return openSettings(st);
    st.store.toggleMic();
  },

  handleToggleCamera() {
    const st = stateOf(this);
    if (!st) return;
    if (st.store.media.camera === 'refused') return openSettings(st);
    st.store.toggleCamera();
  },

  handleFlipCamera() {
    const st = stateOf(this);
    if (!st) return;
    if (st.store.media.camera === 'refused') return openSettings(st);
    st.store.flipCamera();
  },

  handleToggleSpeaker() {
    const st = stateOf(this);
    if (st) st.store.toggleSpeaker();
  },

  handleToggleAudioOnly() {
    const st = stateOf(this);
    if (!st) return;
    if (st.store.media.camera === 'refused') return openSettings(st);
    const audioOnly = !st.store.media.audioOnly;
    st.store.setAudioOnly(audioOnly);
    if (st.calls) st.calls.switchMedia(audioOnly ? 'audio' : 'video');
  },

  handleStageTap() {
    const st = stateOf(this);
    if (st) st.store.setStageFull(!st.store.stageFull);
  },

  handlePrevPage() {
    const st = stateOf(this);
    if (st) st.store.setGridPage(st.store.grid.currentPage - 1);
  },

  handleNextPage() {
    const st = stateOf(this);
    if (st) st.store.setGridPage(st.store.grid.currentPage + 1);
  },

  /** A horizontal swipe over the tiles turns the page (a vertical one scrolls nothing here). */
  handleTouchStart(e: TouchEventLike) {
    const st = stateOf(this);
    const t = e && e.changedTouches && e.changedTouches[0];
    if (st && t) st.touchX = t.clientX;
  },

  handleTouchEnd(e: TouchEventLike) {
    const st = stateOf(this);
    const t = e && e.changedTouches && e.changedTouches[0];
    if (!st || !t || st.touchX === undefined) return;
    const dx = t.clientX - st.touchX;
    st.touchX = undefined;
    if (Math.abs(dx) < SWIPE_PX) return;
    st.store.setGridPage(st.store.grid.currentPage + (dx < 0 ? 1 : -1));
  },

  handlePinSharer(e: TapEvent) {
    const st = stateOf(this);
    const id = e && e.currentTarget && e.currentTarget.dataset ? e.currentTarget.dataset.userId : undefined;
    if (st) st.store.pinSharer(id || null);
  },

  handleLeave() {
    const st = stateOf(this);
    if (!st) return;
    st.store.leave();
    hangUpCall(st);
  },

  handleRetry() {
    const st = stateOf(this);
    if (st) st.store.retry();
  },

  handleRejoin() {
    const st = stateOf(this);
    if (st) st.store.rejoin();
  },

  handleOpenSettings() {
    const st = stateOf(this);
    if (st) openSettings(st);
  },

  handleBackHome() {
    const st = stateOf(this);
    if (!st) return;
    // Refused: the user stays on the recap and can tap again.
    st.services.navigation.reLaunch(HOME_PAGE).catch(ignore);
  },

  onRtcRoomError(e: TapEvent) {
    const st = stateOf(this);
    const code = e && e.detail ? e.detail.errNo : undefined;
    if (st) st.services.feedback.toast((code !== undefined && COMPONENT_ERROR_TEXT[code]) || COMPONENT_ERROR_FALLBACK);
  },
});
