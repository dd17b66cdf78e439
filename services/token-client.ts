// Client for the token service (server/): fetch RTC tokens and create rooms with signed invites.
// Douyin mode: pass `login` (tt.login's code); the server derives the userId from it.
// Dev mode: no `login`; the caller names its own userId.
import type { RequestSuccess, TtPlatform } from './platform/tt-types';

type TokenRole = 'member' | 'viewer';

interface TokenResult {
  appId: string;
  roomId: string;
  userId: string;
  token: string;
  /** Unix seconds. */
  expireAt: number;
}

interface RoomResult {
  roomId: string;
  invite: string;
  /** A watch-only invite for the same room (absent from older token services). */
  viewerInvite?: string;
  /** Unix seconds. */
  inviteExpireAt: number;
}

interface FetchTokenParams {
  roomId: string;
  /** Dev mode only; in Douyin mode the server decides the userId. */
  userId?: string;
  role?: TokenRole;
  invite?: string;
}

export type TokenServiceErrorKind = 'network' | 'timeout' | 'rejected' | 'invalid-response' | 'not-configured';

export class TokenServiceError extends Error {
  readonly kind: TokenServiceErrorKind;
  /** The server's error code (e.g. 'invalid_invite'), or a local one ('login_failed', 'http_502'). */
  readonly code: string | undefined;
  /** HTTP status when the server answered. */
  readonly status: number | undefined;

  constructor(kind: TokenServiceErrorKind, message: string, code?: string, status?: number) {
    super(message);
    this.name = 'TokenServiceError';
    this.kind = kind;
    this.code = code;
    this.status = status;
    // ES2015 target: keep instanceof working for subclasses of Error.
    Object.setPrototypeOf(this, TokenServiceError.prototype);
  }
}

export interface TokenClientOptions {
  platform: TtPlatform;
  baseUrl: string;
  timeoutMs?: number;
  /** Douyin mode: resolves tt.login's `code` (undefined when the user is not logged in). */
  login?: () => Promise<string | undefined>;
}

type CallOutcome = 'completed' | 'missed' | 'declined' | 'cancelled' | 'busy';

/** One entry of GET /v1/calls (docs/calls.md). */
export interface CallRecordDto {
  callId: string;
  peer: string;
  direction: 'out' | 'in';
  media: 'audio' | 'video';
  outcome: CallOutcome;
  /** ms epoch. */
  startedAt: number;
  durationSeconds: number;
}

export interface TokenClient {
  fetchToken(params: FetchTokenParams): Promise<TokenResult>;
  createRoom(): Promise<RoomResult>;
  /** Another invite for the room, never with more rights than `invite` (POST /v1/invites). */
  createInvite(params: { roomId: string; invite: string; role: TokenRole }): Promise<string>;
  /** The caller's own call records, newest first. Dev mode passes the device's userId. */
  listCalls(devUserId?: string): Promise<CallRecordDto[]>;
}

const OUTCOMES: readonly string[] = ['completed', 'missed', 'declined', 'cancelled', 'busy'];

/** Validated entry by entry: a bad one is dropped, never the whole list. */
function readCallRecords(body: unknown): CallRecordDto[] | null {
  if (!isObject(body) || !Array.isArray(body.calls)) return null;
  const out: CallRecordDto[] = [];
  for (const v of body.calls.slice(0, 100)) {
    if (!isObject(v)) continue;
    const { callId, peer, direction, media, outcome, startedAt, durationSeconds } = v;
    if (typeof callId !== 'string' || typeof peer !== 'string' || !/^[a-zA-Z0-9@._-]{1,128}$/.test(peer)) continue;
    if ((direction !== 'out' && direction !== 'in') || (media !== 'audio' && media !== 'video')) continue;
    if (typeof outcome !== 'string' || OUTCOMES.indexOf(outcome) < 0) continue;
    if (typeof startedAt !== 'number' || !isFinite(startedAt) || startedAt < 0) continue;
    if (typeof durationSeconds !== 'number' || !isFinite(durationSeconds) || durationSeconds < 0) continue;
    out.push({ callId, peer, direction, media, outcome: outcome as CallOutcome, startedAt, durationSeconds });
  }
  return out;
}

const DEFAULT_TOKEN_TIMEOUT_MS = 8000;

/** True for an http(s) URL with a host; the empty default in config.ts means "no token service". */
export function isTokenServiceConfigured(baseUrl: string | undefined | null): boolean {
  return typeof baseUrl === 'string' && /^https?:\/\/[^\s/?#]+/.test(baseUrl.trim());
}

type Json = { [key: string]: unknown };

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Some runtimes hand back the raw string when the body is not JSON (or dataType is ignored). */
function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch (e) {
    return undefined;
  }
}

function isObjectBody(v: unknown): v is Json {
  return isObject(v);
}

function readToken(body: unknown): TokenResult | null {
  if (!isObject(body)) return null;
  const { appId, roomId, userId, token, expireAt } = body;
  if (typeof appId !== 'string' || typeof roomId !== 'string' || typeof userId !== 'string') return null;
  if (typeof token !== 'string' || token === '' || typeof expireAt !== 'number' || !isFinite(expireAt)) return null;
  return { appId, roomId, userId, token, expireAt };
}

