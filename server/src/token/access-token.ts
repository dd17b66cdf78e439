// Volcengine RTC AccessToken, version "001": "001" + appId(24) + base64(u16 len ‖ msg ‖ u16 len ‖ HMAC-SHA256(appKey, msg)), little-endian (server/README.md).
// token = "001" + appId(24 chars) + base64std(u16 len ‖ msg ‖ u16 len ‖ HMAC-SHA256(appKey, msg))
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

const TOKEN_VERSION = '001';
const APP_ID_LENGTH = 24;
const SIGNATURE_LENGTH = 32;
const U32_MAX = 0xffffffff;

/** Privilege ids as the RTC server knows them. Only PublishStream and SubscribeStream are public. */
export const Privilege = {
  PublishStream: 0,
  PublishAudioStream: 1,
  PublishVideoStream: 2,
  PublishDataStream: 3,
  SubscribeStream: 4,
} as const;

export interface AccessTokenInit {
  appId: string;
  appKey: string;
  roomId: string;
  userId: string;
  /** Fixed only by tests; otherwise a fresh random u32 per token. */
  nonce?: number;
  /** Unix seconds; defaults to the current time. */
  issuedAt?: number;
}

function assertU32(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > U32_MAX) {
    throw new RangeError(`${what} must be an integer in [0, 2^32-1], got ${value}`);
  }
}

function assertU16Length(bytes: number, what: string): void {
  if (bytes > 0xffff) throw new RangeError(`${what} is longer than 65535 UTF-8 bytes`);
}

/** Writes the signed message. Size is computed up front so the buffer is exact (no fixed 1024). */
export function packMessage(fields: {
  nonce: number;
  issuedAt: number;
  expireAt: number;
  roomId: string;
  userId: string;
  privileges: ReadonlyMap<number, number>;
}): Buffer {
  const roomLen = Buffer.byteLength(fields.roomId, 'utf8');
  const userLen = Buffer.byteLength(fields.userId, 'utf8');
  assertU16Length(roomLen, 'roomId');
  assertU16Length(userLen, 'userId');
  // Ascending keys: verifiers re-pack the parsed map in ascending order (vector rejects/unsorted-privilege-keys).
  const keys = [...fields.privileges.keys()].sort((a, b) => a - b);
  const buf = Buffer.allocUnsafe(12 + 2 + roomLen + 2 + userLen + 2 + keys.length * 6);
  let o = buf.writeUInt32LE(fields.nonce, 0);
  o = buf.writeUInt32LE(fields.issuedAt, o);
  o = buf.writeUInt32LE(fields.expireAt, o);
  o = buf.writeUInt16LE(roomLen, o);
  o += buf.write(fields.roomId, o, 'utf8');
  o = buf.writeUInt16LE(userLen, o);
  o += buf.write(fields.userId, o, 'utf8');
  o = buf.writeUInt16LE(keys.length, o);
  for (const k of keys) {
    o = buf.writeUInt16LE(k, o);
    o = buf.writeUInt32LE(fields.privileges.get(k) ?? 0, o);
  }
  return buf;
}

export function signMessage(appKey: string, msg: Buffer): Buffer {
  // The console's appKey is used as an ASCII string, not hex-decoded.
  return createHmac('sha256', appKey).update(msg).digest();
}

export class AccessToken {
  readonly appId: string;
  readonly roomId: string;
  readonly userId: string;
  nonce: number;
  issuedAt: number;
  /** Absolute unix seconds; 0 = no token-level expiry. */
  expireAt = 0;
  readonly privileges = new Map<number, number>();
  private readonly appKey: string;

  constructor(init: AccessTokenInit) {
    // No length prefix is written for appId: every parser slices exactly 24 characters.
    if (init.appId.length !== APP_ID_LENGTH || Buffer.byteLength(init.appId) !== APP_ID_LENGTH) {
      throw new RangeError(`appId must be exactly ${APP_ID_LENGTH} ASCII characters`);
    }
    this.appId = init.appId;
    this.appKey = init.appKey;
    this.roomId = init.roomId;
    this.userId = init.userId;
    this.nonce = init.nonce ?? randomInt(1, 2 ** 32);
    this.issuedAt = init.issuedAt ?? Math.floor(Date.now() / 1000);
    assertU32(this.nonce, 'nonce');
    assertU32(this.issuedAt, 'issuedAt');
  }

