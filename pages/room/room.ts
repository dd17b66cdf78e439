import { reaction } from 'mobx-miniprogram';
import { appServices, type AppServices } from '../../services/runtime';
import { bindView, type ViewBinding } from '../../stores/binding';
import { COMPONENT_ERROR_FALLBACK, COMPONENT_ERROR_TEXT } from '../../stores/messages';
import { RoomStore } from '../../stores/room-store';
import { formatDuration, selectRoomView } from './room-view';
import { roomDeps } from './wire';

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
}

const states = new WeakMap<object, RoomPageState>();

function stateOf(page: object): RoomPageState | undefined {
  return states.get(page);
}

Page({
  data: { durationText: '00:00' },

  onLoad(query: Record<string, string | undefined>) {
    const services = appServices();
    const store = new RoomStore(roomDeps(services, query));
    // Open first, so the first frame already shows "joining" or the bad-link view, never an empty room.
    store.open(query);
    const binding = bindView(this, () => selectRoomView(store));
    const st: RoomPageState = { store, services, binding, stops: [], ticker: undefined, shownOnce: false };
    states.set(this, st);
    st.stops.push(
      reaction(
        () => store.notice,
        (n) => {
          if (n) services.feedback.toast(n.text);
        },
      ),
      reaction(
        () => store.joinedAt,
        (at) => {
          if (st.ticker !== undefined) clearInterval(st.ticker);
          st.ticker = undefined;
          if (at === null) return;
          const tick = (): void => {
            const text = formatDuration(Date.now() - at);
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
    for (const stop of st.stops) stop();
    st.binding.dispose();
    st.store.leave();
  },

  handleToggleMic() {
    const st = stateOf(this);
    if (st) st.store.setMic(!st.store.media.micOn);
  },

  handleToggleCamera() {
    const st = stateOf(this);
    if (st) st.store.setCamera(!(st.store.media.cameraOn && !st.store.media.audioOnly));
  },

  handleFlipCamera() {
    const st = stateOf(this);
    if (st) st.store.flipCamera();
  },

  handleToggleSpeaker() {
    const st = stateOf(this);
    if (st) st.store.toggleSpeaker();
  },

  handleToggleAudioOnly() {
    const st = stateOf(this);
    if (st) st.store.setAudioOnly(!st.store.media.audioOnly);
  },

  handlePinSharer(e: TapEvent) {
    const st = stateOf(this);
    const id = e && e.currentTarget && e.currentTarget.dataset ? e.currentTarget.dataset.userId : undefined;
    if (st) st.store.pinSharer(id || null);
  },

  handleLeave() {
    const st = stateOf(this);
    if (st) st.store.leave();
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
    if (!st) return;
    st.services.permissions
      .openSettings()
      .then(() => st.store.refreshPermissions())
      .catch(() => undefined);
  },

  handleBackHome() {
    const st = stateOf(this);
    if (!st) return;
    st.services.platform.reLaunch({ url: '/pages/index/index' });
  },

  onRtcRoomError(e: TapEvent) {
    const st = stateOf(this);
    const code = e && e.detail ? e.detail.errNo : undefined;
    if (st) st.services.feedback.toast((code !== undefined && COMPONENT_ERROR_TEXT[code]) || COMPONENT_ERROR_FALLBACK);
  },
});