function readRoom(body: unknown): RoomResult | null {
  if (!isObject(body)) return null;
  const { roomId, invite, inviteExpireAt, viewerInvite } = body;
  if (typeof roomId !== 'string' || typeof invite !== 'string') return null;
  if (typeof inviteExpireAt !== 'number' || !isFinite(inviteExpireAt)) return null;
  const room: RoomResult = { roomId, invite, inviteExpireAt };
  if (typeof viewerInvite === 'string') room.viewerInvite = viewerInvite;
  return room;
}

function readServerError(body: unknown): { code: string; message: string } | null {
  if (!isObject(body) || !isObject(body.error)) return null;
  const { code, message } = body.error;
  return typeof code === 'string' ? { code, message: typeof message === 'string' ? message : code } : null;
}

export function createTokenClient(options: TokenClientOptions): TokenClient {
  const { platform, login } = options;
  const timeoutMs = options.timeoutMs === undefined ? DEFAULT_TOKEN_TIMEOUT_MS : options.timeoutMs;
  const baseUrl = options.baseUrl.trim().replace(/\/+$/, '');

  /** POST JSON; resolves with the parsed 2xx body, rejects with a TokenServiceError. */
  function post(path: string, data: Json): Promise<unknown> {
    return send('POST', path, data, { 'content-type': 'application/json' });
  }

  function send(method: 'GET' | 'POST', path: string, data: Json | undefined, header: Record<string, string>): Promise<unknown> {
    if (!isTokenServiceConfigured(baseUrl)) {
      return Promise.reject(new TokenServiceError('not-configured', 'TOKEN_SERVICE_URL is not set'));
    }
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      let task: { abort(): void } | void;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      // Our own timer too: some clients never call back when their `timeout` option fires.
      const timer = setTimeout(() => {
        finish(() => reject(new TokenServiceError('timeout', `no answer from the token service within ${timeoutMs} ms`)));
        if (task) task.abort();
      }, timeoutMs) as unknown as number;
      const onSuccess = (res: RequestSuccess): void =>
        finish(() => {
          const body = parseBody(res.data);
          if (res.statusCode >= 200 && res.statusCode < 300) return resolve(body);
          const err = readServerError(body);
          reject(
            new TokenServiceError(
              'rejected',
              err ? err.message : `token service answered HTTP ${res.statusCode}`,
              err ? err.code : `http_${res.statusCode}`,
              res.statusCode,
            ),
          );
        });
      try {
        task = platform.request({
          url: baseUrl + path,
          method,
          ...(data !== undefined ? { data } : {}),
          header,
          dataType: 'json',
          timeout: timeoutMs,
          success: onSuccess,
          fail: (err) =>
            finish(() => {
              const msg = (err && err.errMsg) || 'request failed';
              const kind = /time ?out/i.test(msg) ? 'timeout' : 'network';
              reject(new TokenServiceError(kind, msg, err && err.errNo !== undefined ? String(err.errNo) : undefined));
            }),
        });
      } catch (e) {
        finish(() => reject(new TokenServiceError('network', e instanceof Error ? e.message : 'request threw')));
      }
    });
  }

  /** Douyin mode: a fresh single-use login code per call. */
  function loginCode(): Promise<string | undefined> {
    if (!login) return Promise.resolve(undefined);
    return login().then(
      (code) => {
        if (!code) throw new TokenServiceError('rejected', 'not logged in to Douyin', 'login_required');
        return code;
      },
      (e: unknown) => {
        if (e instanceof TokenServiceError) throw e;
        throw new TokenServiceError('rejected', e instanceof Error ? e.message : 'tt.login failed', 'login_failed');
      },
    );
  }

  return {
    fetchToken(params) {
      return loginCode()
        .then((code) => {
          const data: Json = { roomId: params.roomId };
          if (code !== undefined) data.code = code;
          else if (params.userId !== undefined) data.userId = params.userId;
          if (params.role !== undefined) data.role = params.role;
          if (params.invite !== undefined) data.invite = params.invite;
          return post('/v1/rtc/token', data);
        })
        .then((body) => {
          const result = readToken(body);
          if (!result) throw new TokenServiceError('invalid-response', 'token service answered without a token');
          return result;
        });
    },
    createInvite(params) {
      return post('/v1/invites', { roomId: params.roomId, invite: params.invite, role: params.role }).then((body) => {
        const invite = body && typeof body === 'object' ? (body as { invite?: unknown }).invite : undefined;
        if (typeof invite !== 'string' || !/^[A-Za-z0-9._-]{1,256}$/.test(invite)) {
          throw new TokenServiceError('invalid-response', 'token service answered without an invite');
        }
        return invite;
      });
    },
    listCalls(devUserId) {
      // A GET has no body: the identity travels in headers, never in the URL (docs/calls.md).
      return loginCode()
        .then((code) => {
          const header: Record<string, string> = {};
          if (code !== undefined) header['x-login-code'] = code;
          else if (devUserId !== undefined) header['x-user-id'] = devUserId;
          return send('GET', '/v1/calls', undefined, header);
        })
        .then((body) => {
          const calls = readCallRecords(isObjectBody(body) ? body : undefined);
          if (!calls) throw new TokenServiceError('invalid-response', 'token service answered without call records');
          return calls;
        });
    },
    createRoom() {
      return loginCode()
        .then((code) => post('/v1/rooms', code === undefined ? {} : { code }))
        .then((body) => {
          const result = readRoom(body);
          if (!result) throw new TokenServiceError('invalid-response', 'token service answered without a room');
          return result;
        });
    },
  };
}
