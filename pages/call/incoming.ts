// Incoming call: caller, audio or video, accept / decline, ringtone + vibration + screen kept on while
// it rings. Opened by the app when a call rings, or by a subscription notice with ?callId= (then the
// store asks the server where that call is: it rings, or 「通话已结束」).
import { reaction } from 'mobx-miniprogram';
import { appServices, type AppServices } from '../../services/runtime';
import { bindView, type ViewBinding } from '../../view/binding';
import type { CallStore, Media } from '../../stores/call-store';
import { callRoomPath, HOME_PAGE } from '../../stores/routes';
import { selectCallView } from '../../view/call-view';
import { callStoreFor } from '../shared/calls-app';
import { ignore } from '../../services/ignore';

interface State {
  services: AppServices;
  store: CallStore | null;
  callId: string;
  binding: ViewBinding;
  stops: Array<() => void>;
}

const states = new WeakMap<object, State>();

Page({
  data: {},

  onLoad(query: Record<string, string | undefined>) {
    const services = appServices();
    const store = callStoreFor(services);
    const callId = query && query.callId ? decodeURIComponent(query.callId) : '';
    if (store) store.openFromNotice(callId);
    // Once the store moves on to a later call, this page still names the caller it showed.
    let seen: { peer: string; media: Media } = { peer: '', media: 'audio' };
    const view = () => {
      const c = store && store.call;
      if (c && c.callId === callId) seen = { peer: c.peer, media: c.media };
      return selectCallView(store, { callId, peer: seen.peer, media: seen.media });
    };
    const st: State = { services, store, callId, stops: [], binding: bindView(this, view) };
    states.set(this, st);
    const calls = services.calls;
    if (!store || !calls) return;
    const mine = () => (store.call && store.call.callId === callId ? store.call : null);
    st.stops.push(
      reaction(
        () => {
          const c = mine();
          return !!c && c.direction === 'in' && c.phase === 'ringing' && c.asking !== 'accept';
        },
        (ring) => (ring ? calls.ringer.start() : calls.ringer.stop()),
        { fireImmediately: true },
      ),
      reaction(
        () => {
          const c = mine();
          return c && c.phase === 'accepted' ? c.room : null;
        },
        (room) => {
          if (!room) return;
          // Refused: the call page stays with its hang-up button; the other side's timeout ends it.
          services.navigation.redirectTo(callRoomPath(room.roomId, store.myUserId || '', room.token, callId)).catch(ignore);
        },
      ),
    );
  },

  onUnload() {
    const st = states.get(this);
    if (!st) return;
    states.delete(this);
    for (const s of st.stops) s();
    st.binding.dispose();
    if (st.services.calls) st.services.calls.ringer.stop();
    const c = st.store ? st.store.call : null;
    if (st.store && c && c.callId === st.callId) {
      // Backing out of a ringing call declines it rather than leaving the caller waiting 30 s.
      if (c.phase === 'ringing' && !c.asking) st.store.decline();
      else if (c.phase === 'ended' || c.phase === 'checking') st.store.dismiss();
    }
  },

  handleAccept() {
    const st = states.get(this);
    if (st && st.store) st.store.accept();
  },

  handleDecline() {
    const st = states.get(this);
    if (st && st.store) st.store.decline();
  },

  handleClose() {
    const st = states.get(this);
    if (!st) return;
    if (st.store) st.store.dismiss();
    // Refused: the user stays on the ended call and can tap again.
    st.services.navigation.reLaunch(HOME_PAGE).catch(ignore);
  },
});
