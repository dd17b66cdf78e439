// Invites carry their role inside the signature: a viewer invite mints subscribe-only tokens, cannot be
// upgraded by asking, by editing the invite, or by minting a member invite from it.
import { createInvite } from '../src/auth/invite';
import { parseAccessToken } from '../src/token/access-token';
import { errorCode, type RunningApp, sendJson, type StandIn, startApp, startStandIn, TEST_INVITE_SECRET, testConfig } from './helpers';

const NOW = 1_800_000_000;
let app: RunningApp;
let standIn: StandIn | undefined;

afterEach(async () => {
  await app.close();
  await standIn?.close();
  standIn = undefined;
});

const privileges = (token: string): number[] => [...(parseAccessToken(token)?.privileges.keys() ?? [])];

async function room(): Promise<{ roomId: string; invite: string; viewerInvite: string; inviteExpireAt: number }> {
  const res = await app.post('/v1/rooms');
  expect(res.status).toBe(200);
  return res.json as { roomId: string; invite: string; viewerInvite: string; inviteExpireAt: number };
}

describe.each(['dev', 'douyin'] as const)('invite roles (%s mode)', (mode) => {
  beforeEach(async () => {
    if (mode === 'douyin') {
      standIn = await startStandIn((_body, res) => sendJson(res, 200, { err_no: 0, data: { openid: 'open-1', session_key: 'k' } }));
    }
    app = await startApp(testConfig(mode), { now: () => NOW, ...(standIn ? { code2sessionUrl: standIn.url } : {}) });
  });

  const ask = (body: Record<string, unknown>) =>
    app.post('/v1/rtc/token', mode === 'douyin' ? { ...body, code: 'code-1', userId: undefined } : { userId: 'u1', ...body });

  it('a viewer invite mints a subscribe-only token; a member invite a publishing one', async () => {
    if (mode === 'douyin') return; // room creation needs a login; covered by the forged-invite cases below
    const r = await room();
    expect(r.viewerInvite).toMatch(/^\d+\.v\./);
    const viewer = await ask({ roomId: r.roomId, invite: r.viewerInvite });
    expect(viewer.status).toBe(200);
    expect(privileges((viewer.json as { token: string }).token)).toEqual([4]);
    const member = await ask({ roomId: r.roomId, invite: r.invite });
    expect(privileges((member.json as { token: string }).token)).toEqual([0, 1, 2, 3, 4]);
  });

  it('asking a viewer invite for member rights is refused (403 role_not_allowed); asking less is fine', async () => {
    const viewerInvite = createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 600, 'viewer');
    const up = await ask({ roomId: 'room-1', invite: viewerInvite, role: 'member' });
    expect(up.status).toBe(403);
    expect(errorCode(up)).toBe('role_not_allowed');
    const memberInvite = createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 600, 'member');
    const down = await ask({ roomId: 'room-1', invite: memberInvite, role: 'viewer' });
    expect(down.status).toBe(200);
    expect(privileges((down.json as { token: string }).token)).toEqual([4]);
  });

  it.each([
    ['the viewer mark removed', (v: string) => v.replace('.v.', '.')],
    ['a member mark added to a member invite', (m: string) => m.replace('.', '.m.')],
    ['the expiry pushed out', (v: string) => v.replace(String(NOW + 600), String(NOW + 99999))],
    ['a signature from another secret', () => createInvite('x'.repeat(40), 'room-1', NOW + 600, 'member')],
    ['a viewer invite of another room', () => createInvite(TEST_INVITE_SECRET, 'room-2', NOW + 600, 'viewer')],
  ])('a forged or swapped invite (%s) is refused', async (_name, forge) => {
    const base = _name.startsWith('a member mark') ? createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 600, 'member') : createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 600, 'viewer');
    const res = await ask({ roomId: 'room-1', invite: forge(base) });
    expect(res.status).toBe(_name.startsWith('a member mark') ? 400 : 403);
  });

  it('POST /v1/invites: a member invite gives out viewer invites; a viewer invite never member ones; expiry is kept', async () => {
    const member = createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 600, 'member');
    const viewer = createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 600, 'viewer');
    const made = await app.post('/v1/invites', { roomId: 'room-1', invite: member, role: 'viewer' });
    expect(made.status).toBe(200);
    expect(made.json).toEqual({ roomId: 'room-1', role: 'viewer', invite: viewer, inviteExpireAt: NOW + 600 });
    const up = await app.post('/v1/invites', { roomId: 'room-1', invite: viewer, role: 'member' });
    expect(up.status).toBe(403);
    expect(errorCode(up)).toBe('role_not_allowed');
    const wrongRoom = await app.post('/v1/invites', { roomId: 'room-2', invite: member, role: 'viewer' });
    expect(wrongRoom.status).toBe(403);
    const junk = await app.post('/v1/invites', { roomId: 'room-1', invite: member, role: 'admin' });
    expect(junk.status).toBe(400);
  });
});
