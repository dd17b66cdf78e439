// What an invitation from the room shares. Never the user's own token: tokens are bound to one
// userId, and a second person joining with it would kick the sharer out (duplicate login).
import { SHARE_TEXT } from './messages';
import { HOME_PAGE, prejoinPath } from './routes';

export interface ShareInfo {
  /** True when the share card lets the recipient in (token service + invite for this room). */
  canInvite: boolean;
  title: string;
  path: string;
  /** Why inviting is not possible (shown in a dialog), when it is not. */
  reason: string | null;
}

export function shareInfo(roomId: string, invite: string | undefined, tokenService: boolean): ShareInfo {
  if (tokenService && invite && roomId) {
    return { canInvite: true, title: SHARE_TEXT.title(roomId), path: prejoinPath(roomId, invite), reason: null };
  }
  return {
    canInvite: false,
    title: SHARE_TEXT.homeTitle,
    // The card still opens the app, on the home page, where the situation is explained.
    path: HOME_PAGE,
    reason: tokenService ? SHARE_TEXT.unavailableNoInvite : SHARE_TEXT.unavailableNoService,
  };
}
