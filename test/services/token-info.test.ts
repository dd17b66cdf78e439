// readTokenInfo against the reference vectors, plus hostile input: null, never a throw.
import fc from 'fast-check';
import { vectors } from '../../server/test/fixtures/vectors';
import { decodeBase64, decodeUtf8, readTokenInfo } from '../../services/token-info';

describe('readTokenInfo', () => {
  it.each(vectors.vectors.map((v) => [v.name, v] as const))('%s: reads every field', (_name, v) => {
    expect(readTokenInfo(v.token)).toEqual({
      appId: v.appId,
      roomId: v.roomId,
      userId: v.userId,
      issuedAt: v.issuedAt,
      expireAt: v.expireAt,
      privileges: Object.fromEntries(Object.entries(v.privileges).map(([k, ts]) => [Number(k), ts])),
    });
  });

  it('reads console-issued tokens (privilege ids 0..5)', () => {
    for (const real of vectors.observedRealTokens) {
      const info = readTokenInfo(real.token);
      expect(info).toMatchObject({ appId: real.parsed.appId, roomId: real.parsed.roomId, expireAt: real.parsed.expireAt });
      expect(Object.keys(info?.privileges ?? {})).toEqual(['0', '1', '2', '3', '4', '5']);
    }
  });

  it('returns null for the unparseable reject vectors', () => {
    for (const id of ['wrong-version', 'truncated']) {
      const c = vectors.rejects.find((r) => r.id === id);
      expect(c).toBeDefined();
      expect(readTokenInfo(c?.token)).toBeNull();
    }
  });

  it('does not verify: a tampered token still reads (display only, never an authorisation decision)', () => {
    const c = vectors.rejects.find((r) => r.id === 'privilege-escalation');
    expect(Object.keys(readTokenInfo(c?.token)?.privileges ?? {})).toEqual(['0', '1', '2', '3', '4']);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['number', 1],
    ['empty', ''],
    ['version only', '001'],
    ['appId only', '001' + 'a'.repeat(24)],
    ['not base64', '001' + 'a'.repeat(24) + '!!!!'],
    ['unpadded', vectors.vectors[0]!.token.replace(/=+$/, '')],
    ['url-safe alphabet', vectors.vectors[0]!.token.replace(/\//g, '_')],
    ['invalid UTF-8 in roomId', '001' + 'a'.repeat(24) + Buffer.from([20, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0xff, 1, 0, 0x41, 0, 0, 0, 0]).toString('base64')],
  ])('%s -> null', (_name, input) => {
    expect(readTokenInfo(input)).toBeNull();
  });

  it('every truncation of a valid token is null, never a throw', () => {
    const token = vectors.vectors[0]!.token;
    for (let n = 0; n < token.length; n++) {
      // The signature is length-prefixed, so no prefix of the token is itself complete.
      expect(readTokenInfo(token.slice(0, n))).toBeNull();
    }
  });

  it('never throws on arbitrary strings or arbitrary content bytes', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      readTokenInfo(s);
      readTokenInfo('001' + 'x'.repeat(24) + s);
    }));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const info = readTokenInfo('001' + 'x'.repeat(24) + Buffer.from(bytes).toString('base64'));
        expect(info === null || typeof info.roomId === 'string').toBe(true);
      }),
    );
  });
});

describe('decoders', () => {
  it('decodeBase64 matches Node for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(Array.from(decodeBase64(Buffer.from(bytes).toString('base64')) ?? [])).toEqual(Array.from(bytes));
      }),
    );
  });

  it('decodeUtf8 matches Node for any valid string and rejects invalid sequences', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(decodeUtf8(new Uint8Array(Buffer.from(s, 'utf8')))).toBe(s);
      }),
    );
    for (const bad of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xb8], [0x80]]) {
      expect(decodeUtf8(new Uint8Array(bad))).toBeNull();
    }
  });
});
