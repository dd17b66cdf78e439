// Pre-join: runs the checks in PrejoinStore, shows a camera preview, then hands over to the room
// with the user's mic/camera choice. Opened by the home page and by invitation cards.
import { appServices, type AppServices } from '../../services/runtime';
import { bindView, type ViewBinding } from '../../view/binding';
import { PREJOIN_TEXT } from '../../stores/messages';
import { PrejoinStore } from '../../stores/prejoin-store';
import { prejoinDeps } from './wire';
import { HOME_PAGE } from '../../stores/routes';
import { roomTitle } from '../../stores/room-title';
import { observable, reaction, runInAction } from 'mobx-miniprogram';
import { selectPrejoinView } from '../../view/prejoin-view';
import { ignore } from '../../services/ignore';

interface PrejoinEvent {
  detail?: { errNo?: number; errMsg?: string };
}

interface PrejoinPageState {
  store: PrejoinStore;
  services: AppServices;
  binding: ViewBinding;
  shownOnce: boolean;
  leaving: boolean;
  stopTitle: () => void;
  /** The check list under the one-line summary is open. */
  details: { open: boolean };
}

const states = new WeakMap<object, PrejoinPageState>();

/** Must run inside the tap (platform rule), so no await before it. */
function openSettings(st: PrejoinPageState): void {
  st.services.permissions
    .openSettings()
    .then(() => st.store.recheckPermissions())
    // A refused settings page changes nothing: the checks still show the refusal and the button.
    .catch(ignore);
}

Page({
  data: {},

  onLoad(query: Record<string, string | undefined>) {
    const services = appServices();
    const store = new PrejoinStore(prejoinDeps(services));
    const details = observable({ open: false });
    const binding = bindView(this, () => selectPrejoinView(store, details.open));
    // Where am I: the room's name in the navigation bar once the link names a valid room.
    const stopTitle = reaction(
      () => store.roomId,
      (id) => {
        if (id) services.navigation.setTitle(roomTitle(id));
      },
      { fireImmediately: true },
    );
    states.set(this, { store, services, binding, shownOnce: false, leaving: false, stopTitle, details });
    store.start(query);
  },

  onShow() {
    const st = states.get(this);
    if (!st) return;
    if (!st.shownOnce) {
      st.shownOnce = true;
      return;
    }
    // Back from the settings page or the background: permissions may have changed.
    st.store.recheckPermissions();
  },

  onUnload() {
    const st = states.get(this);
    if (!st) return;
    states.delete(this);
    st.stopTitle();
    st.binding.dispose();
    st.store.release();
  },

  handleToggleDetails() {
    const st = states.get(this);
    if (st) runInAction(() => (st.details.open = !st.details.open));
  },

  handleToggleMic() {
    const st = states.get(this);
    if (!st) return;
    // Locked (refused): the one tap that can fix it.
    if (st.store.permissions && st.store.permissions.mic === 'refused') return openSettings(st);
    st.store.setMic(!st.store.micOn);
  },

  handleToggleCamera() {
    const st = states.get(this);
    if (!st) return;
    if (st.store.permissions && st.store.permissions.camera === 'refused') return openSettings(st);
    st.store.setCamera(!st.store.cameraOn);
  },

  handleOpenSettings() {
    const st = states.get(this);
    if (st) openSettings(st);
  },

  handleRetry() {
    const st = states.get(this);
    if (st) st.store.retryToken();
  },

  handleJoin() {
    const st = states.get(this);
    if (!st || st.leaving) return;
    st.leaving = true;
    const { services } = st;
    st.store.leaveForRoom().then((url) => {
      if (!url) {
        st.leaving = false;
        return;
      }
      // redirectTo: back from the room goes home, not to a stale check page.
      services.navigation.redirectTo(url).catch(() => {
        st.leaving = false;
      });
    });
  },

  handleBackHome() {
    const st = states.get(this);
    // Refused: the user stays here and can tap again.
    if (st) st.services.navigation.reLaunch(HOME_PAGE).catch(ignore);
  },

  onPreviewError(e: PrejoinEvent) {
    const st = states.get(this);
    if (!st) return;
    st.store.onPreviewError(e && e.detail ? e.detail.errNo : undefined);
    st.services.feedback.toast(PREJOIN_TEXT.previewFailed);
  },
});
