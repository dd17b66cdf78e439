// Home: create a room, join by room id, rejoin a recent room. Taps go to HomeStore; the page only
// carries out what the store answers (navigate / explain / toast).
import { appServices, type AppServices } from '../../services/runtime';
import { bindView, type ViewBinding } from '../../view/binding';
import { HomeStore } from '../../stores/home-store';
import { CALL_TEXT, HOME_TEXT } from '../../stores/messages';
import { callStoreFor } from '../shared/calls-app';
import { createSessionHistory } from '../../stores/session-records';
import { selectHomeView } from '../../view/home-view';
import { carryOut } from '../shared/outcome';

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
    const calls = services.configProblems.length ? null : services.calls;
    const callStore = calls ? callStoreFor(services) : null;
    const store = new HomeStore({
      tokenClient: services.tokenClient,
      tokenServiceMode: services.tokenServiceMode,
      history: createSessionHistory(services.storage),
      listCalls: calls ? calls.listCalls : null,
      myUserId: () => (callStore ? callStore.myUserId : null),
    });
    store.load();
    store.loadCalls();
    const callsView = calls ? { available: true, notify: calls.notices.available, devDial: services.tokenServiceMode === 'dev' } : null;
    states.set(this, { store, services, binding: bindView(this, () => selectHomeView(store, services.configProblems, callsView)) });
  },

  onShow() {
    // Back from a room: its session record is new.
    const st = states.get(this);
    if (st) {
      st.store.load();
      st.store.loadCalls();
    }
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

  /** 「开启来电提醒」: requestSubscribeMessage is only allowed inside this tap, so it is called right here. */
  handleSubscribe() {
    const st = states.get(this);
    const calls = st ? st.services.calls : null;
    if (!st || !calls) return;
    const feedback = st.services.feedback;
    calls.notices.subscribe().then((answer) => {
      if (answer === 'accept') feedback.toast(CALL_TEXT.notifyDone, 'success');
      else if (answer === 'reject' || answer === 'ban') feedback.toast(CALL_TEXT.notifyRefused);
      else feedback.toast(CALL_TEXT.notifyFailed);
    });
  },

  handleCallInput(e: HomeEvent) {
    const st = states.get(this);
    if (st) st.store.setCallInput((e && e.detail && e.detail.value) || '');
  },

  /** data-media="audio|video", and data-peer for a contact (else the typed userId). */
  handleDial(e: HomeEvent) {
    const st = states.get(this);
    const ds = e && e.currentTarget && e.currentTarget.dataset ? e.currentTarget.dataset : {};
    if (!st || st.services.configProblems.length) return;
    carryOut(st.services, st.store.dial(ds.media === 'audio' ? 'audio' : 'video', ds.peer));
  },

  handleOpenRecent(e: HomeEvent) {
    const st = states.get(this);
    const roomId = e && e.currentTarget && e.currentTarget.dataset ? e.currentTarget.dataset.roomId : undefined;
    if (st && roomId && !st.services.configProblems.length) carryOut(st.services, st.store.openRecent(roomId));
  },
});
