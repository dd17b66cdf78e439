// Dev mode over real loopback sockets: token minting, roles, TTL, invites, health and 404.
import { createInvite } from '../src/auth/invite';
import { parseAccessToken, verifyToken } from '../src/token/access-token';
import {
  errorCode,
  request,
  type RunningApp,
  startApp,
  TEST_APP_ID,
  TEST_APP_KEY,
  TEST_INVITE_SECRET,
  testConfig,
} from './helpers';

const NOW = 1_800_000_000;
let app: RunningApp;
let clock = NOW;

beforeEach(async () => {
  clock = NOW;
  app = await startApp(testConfig('dev', { tokenTtlSeconds: 7200 }), { now: () => clock });
});
afterEach(() => app.close());

interface TokenJson {
  appId: string;
  roomId: string;
  userId: string;
  token: string;
  expireAt: number;
}

function privilegesOf(token: string): number[] {
  return [...(parseAccessToken(token)?.privileges.keys() ?? [])];
}

describe('POST /v1/rtc/token (dev mode)', () => {
  it('mints a member token bound to room, user and appId, valid for TOKEN_TTL_SECONDS', async () => {
    const res = await app.post('/v1/rtc/token', { roomId: 'room-1', userId: 'alice@x.y_z' });
    expect(res.status).toBe(200);
    const body = res.json as TokenJson;
    expect(body).toEqual({
      appId: TEST_APP_ID,
      roomId: 'room-1',
      userId: 'alice@x.y_z',
      token: expect.stringMatching(/^001/),
      expireAt: NOW + 7200,
    });
    expect(verifyToken(body.token, TEST_APP_KEY, NOW)).toBe(true);
    expect(verifyToken(body.token, TEST_APP_KEY, NOW + 7201)).toBe(false);
    const parsed = parseAccessToken(body.token);
    expect(parsed).toMatchObject({ appId: TEST_APP_ID, roomId: 'room-1', userId: 'alice@x.y_z', issuedAt: NOW, expireAt: NOW + 7200 });
    expect([...(parsed?.privileges ?? [])]).toEqual([0, 1, 2, 3, 4].map((id) => [id, NOW + 7200]));
  });

  it('viewer tokens can only subscribe; member is the default role', async () => {
    const viewer = await app.post('/v1/rtc/token', { roomId: 'r', userId: 'v', role: 'viewer' });
    const member = await app.post('/v1/rtc/token', { roomId: 'r', userId: 'm', role: 'member' });
    expect(viewer.status).toBe(200);
    expect(privilegesOf((viewer.json as TokenJson).token)).toEqual([4]);
    expect(privilegesOf((member.json as TokenJson).token)).toEqual([0, 1, 2, 3, 4]);
  });

  it('two tokens for the same user differ (fresh nonce)', async () => {
    const a = await app.post('/v1/rtc/token', { roomId: 'r', userId: 'u' });
    const b = await app.post('/v1/rtc/token', { roomId: 'r', userId: 'u' });
    expect((a.json as TokenJson).token).not.toBe((b.json as TokenJson).token);
  });

  it('accepts a valid invite and rejects a bad, foreign or expired one with 403', async () => {
    const room = await app.post('/v1/rooms');
    expect(room.status).toBe(200);
    const { roomId, invite, inviteExpireAt } = room.json as { roomId: string; invite: string; inviteExpireAt: number };
    expect(roomId).toMatch(/^[a-zA-Z0-9@._-]{1,128}$/);
    expect(inviteExpireAt).toBe(NOW + 86400);

    expect((await app.post('/v1/rtc/token', { roomId, userId: 'u1', invite })).status).toBe(200);

    const other = await app.post('/v1/rtc/token', { roomId: 'other-room', userId: 'u1', invite });
    expect(other.status).toBe(403);
    expect(errorCode(other)).toBe('invalid_invite');

    const forged = createInvite('some-other-secret-0123456789abcdef', roomId, inviteExpireAt);
    const bad = await app.post('/v1/rtc/token', { roomId, userId: 'u1', invite: forged });
    expect(bad.status).toBe(403);
    expect(errorCode(bad)).toBe('invalid_invite');

    // Tampering with the expiry breaks the signature.
    const stretched = `${inviteExpireAt + 1000}.${invite.split('.')[1]}`;
    expect(errorCode(await app.post('/v1/rtc/token', { roomId, userId: 'u1', invite: stretched }))).toBe('invalid_invite');

    clock = inviteExpireAt; // still valid at the expiry second
    expect((await app.post('/v1/rtc/token', { roomId, userId: 'u1', invite })).status).toBe(200);
    clock = inviteExpireAt + 1;
    const expired = await app.post('/v1/rtc/token', { roomId, userId: 'u1', invite });
    expect(expired.status).toBe(403);
    expect(errorCode(expired)).toBe('invite_expired');
  });

  it('an invite signed with the configured secret for that room works without calling /v1/rooms', async () => {
    const invite = createInvite(TEST_INVITE_SECRET, 'fixed-room', NOW + 60);
    expect((await app.post('/v1/rtc/token', { roomId: 'fixed-room', userId: 'u', invite })).status).toBe(200);
  });
});

describe('POST /v1/rooms (dev mode)', () => {
  it('creates distinct random rooms, with or without an empty JSON body', async () => {
    const a = await app.post('/v1/rooms', {});
    const b = await app.post('/v1/rooms');
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect((a.json as { roomId: string }).roomId).not.toBe((b.json as { roomId: string }).roomId);
  });

  it('rejects unknown fields', async () => {
    const res = await app.post('/v1/rooms', { roomId: 'mine' });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('invalid_request');
  });
});

describe('other endpoints', () => {
  it('GET /healthz answers ok with the mode', async () => {
    const res = await request(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok', mode: 'dev' });
  });

  it('unknown routes are 404, wrong methods on known routes 405, in our error shape', async () => {
    const nope = await request(`${app.url}/nope`);
    expect(nope.status).toBe(404);
    expect(errorCode(nope)).toBe('not_found');
    for (const res of [
      await request(`${app.url}/v1/rtc/token`), // GET on a POST route
      await request(`${app.url}/healthz`, { method: 'DELETE' }),
    ]) {
      expect(res.status).toBe(405);
      expect(errorCode(res)).toBe('method_not_allowed');
    }
  });
});

describe('unexpected failures', () => {
  it('an internal error is a 500 in our shape, without the error text; the log has it', async () => {
    const broken = await startApp(testConfig('dev'), {
      now: () => {
        throw new Error('clock exploded: internal detail');
      },
    });
    try {
      const res = await broken.post('/v1/rooms');
      expect(res.status).toBe(500);
      expect(errorCode(res)).toBe('internal_error');
      expect(res.text).not.toContain('clock exploded');
      expect(broken.logs()).toContain('clock exploded');
      expect((await request(`${broken.url}/healthz`)).status).toBe(200);
    } finally {
      await broken.close();
    }
  });
});
