// Outgoing call: rings the callee from the query (callee, media), shows ringing / the outcome, and
// hands over to the room page once accepted. Leaving the page while it rings cancels the call.
import { reaction } from 'mobx-miniprogram';
import { appServices, type AppServices } from '../../services/runtime';
import { bindView, type ViewBinding } from '../../view/binding';
import type { CallStore } from '../../stores/call-store';
import { CALL_TEXT } from '../../stores/messages';
import { callRoomPath, HOME_PAGE } from '../../stores/routes';
import { selectCallView } from '../../view/call-view';
import { callStoreFor } from '../shared/calls-app';
import { ignore } from '../../services/ignore';

interface State {
  services: AppServices;
  store: CallStore | null;
  callId: string | null;
  binding: ViewBinding;
  stops: Array<() => void>;
}

const states = new WeakMap<object, State>();

Page({
  data: {},

  onLoad(query: Record<string, string | undefined>) {
    const services = appServices();
    const store = callStoreFor(services);
    const callee = query && query.callee ? decodeURIComponent(query.callee) : '';
    const media = query && query.media === 'audio' ? 'audio' : 'video';
    // Bad input: a clear refusal on the page, and no call.
    const refusal = store ? store.dial(callee, media) : CALL_TEXT.unavailable;
    const callId = !refusal && store && store.call ? store.call.callId : null;
    const st: State = { services, store, callId, stops: [], binding: bindView(this, () => selectCallView(store, { callId, peer: callee, media, refusal })) };
    states.set(this, st);
    if (store && callId) {
      st.stops.push(
        reaction(
          () => (store.call && store.call.callId === callId && store.call.phase === 'accepted' ? store.call.room : null),
          (room) => {
            if (!room) return;
            const me = store.myUserId || '';
            // Refused: the call page stays with its hang-up button; the other side's timeout ends it.
            services.navigation.redirectTo(callRoomPath(room.roomId, me, room.token, callId)).catch(ignore);
          },
        ),
      );
    }
  },

  onUnload() {
    const st = states.get(this);
    if (!st) return;
    states.delete(this);
    for (const s of st.stops) s();
    st.binding.dispose();
    const c = st.store ? st.store.call : null;
    if (st.store && c && c.callId === st.callId) {
      if (c.phase === 'inviting' || c.phase === 'ringing') st.store.cancel();
      else st.store.dismiss();
    }
  },

  handleCancel() {
    const st = states.get(this);
    if (st && st.store) st.store.cancel();
  },

  handleClose() {
    const st = states.get(this);
    if (!st) return;
    if (st.store) st.store.dismiss();
    // Refused: the user stays on the ended call and can tap again.
    st.services.navigation.reLaunch(HOME_PAGE).catch(ignore);
  },
});
