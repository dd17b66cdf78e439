// POST /v1/rooms: a fresh random roomId plus a signed invite that lets others ask for tokens for it.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createInvite } from '../auth/invite';
import { type CreateRoomBody, DevCreateRoomBody, DouyinCreateRoomBody, errorResponses, RoomReply } from '../schemas';
import { noteLog } from '../plugins/request-log';
import type { RouteContext } from './context';

export function roomRoutes(ctx: RouteContext) {
  const douyinMode = ctx.config.mode === 'douyin';
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: CreateRoomBody; Reply: RoomReply }>(
      '/v1/rooms',
      {
        schema: {
          body: douyinMode ? DouyinCreateRoomBody : DevCreateRoomBody,
          response: { 200: RoomReply, ...errorResponses },
        },
        // Dev mode allows a bare POST with no body; validation then still rejects unknown fields.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
      },
      async (request) => {
        // Only a logged-in Douyin user may open rooms in production.
        if ('code' in request.body) {
          const userId = await ctx.loginUserId(request.body.code, request);
          await app.limitCaller(request, userId);
        }
        // 12 random bytes: unguessable, 16 chars, inside the RTC ID charset.
        const roomId = 'r' + randomBytes(12).toString('base64url');
        const inviteExpireAt = ctx.now() + ctx.config.inviteTtlSeconds;
        noteLog(request, { roomId }, 'room created');
        const secret = ctx.config.inviteSecret;
        return {
          roomId,
          invite: createInvite(secret, roomId, inviteExpireAt, 'member'),
          viewerInvite: createInvite(secret, roomId, inviteExpireAt, 'viewer'),
          inviteExpireAt,
        };
      },
    );
  };
}
