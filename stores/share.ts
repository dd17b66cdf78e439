// What an invitation from the room shares. Never the user's own token: tokens are bound to one
// userId, and a second person joining with it would kick the sharer out (duplicate login).
import { action, makeObservable, observable } from 'mobx-miniprogram';
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

export type InviteRole = 'member' | 'viewer';

/** The role an invite grants, read from its form (`<expiry>.v.<sig>` = viewer); the server checks the signature. */
export function inviteRole(invite: string): InviteRole {
  return /^[0-9]{1,10}\.v\./.test(invite) ? 'viewer' : 'member';
}

export function shareInfo(roomId: string, invite: string | undefined, tokenService: boolean, role: InviteRole = 'member'): ShareInfo {
  if (tokenService && invite && roomId) {
    const title = role === 'viewer' ? SHARE_TEXT.viewerTitle(roomId) : SHARE_TEXT.title(roomId);
    return { canInvite: true, title, path: prejoinPath(roomId, invite), reason: null };
  }
  return {
    canInvite: false,
    title: SHARE_TEXT.homeTitle,
    // The card still opens the app, on the home page, where the situation is explained.
    path: HOME_PAGE,
    reason: tokenService ? SHARE_TEXT.unavailableNoInvite : SHARE_TEXT.unavailableNoService,
  };
}

/**
 * The invitation sheet: 「邀请发言」 shares a member invite, 「邀请观看」 a viewer one. A member invite
 * can have a viewer invite made from it (token service); a viewer invite only ever shares itself.
 */
export class InviteSheet {
  open = false;
  member: string | undefined = undefined;
  viewer: string | undefined = undefined;

  constructor(invite: string | undefined) {
    if (invite && inviteRole(invite) === 'viewer') this.viewer = invite;
    else this.member = invite;
    makeObservable(this, { open: observable, member: observable, viewer: observable, show: action, hide: action, setViewer: action });
  }

  show(): void {
    this.open = true;
  }

  hide(): void {
    this.open = false;
  }

  setViewer(invite: string): void {
    if (inviteRole(invite) === 'viewer') this.viewer = invite;
  }

  /** The invite for a role, if this room has one. */
  inviteFor(role: InviteRole): string | undefined {
    return role === 'viewer' ? this.viewer : this.member;
  }
}
