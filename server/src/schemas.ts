// Request/response schemas. Route types come from these via Static<>, never from parallel interfaces.
import { type Static, Type } from '@sinclair/typebox';

/** Volcengine ID rule (docs 6348/70114): 1..128 of a-z A-Z 0-9 @ . _ - */
export const ID_PATTERN = '^[a-zA-Z0-9@._-]{1,128}$';
/** `<expiry unix seconds>.<base64url HMAC>` (member) or `<expiry>.v.<HMAC>` (viewer); see auth/invite.ts. */
const INVITE_PATTERN = '^[0-9]{1,10}\\.(v\\.)?[A-Za-z0-9_-]{22}$';

const Id = Type.String({ pattern: ID_PATTERN, maxLength: 128 });
const Invite = Type.String({ pattern: INVITE_PATTERN, maxLength: 42 });
// Douyin does not document the code format; bound it instead of guessing a charset.
const LoginCode = Type.String({ minLength: 1, maxLength: 512 });
// No default: an absent role means "what the invite grants" (see routes/token.ts grantedRole).
const Role = Type.Union([Type.Literal('member'), Type.Literal('viewer')]);
const strict = { additionalProperties: false } as const;

export const DevTokenBody = Type.Object(
  { roomId: Id, userId: Id, role: Type.Optional(Role), invite: Type.Optional(Invite) },
  strict,
);
/**
 * invite is optional in the schema only so that a missing one is a 403 like a bad one.
 * role lets a logged-in user ask for less (viewer); it never grants more than the invite allows.
 */
export const DouyinTokenBody = Type.Object(
  { roomId: Id, code: LoginCode, invite: Type.Optional(Invite), role: Type.Optional(Role) },
  strict,
);
export type DevTokenBody = Static<typeof DevTokenBody>;
export type DouyinTokenBody = Static<typeof DouyinTokenBody>;
export type TokenBody = DevTokenBody | DouyinTokenBody;
export type Role = Static<typeof Role>;

export const TokenReply = Type.Object({
  appId: Type.String(),
  roomId: Type.String(),
  userId: Type.String(),
  token: Type.String(),
  expireAt: Type.Integer(),
});
export type TokenReply = Static<typeof TokenReply>;

export const DevCreateRoomBody = Type.Object({}, strict);
export const DouyinCreateRoomBody = Type.Object({ code: LoginCode }, strict);
export type CreateRoomBody = Static<typeof DevCreateRoomBody> | Static<typeof DouyinCreateRoomBody>;

export const RoomReply = Type.Object({
  roomId: Type.String(),
  /** Lets people speak (member tokens). */
  invite: Type.String(),
  /** Lets people watch only (subscribe-only tokens); cannot be upgraded. */
  viewerInvite: Type.String(),
  inviteExpireAt: Type.Integer(),
});
export type RoomReply = Static<typeof RoomReply>;

/** POST /v1/invites: another invite for the same room, never with more rights than the one shown. */
export const InviteBody = Type.Object({ roomId: Id, invite: Invite, role: Role }, strict);
export type InviteBody = Static<typeof InviteBody>;
export const InviteReply = Type.Object({ roomId: Type.String(), invite: Type.String(), role: Type.String(), inviteExpireAt: Type.Integer() });
export type InviteReply = Static<typeof InviteReply>;

export const ErrorReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});
export type ErrorReply = Static<typeof ErrorReply>;

export const HealthReply = Type.Object({
  status: Type.Literal('ok'),
  mode: Type.String(),
  /** Present when state is shared through Redis. */
  state: Type.Optional(Type.Literal('redis')),
});
export type HealthReply = Static<typeof HealthReply>;

export const errorResponses = { '4xx': ErrorReply, '5xx': ErrorReply } as const;
