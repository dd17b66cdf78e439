// POST /v1/invites: another invite for a room, shown an invite for it. A member invite may give out
// member or viewer invites; a viewer invite only viewer ones. The new invite expires with the old one,
// so handing invites on never extends anyone's access.
import type { FastifyInstance } from 'fastify';
import { createInvite, parseInvite } from '../auth/invite';
import { HttpError } from '../errors';
import { noteLog } from '../plugins/request-log';
import { errorResponses, InviteBody, InviteReply } from '../schemas';
import type { RouteContext } from './context';
import { requireValidInvite } from './token';

export function inviteRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: InviteBody; Reply: InviteReply }>(
      '/v1/invites',
      { schema: { body: InviteBody, response: { 200: InviteReply, ...errorResponses } } },
      async (request) => {
        const { roomId, invite, role } = request.body;
        const held = requireValidInvite(ctx, roomId, invite);
        if (held === 'viewer' && role === 'member') throw new HttpError(403, 'role_not_allowed', 'A viewer invite cannot create member invites');
        const parsed = parseInvite(invite);
        if (!parsed) throw new HttpError(403, 'invalid_invite', 'Invite is not valid for this room');
        noteLog(request, { roomId, role }, 'invite issued');
        return { roomId, role, invite: createInvite(ctx.config.inviteSecret, roomId, parsed.expireAt, role), inviteExpireAt: parsed.expireAt };
      },
    );
  };
}
