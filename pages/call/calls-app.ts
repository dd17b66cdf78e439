// App-wide calls wiring: one CallStore per services (so per simulated phone in tests), its socket
// started once, and the incoming-call page opened when a call rings. Pages and app.ts share it.
import { reaction } from 'mobx-miniprogram';
import type { AppServices } from '../../services/runtime';
import { CallStore } from '../../stores/call-store';
import { appPresence } from '../../stores/presence';
import { incomingCallPath } from '../../stores/routes';

const stores = new WeakMap<AppServices, CallStore>();

/** The call store for these services, started on first use; null without a calls service. */
export function callStoreFor(services: AppServices): CallStore | null {
  const calls = services.calls;
  if (!calls) return null;
  let store = stores.get(services);
  if (store) return store;
  const created = new CallStore({ socket: calls.socket, presence: appPresence, devUserId: calls.devUserId });
  stores.set(services, created);
  store = created;
  reaction(
    () => created.incomingSeq,
    () => {
      const c = created.call;
      if (c && c.direction === 'in' && c.phase === 'ringing') services.navigation.navigateTo(incomingCallPath(c.callId)).catch(() => undefined);
    },
  );
  calls.socket.start();
  return store;
}
