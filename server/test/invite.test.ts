import { checkInvite, createInvite } from '../src/auth/invite';
import { userIdFromOpenid } from '../src/auth/user-id';
import { listeningUrls, startupBanner } from '../src/banner';
import { loadConfig } from '../src/config';
import { roomSharePath } from '../src/share-path';
import { parseAccessToken } from '../src/token/access-token';

const SECRET = 's'.repeat(32);

describe('invites', () => {
  it('round-trips and is bound to room, expiry and secret', () => {
    const inv = createInvite(SECRET, 'room', 1000);
    expect(inv).toMatch(/^1000\.[A-Za-z0-9_-]{22}$/);
    expect(checkInvite(SECRET, 'room', inv, 1000)).toBe('ok');
    expect(checkInvite(SECRET, 'room', inv, 1001)).toBe('expired');
    expect(checkInvite(SECRET, 'room2', inv, 0)).toBe('bad-signature');
    expect(checkInvite('t'.repeat(32), 'room', inv, 0)).toBe('bad-signature');
    expect(checkInvite(SECRET, 'room', inv.replace('1000.', '9999.'), 0)).toBe('bad-signature');
    expect(checkInvite(SECRET, 'room', 'garbage', 0)).toBe('malformed');
  });
});

describe('userIdFromOpenid', () => {
  it('is stable, opaque, within the RTC charset and separate per mini-program', () => {
    const a = userIdFromOpenid(SECRET, 'tt1', '8PB.cW.TabxdbJFs');
    expect(a).toBe(userIdFromOpenid(SECRET, 'tt1', '8PB.cW.TabxdbJFs'));
    expect(a).toMatch(/^u[A-Za-z0-9_-]{22}$/);
    expect(a).not.toContain('TabxdbJFs');
    expect(userIdFromOpenid(SECRET, 'tt2', '8PB.cW.TabxdbJFs')).not.toBe(a);
  });
});

describe('share path and dev banner', () => {
  it('encodes the token so base64 "+", "/" and "=" survive a query string', () => {
    const path = roomSharePath({ roomId: 'r', userId: 'u', token: '001a+b/c==' });
    expect(path).toBe('pages/room/room?roomId=r&userId=u&token=001a%2Bb%2Fc%3D%3D');
  });

  it('dev banner says dev mode, warns about fake credentials and carries a working share path', () => {
    const text = startupBanner(loadConfig({}), ['http://127.0.0.1:8787'], 1_800_000_000);
    expect(text).toMatch(/DEV MODE/);
    expect(text).toMatch(/RTC_APP_ID and RTC_APP_KEY/);
    const line = text.split('\n').find((l) => l.startsWith('pages/room/room?')) ?? '';
    const token = new URLSearchParams(line.split('?')[1]).get('token') ?? '';
    expect(parseAccessToken(token)?.roomId).toBe('demo-room');
  });

  it('tells what to put in the mini-program config.ts: the same AppId, the URL and the mode', () => {
    const config = loadConfig({ TOKEN_SERVICE_MODE: 'dev', RTC_APP_ID: '65a1b2c3d4e5f60718293a4b', RTC_APP_KEY: 'k'.repeat(32) });
    const text = startupBanner(config, ['http://127.0.0.1:8787'], 1_800_000_000);
    expect(text).toContain("RTC_APP_ID = '65a1b2c3d4e5f60718293a4b'");
    expect(text).toContain("TOKEN_SERVICE_URL = 'http://127.0.0.1:8787'");
    expect(text).toContain("TOKEN_SERVICE_MODE = 'dev'");
    expect(text).not.toContain('k'.repeat(32));
  });

  it('with real credentials in dev mode the banner carries no token at all (finding 4)', () => {
    const realKey = '0123456789abcdef0123456789abcdef';
    const config = loadConfig({ TOKEN_SERVICE_MODE: 'dev', RTC_APP_ID: '65a1b2c3d4e5f60718293a4b', RTC_APP_KEY: realKey });
    const text = startupBanner(config, ['http://127.0.0.1:8787'], 1_800_000_000);
    expect(text).toMatch(/DEV MODE/);
    expect(text).not.toMatch(/token=/);
    expect(text).not.toMatch(/\b001[A-Za-z0-9+/=]{40,}/);
    expect(text).not.toContain(realKey);
  });

  it('lists every listening address, expanding a wildcard bind to the interfaces', () => {
    const text = startupBanner(loadConfig({}), listeningUrls([
      { address: '127.0.0.1', family: 'IPv4', port: 8787 },
      { address: '::1', family: 'IPv6', port: 8787 },
    ]), 1_800_000_000);
    expect(text).toContain('http://127.0.0.1:8787');
    expect(text).toContain('http://[::1]:8787');
    const wild = listeningUrls([{ address: '0.0.0.0', family: 'IPv4', port: 9000 }]);
    expect(wild).toContain('http://127.0.0.1:9000');
    expect(wild.every((u) => /^http:\/\/\d+\.\d+\.\d+\.\d+:9000$/.test(u))).toBe(true);
  });
});
