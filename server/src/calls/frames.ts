// Client → server frames (docs/calls.md), checked with compiled TypeBox schemas. Fields not listed
// are ignored; a wrong or missing listed field is bad_request.
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ID_PATTERN } from '../schemas';

const MAX_FRAME_BYTES = 4096;
/** ws closes the socket (1009) above this; between the two the client gets too_large. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

const CALL_ID_PATTERN = '^[A-Za-z0-9_-]{8,64}$';
const DEVICE_ID_PATTERN = '^[A-Za-z0-9_.:-]{1,64}$';

const MsgId = Type.Optional(Type.String({ minLength: 1, maxLength: 64 }));
const CallId = Type.String({ pattern: CALL_ID_PATTERN });
const MediaT = Type.Union([Type.Literal('audio'), Type.Literal('video')]);

const Hello = Type.Object({
  type: Type.Literal('hello'),
  id: MsgId,
  deviceId: Type.String({ pattern: DEVICE_ID_PATTERN }),
  auth: Type.Object({
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    userId: Type.Optional(Type.String({ pattern: ID_PATTERN, maxLength: 128 })),
  }),
});
const Invite = Type.Object({
  type: Type.Literal('invite'),
  id: MsgId,
  callId: CallId,
  callee: Type.String({ pattern: ID_PATTERN, maxLength: 128 }),
  media: MediaT,
});
const Simple = (t: string) => Type.Object({ type: Type.Literal(t), id: MsgId, callId: CallId });
const MediaFrame = Type.Object({ type: Type.Literal('media'), id: MsgId, callId: CallId, media: MediaT });
const Ping = Type.Object({ type: Type.Literal('ping'), id: MsgId });

const schemas = {
  hello: Hello,
  invite: Invite,
  accept: Simple('accept'),
  decline: Simple('decline'),
  busy: Simple('busy'),
  cancel: Simple('cancel'),
  hangup: Simple('hangup'),
  media: MediaFrame,
  ping: Ping,
  query: Simple('query'),
} as const;

type FrameType = keyof typeof schemas;
type HelloFrame = Static<typeof Hello>;
type InviteFrame = Static<typeof Invite>;
type ActionFrame = Static<ReturnType<typeof Simple>> & { type: 'accept' | 'decline' | 'busy' | 'cancel' | 'hangup' };
type MediaFrameT = Static<typeof MediaFrame>;
type QueryFrame = Static<ReturnType<typeof Simple>> & { type: 'query' };
export type ClientFrame = HelloFrame | InviteFrame | ActionFrame | MediaFrameT | QueryFrame | Static<typeof Ping>;

const checkers = Object.fromEntries(
  Object.entries(schemas).map(([k, s]) => [k, TypeCompiler.Compile(s as TSchema)]),
) as Record<FrameType, ReturnType<typeof TypeCompiler.Compile>>;

export type ParseResult =
  | { ok: true; frame: ClientFrame }
  | { ok: false; code: 'bad_frame' | 'too_large' | 'unknown_type' | 'bad_request'; id?: string };

export function parseFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): ParseResult {
  if (isBinary) return { ok: false, code: 'bad_frame' };
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  if (buf.length > MAX_FRAME_BYTES) return { ok: false, code: 'too_large' };
  let value: unknown;
  try {
    value = JSON.parse(buf.toString('utf8'));
  } catch {
    return { ok: false, code: 'bad_frame' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, code: 'bad_frame' };
  const rec = value as Record<string, unknown>;
  // The id is echoed only when it is a well-formed id (never arbitrary client text).
  const id = typeof rec.id === 'string' && /^[\x21-\x7e]{1,64}$/.test(rec.id) ? rec.id : undefined;
  const idPart = id !== undefined ? { id } : {};
  if (typeof rec.type !== 'string') return { ok: false, code: 'bad_request', ...idPart };
  if (!Object.hasOwn(checkers, rec.type)) return { ok: false, code: 'unknown_type', ...idPart };
  const checker = checkers[rec.type as FrameType];
  if (!checker.Check(value) || (rec.id !== undefined && id === undefined)) return { ok: false, code: 'bad_request', ...idPart };
  return { ok: true, frame: value as ClientFrame };
}
