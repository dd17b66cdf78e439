// Vectors produced by the Node, Python, Go and Java reference implementations (byte-identical).
import {
  AccessToken,
  parseAccessToken,
  Privilege,
  verifyAccessToken,
  verifyToken,
} from '../src/token/access-token';
import { type TokenVector, vectors } from './fixtures/vectors';

const nowReal = Math.floor(Date.now() / 1000);

function mintVector(v: TokenVector): AccessToken {
  const t = new AccessToken({
    appId: v.appId,
    appKey: v.appKey,
    roomId: v.roomId,
    userId: v.userId,
    nonce: v.nonce,
    issuedAt: v.issuedAt,
  });
  for (const c of v.addPrivilegeCalls) t.addPrivilege(c.privilege, c.expireTs);
  t.expireTime(v.expireAt);
  return t;
}

describe('AccessToken 001 reference vectors', () => {
  it.each(vectors.vectors.map((v) => [v.name, v] as const))('%s: token, msg and signature match', (_name, v) => {
    const t = mintVector(v);
    const token = t.serialize();
    expect(token).toBe(v.token);
    expect(t.message().toString('hex')).toBe(v.msgHex);

    const parsed = parseAccessToken(token);
    expect(parsed).not.toBeNull();
    if (!parsed) return;
    expect(parsed.signature.toString('hex')).toBe(v.signatureHex);
    expect(parsed.appId).toBe(v.appId);
    expect(parsed.roomId).toBe(v.roomId);
    expect(parsed.userId).toBe(v.userId);
    expect(parsed.nonce).toBe(v.nonce);
    expect(parsed.issuedAt).toBe(v.issuedAt);
    expect(parsed.expireAt).toBe(v.expireAt);
    expect(Object.fromEntries([...parsed.privileges].map(([k, ts]) => [String(k), ts]))).toEqual(v.privileges);
    // Same clock the references used for their "true" column.
    expect(verifyAccessToken(parsed, v.appKey, v.issuedAt + 60)).toBe(true);
    expect(verifyToken(token, v.appKey, nowReal)).toBe(v.expireAt === 0 || v.expireAt >= nowReal);
  });

  it('parses the console-issued real tokens (ids 0..5, 7-day lifetime)', () => {
    for (const real of vectors.observedRealTokens) {
      const parsed = parseAccessToken(real.token);
      expect(parsed).not.toBeNull();
      expect(parsed?.appId).toBe(real.parsed.appId);
      expect(parsed?.roomId).toBe(real.parsed.roomId);
      expect(parsed?.userId).toBe(real.parsed.userId);
      expect(parsed?.nonce).toBe(real.parsed.nonce);
      expect(parsed?.expireAt).toBe(real.parsed.expireAt);
      expect(parsed && Object.fromEntries([...parsed.privileges].map(([k, ts]) => [String(k), ts]))).toEqual(
        real.parsed.privileges,
      );
    }
  });
});

describe('verify rejects every tampered token', () => {
  const cases = vectors.rejects;
  it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const parsed = parseAccessToken(c.token);
    // Use a clock at which an untampered token would still be valid, so only the tampering can fail it.
    const clock = id === 'expired' ? nowReal : parsed ? parsed.issuedAt + 60 : nowReal;
    expect(parsed === null || !verifyAccessToken(parsed, c.appKey, clock)).toBe(true);
    expect(verifyToken(c.token, c.appKey, clock)).toBe(false);
  });

  it('expired: valid up to and including expireAt, invalid one second later', () => {
    const c = vectors.rejects.find((r) => r.id === 'expired');
    const parsed = c && parseAccessToken(c.token);
    expect(parsed).toBeTruthy();
    if (!c || !parsed) return;
    expect(verifyAccessToken(parsed, c.appKey, parsed.expireAt)).toBe(true);
    expect(verifyAccessToken(parsed, c.appKey, parsed.expireAt + 1)).toBe(false);
  });

  it('parse failures: wrong version, truncated, too short, non-base64', () => {
    const byId = (id: string) => vectors.rejects.find((r) => r.id === id)?.token ?? '';
    expect(parseAccessToken(byId('wrong-version'))).toBeNull();
    expect(parseAccessToken(byId('truncated'))).toBeNull();
    expect(parseAccessToken('001' + 'a'.repeat(24))).toBeNull();
    expect(parseAccessToken('001' + 'a'.repeat(24) + 'not base64!')).toBeNull();
    expect(parseAccessToken(vectors.vectors[0]!.token.slice(0, -2))).toBeNull(); // padding removed
  });
});

