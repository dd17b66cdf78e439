// Douyin subscription message (notify_user v2) for a callee who is not in the app. Needs a client
// token (oauth/client_token, app id + secret), cached until shortly before it expires and shared
// through the CallStore (Redis when configured), so N instances fetch one between them.
// Upstream text never reaches the logs (it can echo what we sent); only statuses and err_no.
import { BodyTooLarge, MAX_UPSTREAM_BODY_BYTES, readBounded } from '../auth/douyin-session';
import type { Call } from './model';
import type { CallStore } from './store';

export interface NoticeOptions {
  appId: string;
  appSecret: string;
  templateId: string;
  mediaField: string;
  timeField: string;
  clientTokenUrl: string;
  notifyUrl: string;
  timeoutMs: number;
}

export type NoticeResult =
  | { result: 'sent' }
  | { result: 'refused' | 'rate_limited' | 'token_failed'; errNo?: number; status?: number }
  | { result: 'timeout' | 'network_error' | 'bad_reply' };

const CLIENT_TOKEN_CACHE_KEY = 'dy_client_token';
/** The cached token is dropped this long before Douyin says it expires. */
const CLIENT_TOKEN_MARGIN_MS = 5 * 60_000;
/** err_no values meaning "send again later" (1010 too frequent, 28006003 QPS cap). */
const RATE_LIMITED = new Set([1010, 28006003]);
/** err_no values meaning our access token is not (or no longer) valid. */
const TOKEN_INVALID = new Set([11016, 28001003, 28001008]);

const INCOMING_CALL_PAGE = 'pages/call/incoming';

class Upstream extends Error {
  constructor(readonly outcome: NoticeResult) {
    super(outcome.result);
  }
}

/** Beijing time, as the callee reads it: 2026-11-27 14:05. */
function beijingTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export class Notifier {
  private inflight: Promise<string> | null = null;

  constructor(
    private readonly opts: NoticeOptions,
    private readonly store: CallStore,
  ) {}

  private async post(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
        redirect: 'error',
      });
      const text = await readBounded(res, MAX_UPSTREAM_BODY_BYTES);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: res.status, json: typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {} };
    } catch (err) {
      if (err instanceof BodyTooLarge) throw new Upstream({ result: 'bad_reply' });
      const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new Upstream({ result: 'timeout' });
      throw new Upstream({ result: 'network_error' });
    }
  }

  /** The client token: shared cache first, else one fetch per instance at a time. */
  async clientToken(): Promise<string> {
    const cached = await this.store.cacheGet(CLIENT_TOKEN_CACHE_KEY);
    if (cached !== null && cached !== '') return cached;
    if (this.inflight) return this.inflight;
    this.inflight = this.fetchClientToken().finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async fetchClientToken(): Promise<string> {
    const { status, json } = await this.post(this.opts.clientTokenUrl, {}, {
      client_key: this.opts.appId,
      client_secret: this.opts.appSecret,
      grant_type: 'client_credential',
    });
    const data = typeof json.data === 'object' && json.data !== null ? (json.data as Record<string, unknown>) : {};
    const errNo = typeof data.error_code === 'number' ? data.error_code : undefined;
    if (status !== 200 || errNo !== 0 || typeof data.access_token !== 'string' || data.access_token === '') {
      throw new Upstream({ result: 'token_failed', status, ...(errNo !== undefined ? { errNo } : {}) });
    }
    const expiresInMs = (typeof data.expires_in === 'number' ? data.expires_in : 7200) * 1000;
    const ttl = Math.max(30_000, expiresInMs - CLIENT_TOKEN_MARGIN_MS);
    await this.store.cacheSet(CLIENT_TOKEN_CACHE_KEY, data.access_token, ttl);
    return data.access_token;
  }

  async notify(openid: string, call: Call): Promise<NoticeResult> {
    try {
      let outcome = await this.sendOnce(openid, call);
      if (outcome === 'retry') {
        // The cached token was refused: drop it everywhere and try once with a fresh one.
        await this.store.cacheSet(CLIENT_TOKEN_CACHE_KEY, '', 1);
        outcome = await this.sendOnce(openid, call);
      }
      return outcome === 'retry' ? { result: 'token_failed' } : outcome;
    } catch (err) {
      if (err instanceof Upstream) return err.outcome;
      return { result: 'network_error' };
    }
  }

  private async sendOnce(openid: string, call: Call): Promise<NoticeResult | 'retry'> {
    const token = await this.clientToken();
    const { status, json } = await this.post(this.opts.notifyUrl, { 'access-token': token }, {
      msg_id: this.opts.templateId,
      open_id: openid,
      data: {
        [this.opts.mediaField]: call.media === 'video' ? '视频通话' : '语音通话',
        [this.opts.timeField]: beijingTime(call.createdAt),
      },
      page: `${INCOMING_CALL_PAGE}?callId=${call.id}`,
    });
    const errNo = typeof json.err_no === 'number' ? json.err_no : undefined;
    if (status === 401 || (errNo !== undefined && TOKEN_INVALID.has(errNo))) return 'retry';
    if (status === 429 || (errNo !== undefined && RATE_LIMITED.has(errNo))) {
      return { result: 'rate_limited', status, ...(errNo !== undefined ? { errNo } : {}) };
    }
    if (status === 200 && errNo === 0) return { result: 'sent' };
    if (status === 200 && errNo === undefined) return { result: 'bad_reply' };
    return { result: 'refused', status, ...(errNo !== undefined ? { errNo } : {}) };
  }
}
