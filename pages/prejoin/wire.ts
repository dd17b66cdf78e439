// How the pre-join page builds its store from the app's services. The tests build it the same way, so
// they exercise the store exactly as the page wires it.
import { createIdentity } from '../../services/identity';
import { readTokenExpiry } from '../../services/link-token';
import type { AppServices } from '../../services/runtime';
import type { PrejoinDeps } from '../../stores/prejoin-store';

export function prejoinDeps(services: AppServices): PrejoinDeps {
  const identity = createIdentity(services.storage);
  return {
    appId: services.appId,
    createRtcRoom: services.createRtcRoom,
    permissions: services.permissions,
    device: services.device,
    tokenClient: services.tokenClient,
    tokenServiceMode: services.tokenServiceMode,
    configProblems: services.configProblems,
    deviceUserId: () => identity.deviceUserId(),
    readTokenExpiry,
  };
}
