// App-wide calls wiring: one CallStore per services (so per simulated phone in tests), its socket
// started once, and the incoming-call page opened when a call rings. Pages and app.ts share it.
import { reaction } from 'mobx-miniprogram';
import type { AppServices } from '../../services/runtime';
import { CallStore } from '../../stores/call-store';
import { Presence } from '../../stores/presence';
import { incomingCallPath } from '../../stores/routes';
import { ignore } from '../../services/ignore';

const stores = new WeakMap<AppServices, CallStore>();
const presences = new WeakMap<AppServices, Presence>();

/**
 * "In a room" for this app (one per services, i.e. per tt: on a device that is the app, and each
 * simulated phone in a test has its own). The room page registers; the call store reads it.
 */
export function presenceFor(services: AppServices): Presence {
  let p = presences.get(services);
  if (!p) {
    p = new Presence();
    presences.set(services, p);
  }
  return p;
}

/** The call store for these services, started on first use; null without a calls service. */
export function callStoreFor(services: AppServices): CallStore | null {
  const calls = services.calls;
  if (!calls) return null;
  let store = stores.get(services);
  if (store) return store;
  const created = new CallStore({ socket: calls.socket, presence: presenceFor(services), devUserId: calls.devUserId });
  stores.set(services, created);
  store = created;
  reaction(
    () => created.incomingSeq,
    () => {
      const c = created.call;
      // If the incoming page cannot open (page stack full), the call still rings in the store and the
      // subscription notice opens it; the caller ends with 未接 after 30 s. Nothing to record here.
      if (c && c.direction === 'in' && c.phase === 'ringing') services.navigation.navigateTo(incomingCallPath(c.callId)).catch(ignore);
    },
  );
  calls.socket.start();
  return store;
}