  /** Publish (0) also grants audio/video/data (1..3) with the same expiry, as every reference does. */
  addPrivilege(privilege: number, expireTs: number): this {
    if (!Number.isInteger(privilege) || privilege < 0 || privilege > 0xffff) {
      throw new RangeError(`privilege id must be a u16, got ${privilege}`);
    }
    assertU32(expireTs, 'privilege expiry');
    this.privileges.set(privilege, expireTs);
    if (privilege === Privilege.PublishStream) {
      this.privileges.set(Privilege.PublishAudioStream, expireTs);
      this.privileges.set(Privilege.PublishVideoStream, expireTs);
      this.privileges.set(Privilege.PublishDataStream, expireTs);
    }
    return this;
  }

  /** Absolute unix seconds (not a duration). */
  expireTime(expireAt: number): this {
    assertU32(expireAt, 'expireAt');
    this.expireAt = expireAt;
    return this;
  }

  message(): Buffer {
    return packMessage(this);
  }

  serialize(): string {
    const msg = this.message();
    const sig = signMessage(this.appKey, msg);
    const content = Buffer.allocUnsafe(2 + msg.length + 2 + sig.length);
    let o = content.writeUInt16LE(msg.length, 0);
    o += msg.copy(content, o);
    o = content.writeUInt16LE(sig.length, o);
    sig.copy(content, o);
    return TOKEN_VERSION + this.appId + content.toString('base64');
  }
}

export interface ParsedAccessToken {
  appId: string;
  nonce: number;
  issuedAt: number;
  expireAt: number;
  roomId: string;
  userId: string;
  /** Ascending by id; duplicate ids in the wire form: last wins (as in the references). */
  privileges: Map<number, number>;
  signature: Buffer;
}

const BASE64_STD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

class Reader {
  private o = 0;
  constructor(private readonly buf: Buffer) {}
  private need(n: number): void {
    if (this.o + n > this.buf.length) throw new RangeError('truncated token');
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.o);
    this.o += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.o);
    this.o += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.o, this.o + n);
    this.o += n;
    return v;
  }
}

/** Returns null for anything that is not a well-formed "001" token. Never throws. */
export function parseAccessToken(token: string): ParsedAccessToken | null {
  if (typeof token !== 'string' || token.length <= 3 + APP_ID_LENGTH) return null;
  if (!token.startsWith(TOKEN_VERSION)) return null;
  const b64 = token.slice(3 + APP_ID_LENGTH);
  // Node's base64 decoder silently skips junk; be as strict as Go's StdEncoding instead.
  if (!BASE64_STD.test(b64)) return null;
  try {
    const content = new Reader(Buffer.from(b64, 'base64'));
    const msg = new Reader(content.bytes(content.u16()));
    const signature = content.bytes(content.u16());
    // Like the references: bytes after the signature (and after the map in msg) are ignored.
    const nonce = msg.u32();
    const issuedAt = msg.u32();
    const expireAt = msg.u32();
    const roomId = msg.bytes(msg.u16()).toString('utf8');
    const userId = msg.bytes(msg.u16()).toString('utf8');
    const count = msg.u16();
    const unsorted = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const id = msg.u16();
      unsorted.set(id, msg.u32());
    }
    const privileges = new Map([...unsorted.entries()].sort((a, b) => a[0] - b[0]));
    return {
      appId: token.slice(3, 3 + APP_ID_LENGTH),
      nonce,
      issuedAt,
      expireAt,
      roomId,
      userId,
      privileges,
      signature: Buffer.from(signature),
    };
  } catch {
    return null;
  }
}

/**
 * Reference semantics: expired only when now > expireAt (> 0); the message is re-packed from the
 * parsed fields and HMACed. Unlike Node's token.js the signatures are compared as raw bytes.
 * Not checked (same as every reference): appId (unsigned) and per-privilege expiry.
 */
export function verifyAccessToken(parsed: ParsedAccessToken, appKey: string, nowSeconds: number): boolean {
  if (parsed.expireAt > 0 && nowSeconds > parsed.expireAt) return false;
  if (parsed.signature.length !== SIGNATURE_LENGTH) return false;
  const expected = signMessage(appKey, packMessage(parsed));
  return timingSafeEqual(expected, parsed.signature);
}

/** parse + verify in one call; false for malformed tokens. */
export function verifyToken(token: string, appKey: string, nowSeconds: number): boolean {
  const parsed = parseAccessToken(token);
  return parsed !== null && verifyAccessToken(parsed, appKey, nowSeconds);
}
