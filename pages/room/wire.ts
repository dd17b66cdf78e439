import type { AppServices } from '../../services/runtime';
import { readTokenExpiry } from '../../services/link-token';
import { inviteFromQuery } from '../../stores/invite';
import type { RoomDeps, TokenSource } from '../../stores/room-deps';
import type { RoomStore } from '../../stores/room-store';
import { SessionRecorder } from '../../stores/session-recorder';
import { createSessionHistory } from '../../stores/session-records';
import { InviteSheet, shareInfo } from '../../stores/share';
import type { ViewSection } from '../../view/binding';
import { DiagnosticsSheet } from '../../view/diagnostics';
import type { RoomExtras } from '../../view/room-extras';
import { screenOf } from '../../view/room-layout';
import { RoomUiState } from '../../view/room-ui';
import { roomViewSections } from '../../view/room-view';

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

/** What the room page attaches to its store besides the store itself (also built by the bench, so it measures this page). */
export interface RoomPageParts {
  recorder: SessionRecorder;
  sheet: DiagnosticsSheet;
  invites: InviteSheet;
  ui: RoomUiState;
  canInvite: boolean;
  /** The page's data, section by section (bindSections); selectRoomView(store, extras) is all of it. */
  sections: ViewSection[];
  extras: RoomExtras;
}

/**
 * The recorder must exist before store.open() (it sees the session from its first phase); the sections
 * read the store, the recap, the sheets and the page's UI state.
 */
export function roomPageParts(
  store: RoomStore,
  services: AppServices,
  invite: string | undefined,
  callId: string | undefined,
  open: () => void,
): RoomPageParts {
  const recorder = new SessionRecorder(store, createSessionHistory(services.storage), {
    ...(invite ? { invite } : {}),
    ...(callId ? { callId } : {}),
  });
  const sheet = new DiagnosticsSheet();
  open();
  const canInvite = shareInfo(store.roomId, invite, services.tokenClient !== null).canInvite;
  const invites = new InviteSheet(invite);
  const ui = new RoomUiState(screenOf(services.device.systemInfo()));
  ui.tick(Date.now());
  const extras: RoomExtras = { recorder, sheet, canInvite, invites, ui };
  return { recorder, sheet, invites, ui, canInvite, extras, sections: roomViewSections(store, extras) };
}
