// POST /v1/rtc/token: authorise (room, caller, role), then mint.
import type { FastifyInstance } from 'fastify';
import { checkInvite } from '../auth/invite';
import { HttpError } from '../errors';
import { mintRoomToken } from '../mint';
import { DevTokenBody, DouyinTokenBody, errorResponses, type TokenBody, TokenReply } from '../schemas';
import { noteLog } from '../plugins/request-log';
import type { RouteContext } from './context';

/** 403 unless the invite is valid for this room; shared by both modes. */
export function requireValidInvite(ctx: RouteContext, roomId: string, invite: string): void {
  const result = checkInvite(ctx.config.inviteSecret, roomId, invite, ctx.now());
  if (result === 'expired') throw new HttpError(403, 'invite_expired', 'Invite has expired; ask for a new one');
  if (result !== 'ok') throw new HttpError(403, 'invalid_invite', 'Invite is not valid for this room');
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
        if ('code' in body) {
          // Invite before login: a bad link must not burn the user's single-use login code.
          if (body.invite === undefined) {
            throw new HttpError(403, 'invite_required', 'An invite for this room is required');
          }
          requireValidInvite(ctx, body.roomId, body.invite);
          userId = await ctx.loginUserId(body.code, request);
        } else {
          if (douyinMode) throw new HttpError(400, 'invalid_request', 'body must have property code');
          if (body.invite !== undefined) requireValidInvite(ctx, body.roomId, body.invite);
          userId = body.userId;
        }
        await app.limitCaller(request, userId);
        const reply = mintRoomToken(ctx.config, { roomId: body.roomId, userId, role: body.role ?? 'member' }, ctx.now());
        noteLog(request, { roomId: reply.roomId, userId, role: body.role ?? 'member' }, 'token issued');
        return reply;
      },
    );
  };
}
