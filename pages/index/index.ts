// Home: create a room, join by room id, rejoin a recent room. Taps go to HomeStore; the page only
// carries out what the store answers (navigate / explain / toast).
import { appServices, type AppServices } from '../../services/runtime';
import { bindView, type ViewBinding } from '../../stores/binding';
import { HomeStore } from '../../stores/home-store';
import { HOME_TEXT } from '../../stores/messages';
import { createSessionHistory } from '../../stores/session-records';
import { selectHomeView } from './home-view';
import { carryOut } from './outcome';

interface HomeEvent {
  currentTarget?: { dataset?: Record<string, string | undefined> };
  detail?: { value?: string };
}

interface HomePageState {
  store: HomeStore;
  services: AppServices;
  binding: ViewBinding;
}

const states = new WeakMap<object, HomePageState>();

Page({
  data: {},

  onLoad() {
    const services = appServices();
    const store = new HomeStore({
      tokenClient: services.tokenClient,
      tokenServiceMode: services.tokenServiceMode,
      history: createSessionHistory(services.storage),
    });
    store.load();
    states.set(this, { store, services, binding: bindView(this, () => selectHomeView(store, services.configProblems)) });
  },

  onShow() {
    // Back from a room: its session record is new.
    const st = states.get(this);
    if (st) st.store.load();
  },

  onUnload() {
    const st = states.get(this);
    if (!st) return;
    states.delete(this);
    st.binding.dispose();
  },

  handleRoomIdInput(e: HomeEvent) {
    const st = states.get(this);
    if (st) st.store.setRoomIdInput((e && e.detail && e.detail.value) || '');
  },

  handleCreate() {
    const st = states.get(this);
    // Not configured: the page says what to fix; a tap must not start a request that can only fail.
    if (!st || st.store.creating || st.services.configProblems.length) return;
    const { store, services } = st;
    if (store.tokenService) services.feedback.showLoading(HOME_TEXT.creating);
    store.createRoom().then((outcome) => {
      if (store.tokenService) services.feedback.hideLoading();
      carryOut(services, outcome);
    });
  },

  handleJoin() {
    const st = states.get(this);
    if (st && !st.services.configProblems.length) carryOut(st.services, st.store.joinById());
  },

  handleOpenRecent(e: HomeEvent) {
    const st = states.get(this);
    const roomId = e && e.currentTarget && e.currentTarget.dataset ? e.currentTarget.dataset.roomId : undefined;
    if (st && roomId && !st.services.configProblems.length) carryOut(st.services, st.store.openRecent(roomId));
  },
});
