// Reads a Volcengine RTC "001" token on the client, without the key (so: no signature check).
// Used to show when a link token expires and which room/user it is bound to before joining.
// Layout: "001" + appId(24) + base64std(u16 len ‖ msg ‖ u16 len ‖ sig), little-endian (server/src/token).
// No Buffer, atob or TextDecoder: the mini-program runtime is not guaranteed to have them.

export interface TokenInfo {
  appId: string;
  roomId: string;
  userId: string;
  issuedAt: number;
  /** Unix seconds; 0 = no token-level expiry. */
  expireAt: number;
  /** Privilege id -> expiry (unix seconds, 0 = none). 0..3 publish, 4 subscribe. */
  privileges: { [id: number]: number };
}

const VERSION = '001';
const APP_ID_LENGTH = 24;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 with padding (as the token uses); null if malformed. */
export function decodeBase64(input: string): Uint8Array | null {
  if (!STRICT_BASE64.test(input)) return null;
  const pad = input.endsWith('==') ? 2 : input.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((input.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < input.length; i += 4) {
    const n =
      (ALPHABET.indexOf(input.charAt(i)) << 18) |
      (ALPHABET.indexOf(input.charAt(i + 1)) << 12) |
      ((input.charAt(i + 2) === '=' ? 0 : ALPHABET.indexOf(input.charAt(i + 2))) << 6) |
      (input.charAt(i + 3) === '=' ? 0 : ALPHABET.indexOf(input.charAt(i + 3)));
    if (o < out.length) out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

/** Strict UTF-8 (no overlongs, no surrogates); null on any invalid sequence. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  let s = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i];
    let cp: number;
    let extra: number;
    let min: number;
    if (b0 < 0x80) {
      cp = b0;
      extra = 0;
      min = 0;
    } else if (b0 >= 0xc2 && b0 < 0xe0) {
      cp = b0 & 0x1f;
      extra = 1;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 < 0xf0) {
      cp = b0 & 0x0f;
      extra = 2;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 < 0xf5) {
      cp = b0 & 0x07;
      extra = 3;
      min = 0x10000;
    } else {
      return null;
    }
    for (let k = 1; k <= extra; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    s += String.fromCodePoint(cp);
    i += extra + 1;
  }
  return s;
}

/** Little-endian reader that fails (returns null via the caller) instead of reading past the end. */
class Reader {
  private o = 0;
  constructor(private readonly b: Uint8Array) {}
  ok(n: number): boolean {
    return this.o + n <= this.b.length;
  }
  u16(): number | null {
    if (!this.ok(2)) return null;
    const v = this.b[this.o] | (this.b[this.o + 1] << 8);
    this.o += 2;
    return v;
  }
  u32(): number | null {
    if (!this.ok(4)) return null;
    // >>> 0 keeps values above 2^31 positive.
    const v = (this.b[this.o] | (this.b[this.o + 1] << 8) | (this.b[this.o + 2] << 16) | (this.b[this.o + 3] << 24)) >>> 0;
    this.o += 4;
    return v;
  }
  bytes(n: number | null): Uint8Array | null {
    if (n === null || !this.ok(n)) return null;
    const v = this.b.subarray(this.o, this.o + n);
    this.o += n;
    return v;
  }
}

/** Fields of a "001" token, or null for anything malformed. Never throws; does not verify the signature. */
export function readTokenInfo(token: unknown): TokenInfo | null {
  if (typeof token !== 'string' || token.length <= VERSION.length + APP_ID_LENGTH) return null;
  if (token.slice(0, VERSION.length) !== VERSION) return null;
  const content = decodeBase64(token.slice(VERSION.length + APP_ID_LENGTH));
  if (!content) return null;
  const outer = new Reader(content);
  const msgBytes = outer.bytes(outer.u16());
  const sig = outer.bytes(outer.u16());
  if (!msgBytes || !sig) return null;

  const msg = new Reader(msgBytes);
  msg.u32(); // nonce: meaningless to the client
  const issuedAt = msg.u32();
  const expireAt = msg.u32();
  const roomBytes = msg.bytes(msg.u16());
  const userBytes = msg.bytes(msg.u16());
  const count = msg.u16();
  if (issuedAt === null || expireAt === null || !roomBytes || !userBytes || count === null) return null;
  const roomId = decodeUtf8(roomBytes);
  const userId = decodeUtf8(userBytes);
  if (roomId === null || userId === null) return null;
  const privileges: { [id: number]: number } = {};
  for (let i = 0; i < count; i++) {
    const id = msg.u16();
    const ts = msg.u32();
    if (id === null || ts === null) return null;
    privileges[id] = ts;
  }
  return { appId: token.slice(VERSION.length, VERSION.length + APP_ID_LENGTH), roomId, userId, issuedAt, expireAt, privileges };
}
