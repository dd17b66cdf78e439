// AccessToken misuse: every refused input names the field and the bound in its RangeError (a caller
// minting tokens sees what to fix), the exact limits hold, and a signature of the wrong length is
// simply "not valid" rather than an exception.
import { AccessToken, packMessage, parseAccessToken, verifyAccessToken } from '../src/token/access-token';
import { vectors } from './fixtures/vectors';

const v = vectors.vectors[0]!;
const init = { appId: v.appId, appKey: v.appKey, roomId: v.roomId, userId: v.userId, nonce: v.nonce, issuedAt: v.issuedAt };
const fields = { nonce: 1, issuedAt: 2, expireAt: 3, roomId: 'r', userId: 'u', privileges: new Map<number, number>() };

it('appId must be 24 ASCII characters: 24 characters with a multi-byte one, or 24 bytes in 12 characters, are refused', () => {
  const msg = 'appId must be exactly 24 ASCII characters';
  expect(() => new AccessToken({ ...init, appId: 'é' + 'a'.repeat(23) })).toThrow(new RangeError(msg));
  expect(() => new AccessToken({ ...init, appId: 'é'.repeat(12) })).toThrow(new RangeError(msg));
  expect(() => new AccessToken({ ...init, appId: 'a'.repeat(25) })).toThrow(new RangeError(msg));
  expect(() => new AccessToken(init)).not.toThrow();
});

it('nonce and issuedAt must be u32; the message names the field and the value', () => {
  expect(() => new AccessToken({ ...init, nonce: -1 })).toThrow(new RangeError('nonce must be an integer in [0, 2^32-1], got -1'));
  expect(() => new AccessToken({ ...init, issuedAt: 2 ** 32 })).toThrow(new RangeError(`issuedAt must be an integer in [0, 2^32-1], got ${2 ** 32}`));
});

it('privilege ids must be u16', () => {
  const t = new AccessToken(init);
  for (const bad of [-1, 0x10000, 1.5]) {
    expect(() => t.addPrivilege(bad, 1)).toThrow(new RangeError(`privilege id must be a u16, got ${bad}`));
  }
  expect(() => t.addPrivilege(0xffff, 1)).not.toThrow();
});

it('roomId and userId: 65535 UTF-8 bytes fit, one more is refused by name', () => {
  const max = 'x'.repeat(0xffff);
  expect(() => packMessage({ ...fields, roomId: max, userId: max })).not.toThrow();
  expect(() => packMessage({ ...fields, roomId: max + 'x' })).toThrow(new RangeError('roomId is longer than 65535 UTF-8 bytes'));
  expect(() => packMessage({ ...fields, userId: max + 'x' })).toThrow(new RangeError('userId is longer than 65535 UTF-8 bytes'));
});

it('a parsed token whose signature has the wrong length does not verify (and does not throw)', () => {
  const parsed = parseAccessToken(v.token)!;
  expect(verifyAccessToken(parsed, v.appKey, v.issuedAt)).toBe(true);
  for (const signature of [parsed.signature.subarray(0, 31), Buffer.concat([parsed.signature, Buffer.alloc(1)]), Buffer.alloc(0)]) {
    expect(verifyAccessToken({ ...parsed, signature }, v.appKey, v.issuedAt)).toBe(false);
  }
});
