// Douyin code2session (mini-app v2): POST {appid, secret, code} -> { err_no, err_tips, data: { openid } }.
// Only `code` is accepted: anonymousCode identifies a device, not a logged-in user.
import { HttpError } from '../errors';

export interface Code2SessionOptions {
  url: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
}

export interface DouyinSession {
  openid: string;
}

/** err_no values that mean our own configuration is wrong (appid/secret) or Douyin failed, not the user's code. */
const UPSTREAM_FAULTS = new Set([-1, 40015, 40017]);

/** A code2session reply larger than this is refused unread (real ones are a few hundred bytes). */
export const MAX_UPSTREAM_BODY_BYTES = 64 * 1024;

/** Fixed reasons only: upstream text (err_tips, bodies) can echo what we sent, AppSecret included. */
type Code2SessionReason =
  | 'http status'
  | 'timeout'
  | 'network error'
  | 'non-JSON body'
  | 'body too large'
  | 'unexpected body'
  | 'err_no'
  | 'no openid';

export interface Code2SessionFailure {
  errNo?: number;
  status?: number;
  reason: Code2SessionReason;
}

export class BodyTooLarge extends Error {}

/** Reads at most `limit` bytes; the fetch signal also bounds the time this takes. */
export async function readBounded(res: Response, limit: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge();
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function exchangeCode(
  opts: Code2SessionOptions,
  code: string,
  onFailure: (f: Code2SessionFailure) => void = () => {},
): Promise<DouyinSession> {
  let body: unknown;
  try {
    const res = await fetch(opts.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appid: opts.appId, secret: opts.appSecret, code }),
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'error',
    });
    if (!res.ok) {
      onFailure({ status: res.status, reason: 'http status' });
      await res.body?.cancel().catch(() => undefined);
      throw new HttpError(502, 'upstream_error', 'Douyin login service answered with an error');
    }
    body = JSON.parse(await readBounded(res, MAX_UPSTREAM_BODY_BYTES));
  } catch (err) {
    if (err instanceof HttpError) throw err;
    if (err instanceof BodyTooLarge) {
      onFailure({ reason: 'body too large' });
      throw new HttpError(502, 'upstream_error', 'Douyin login service answered garbage');
    }
    // Duck-typed: fetch's DOMException may come from another realm (e.g. under jest), so no instanceof.
    const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      onFailure({ reason: 'timeout' });
      throw new HttpError(504, 'upstream_timeout', 'Douyin login service did not answer in time');
    }
    onFailure({ reason: name === 'SyntaxError' ? 'non-JSON body' : 'network error' });
    throw new HttpError(502, 'upstream_error', 'Douyin login service is unreachable or answered garbage');
  }
  return readSession(body, onFailure);
}

function readSession(body: unknown, onFailure: (f: Code2SessionFailure) => void): DouyinSession {
  const rec = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const errNo = rec.err_no;
  if (typeof errNo !== 'number') {
    onFailure({ reason: 'unexpected body' });
    throw new HttpError(502, 'upstream_error', 'Douyin login service answered in an unexpected format');
  }
  if (errNo !== 0) {
    // err_no only: err_tips is upstream text and has been seen echoing request fields.
    onFailure({ errNo, reason: 'err_no' });
    if (UPSTREAM_FAULTS.has(errNo)) {
      throw new HttpError(502, 'upstream_error', 'Douyin login service refused the request');
    }
    throw new HttpError(401, 'invalid_login_code', 'Login code is invalid, expired or already used; call tt.login again');
  }
  const data = typeof rec.data === 'object' && rec.data !== null ? (rec.data as Record<string, unknown>) : {};
  if (typeof data.openid !== 'string' || data.openid === '') {
    onFailure({ errNo, reason: 'no openid' });
    throw new HttpError(502, 'upstream_error', 'Douyin login service returned no openid');
  }
  return { openid: data.openid };
}
