import type { AppServices } from '../../services/runtime';
import { readTokenExpiry } from '../../services/link-token';
import { inviteFromQuery } from '../../stores/invite';
import type { RoomDeps, TokenSource } from '../../stores/room-deps';

/** The link's invite, decoded once and filtered (see stores/invite.ts); undefined when absent or junk. */
export function inviteFrom(query: Record<string, string | undefined> | null | undefined): string | undefined {
  return inviteFromQuery(query ? query.invite : undefined);
}

/** Fresh tokens for renewal and rejoin, when a token service is configured. */
function tokenSourceFor(services: AppServices, invite: string | undefined): TokenSource | null {
  const client = services.tokenClient;
  if (!client) return null;
  return {
    fetchToken(roomId, userId) {
      const dev = services.tokenServiceMode === 'dev';
      return client
        .fetchToken({ roomId, ...(dev ? { userId } : {}), ...(invite ? { invite } : {}) })
        .then((r) => {
          // In Douyin mode the server derives the id; a different one would be someone else's token.
          if (r.userId !== userId || r.roomId !== roomId) throw new Error('token service returned a token for another user or room');
          return r.token;
        });
    },
  };
}

export function roomDeps(services: AppServices, query: Record<string, string | undefined> | null | undefined): RoomDeps {
  return {
    appId: services.appId,
    createRtcRoom: services.createRtcRoom,
    permissions: services.permissions,
    device: services.device,
    tokenSource: tokenSourceFor(services, inviteFrom(query)),
    configProblems: services.configProblems,
    sdkVersion: services.device.systemInfo().SDKVersion,
    readTokenExpiry,
  };
}
