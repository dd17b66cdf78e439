// POST /v1/rtc/token: authorise (room, caller, role), then mint.
import type { FastifyInstance } from 'fastify';
import { checkInvite, parseInvite, type InviteRole } from '../auth/invite';
import { HttpError } from '../errors';
import { mintRoomToken } from '../mint';
import { DevTokenBody, DouyinTokenBody, errorResponses, type TokenBody, TokenReply } from '../schemas';
import { noteLog } from '../plugins/request-log';
import type { RouteContext } from './context';

/** 403 unless the invite is valid for this room; shared by both modes. Returns the role it grants. */
export function requireValidInvite(ctx: RouteContext, roomId: string, invite: string): InviteRole {
  const result = checkInvite(ctx.config.inviteSecret, roomId, invite, ctx.now());
  if (result === 'expired') throw new HttpError(403, 'invite_expired', 'Invite has expired; ask for a new one');
  if (result !== 'ok') throw new HttpError(403, 'invalid_invite', 'Invite is not valid for this room');
  const parsed = parseInvite(invite);
  return parsed ? parsed.role : 'viewer';
}

/** The role to mint: what was asked for, never more than the invite grants (a viewer invite stays viewer). */
function grantedRole(asked: InviteRole | undefined, invited: InviteRole | null): InviteRole {
  if (invited === 'viewer' && asked === 'member') throw new HttpError(403, 'role_not_allowed', 'This invite only lets you watch');
  if (invited === 'viewer') return 'viewer';
  return asked ?? 'member';
}

export function tokenRoutes(ctx: RouteContext) {
  const douyinMode = ctx.config.mode === 'douyin';
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: TokenBody; Reply: TokenReply }>(
      '/v1/rtc/token',
      { schema: { body: douyinMode ? DouyinTokenBody : DevTokenBody, response: { 200: TokenReply, ...errorResponses } } },
      async (request) => {
        const body = request.body;
        let userId: string;
        let invited: InviteRole | null = null;
        if ('code' in body) {
          // Invite before login: a bad link must not burn the user's single-use login code.
          if (body.invite === undefined) {
            throw new HttpError(403, 'invite_required', 'An invite for this room is required');
          }
          invited = requireValidInvite(ctx, body.roomId, body.invite);
          userId = await ctx.loginUserId(body.code, request);
        } else {
          if (body.invite !== undefined) invited = requireValidInvite(ctx, body.roomId, body.invite);
          userId = body.userId;
        }
        const role = grantedRole(body.role, invited);
        await app.limitCaller(request, userId);
        const reply = mintRoomToken(ctx.config, { roomId: body.roomId, userId, role }, ctx.now());
        noteLog(request, { roomId: reply.roomId, userId, role }, 'token issued');
        return reply;
      },
    );
  };
}
