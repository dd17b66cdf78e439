// A stand-in for server/ behind the fake tt's request handler: same endpoints, bodies, error codes
// and invite rules (server/README.md). It mints through the sim cloud (real "001" tokens signed with
// the cloud's app key, with exact-ms expiry the cloud tracks). Why not the real server here: real
// sockets do not mix with the fake timers page tests need. token-client.test.ts covers the real HTTP path.
import { readTokenInfo } from '../../services/token-info';
import type { RtcCloud } from '../cloud';
import type { FakeTt, SimRequest, SimResponse } from '../fake-tt';

export const TOKEN_URL = 'https://token.test';

export interface FakeTokenServiceOptions {
  mode?: 'dev' | 'douyin';
  /** douyin mode: the userId the server derives for this device's login. */
  douyinUserId?: string;
  tokenTtlMs?: number;
  inviteTtlSeconds?: number;
  /** Share issued invites between phones (one server, many clients). */
  invites?: Map<string, string>;
}

export interface FakeTokenService {
  requests: SimRequest[];
  /** Issued invites → their room. */
  invites: Map<string, string>;
  createInvite(roomId: string, expireAtSeconds?: number, role?: 'member' | 'viewer'): string;
  /** Answer every request with this status/code from now on (null = normal service). */
  failWith(failure: { status: number; code: string } | 'network' | null): void;
}

let seq = 0;

export function installTokenService(fake: FakeTt, cloud: RtcCloud, options: FakeTokenServiceOptions = {}): FakeTokenService {
  const mode = options.mode || 'dev';
  const ttl = options.tokenTtlMs || 3600000;
  const inviteTtl = options.inviteTtlSeconds || 604800;
  const invites = options.invites || new Map<string, string>();
  const requests: SimRequest[] = [];
  let failure: { status: number; code: string } | 'network' | null = null;
  const error = (status: number, code: string): SimResponse => ({ statusCode: status, data: { error: { code, message: code } } });
  // Same forms as server/src/auth/invite.ts: `<exp>.<sig>` (member) and `<exp>.v.<sig>` (viewer).
  // The role is part of the (signed) invite, as on the real server: read it from the form.
  const roleOf = (invite: string): 'member' | 'viewer' => (/^\d+\.v\./.test(invite) ? 'viewer' : 'member');
  const createInvite = (roomId: string, expireAt = Math.floor(Date.now() / 1000) + inviteTtl, role: 'member' | 'viewer' = 'member'): string => {
    const sig = `sig${(++seq).toString(36)}${roomId.length}abcdefghijklmnop`.slice(0, 22);
    const invite = role === 'viewer' ? `${expireAt}.v.${sig}` : `${expireAt}.${sig}`;
    invites.set(invite, roomId);
    return invite;
  };

  fake.control.setRequestHandler((req) => {
    requests.push(req);
    if (failure === 'network') throw new Error('net::ERR_CONNECTION_REFUSED');
    if (failure) return error(failure.status, failure.code);
    const body = (req.data || {}) as Record<string, unknown>;
    if (req.url === `${TOKEN_URL}/v1/rooms`) {
      if (mode === 'douyin' && typeof body.code !== 'string') return error(400, 'invalid_request');
      const roomId = `r${(++seq).toString(36)}room`;
      const invite = createInvite(roomId);
      const exp = Number(invite.split('.')[0]);
      return { statusCode: 200, data: { roomId, invite, viewerInvite: createInvite(roomId, exp, 'viewer'), inviteExpireAt: exp } };
    }
    if (req.url === `${TOKEN_URL}/v1/invites`) {
      const { roomId, invite, role } = body as { roomId?: string; invite?: string; role?: string };
      if (typeof invite !== 'string' || typeof roomId !== 'string' || invites.get(invite) !== roomId) return error(403, 'invalid_invite');
      if (role !== 'member' && role !== 'viewer') return error(400, 'invalid_request');
      if (roleOf(invite) === 'viewer' && role === 'member') return error(403, 'role_not_allowed');
      const exp = Number(invite.split('.')[0]);
      return { statusCode: 200, data: { roomId, role, invite: createInvite(roomId, exp, role), inviteExpireAt: exp } };
    }
    if (req.url === `${TOKEN_URL}/v1/rtc/token`) {
      const roomId = body.roomId;
      if (typeof roomId !== 'string' || !/^[a-zA-Z0-9@._-]{1,128}$/.test(roomId)) return error(400, 'invalid_request');
      let userId: string;
      if (mode === 'douyin') {
        if (typeof body.code !== 'string') return error(400, 'invalid_request');
        if (body.invite === undefined) return error(403, 'invite_required');
      }
      if (body.invite !== undefined) {
        const invite = String(body.invite);
        if (invites.get(invite) !== roomId) return error(403, 'invalid_invite');
        if (Number(invite.split('.')[0]) * 1000 < Date.now()) return error(403, 'invite_expired');
      }
      if (mode === 'douyin') userId = options.douyinUserId || 'u-douyin-user';
      else if (typeof body.userId === 'string') userId = body.userId;
      else return error(400, 'invalid_request');
      // The invite's role is the most this caller gets (server/src/routes/token.ts grantedRole).
      const invited = body.invite !== undefined ? roleOf(String(body.invite)) : undefined;
      if (invited === 'viewer' && body.role === 'member') return error(403, 'role_not_allowed');
      const viewer = invited === 'viewer' || body.role === 'viewer';
      const expSec = Math.floor((Date.now() + ttl) / 1000);
      const token = cloud.mintToken(roomId, userId, viewer ? { ttlMs: ttl, privileges: { 4: expSec } } : { ttlMs: ttl });
      const info = readTokenInfo(token);
      if (!info) throw new Error('sim: the cloud minted an unreadable token');
      return { statusCode: 200, data: { appId: info.appId, roomId, userId, token, expireAt: info.expireAt } };
    }
    return error(404, 'not_found');
  });

  return {
    requests,
    invites,
    createInvite,
    failWith(f) {
      failure = f;
    },
  };
}