describe('surprisingAccepts: what our verifier does', () => {
  const byId = (id: string) => vectors.surprisingAccepts.find((r) => r.id === id);

  it.each(['node-utf8-signature-compare', 'node-accepts-sig-last-byte-xor'].map((id) => [id]))(
    '%s: rejected, because we compare raw signature bytes (Node token.js compares lossy UTF-8 strings)',
    (id) => {
      const c = byId(id);
      expect(c).toBeDefined();
      if (!c) return;
      expect(c.referenceVerify.node).toBe(true);
      const parsed = parseAccessToken(c.token);
      expect(parsed).not.toBeNull();
      if (!parsed) return;
      expect(verifyAccessToken(parsed, c.appKey, parsed.issuedAt + 60)).toBe(false);
    },
  );

  it('appId-substituted: accepted, as by all four references, because appId is not signed; callers must compare appId themselves', () => {
    const c = byId('appId-substituted');
    expect(c).toBeDefined();
    const parsed = c && parseAccessToken(c.token);
    expect(parsed && verifyAccessToken(parsed, c.appKey, parsed.issuedAt + 60)).toBe(true);
    expect(parsed && parsed.appId).toBe('ffffffffffffffffffffffff');
  });

  it('trailing-bytes-in-content: accepted, as by all four references; bytes after the signature carry no meaning', () => {
    const c = byId('trailing-bytes-in-content');
    expect(c).toBeDefined();
    const parsed = c && parseAccessToken(c.token);
    expect(parsed && verifyAccessToken(parsed, c.appKey, parsed.issuedAt + 60)).toBe(true);
  });
});

describe('minting', () => {
  const base = { appId: '65a1b2c3d4e5f60718293a4b', appKey: 'k'.repeat(32), roomId: 'r', userId: 'u' };

  it('rejects an appId that is not 24 characters', () => {
    expect(() => new AccessToken({ ...base, appId: 'short' })).toThrow(RangeError);
    expect(() => new AccessToken({ ...base, appId: 'x'.repeat(25) })).toThrow(RangeError);
  });

  it('gives every token a fresh random nonce in [1, 2^32)', () => {
    const nonces = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const parsed = parseAccessToken(new AccessToken(base).serialize());
      expect(parsed).not.toBeNull();
      if (!parsed) return;
      expect(parsed.nonce).toBeGreaterThanOrEqual(1);
      expect(parsed.nonce).toBeLessThan(2 ** 32);
      nonces.add(parsed.nonce);
    }
    expect(nonces.size).toBeGreaterThan(190);
  });

  it('publish expands to 1..3, subscribe is 4 alone, keys come out ascending', () => {
    const t = new AccessToken(base).addPrivilege(Privilege.SubscribeStream, 9).addPrivilege(Privilege.PublishStream, 7);
    expect([...(parseAccessToken(t.serialize())?.privileges ?? [])]).toEqual([
      [0, 7],
      [1, 7],
      [2, 7],
      [3, 7],
      [4, 9],
    ]);
  });

  it('refuses values that do not fit the wire format', () => {
    expect(() => new AccessToken(base).expireTime(2 ** 32)).toThrow(RangeError);
    expect(() => new AccessToken(base).expireTime(-1)).toThrow(RangeError);
    expect(() => new AccessToken(base).addPrivilege(4, 1.5)).toThrow(RangeError);
    expect(() => new AccessToken({ ...base, roomId: 'x'.repeat(70000) }).serialize()).toThrow(RangeError);
  });
});
