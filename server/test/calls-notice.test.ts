// The subscription-message sender (Notifier) against loopback stand-ins for Douyin's client_token and
// notify_user endpoints: what it sends, how long it keeps the client token, and which outcome each
// upstream reply or failure maps to (the outcome is what the "call notice" log line reports).
import type { ServerResponse } from 'node:http';
import type { Call } from '../src/calls/model';
import { Notifier } from '../src/calls/notice';
import { MemoryCallStore } from '../src/calls/store';
import { closedPortUrl, sendJson, type StandIn, startStandIn, TEST_DOUYIN_SECRET } from './helpers';

let tokenEndpoint: StandIn;
let notify: StandIn;
let tokenReply: (res: ServerResponse) => void;
let notifyReplies: ((res: ServerResponse) => void)[];
let store: MemoryCallStore;
/** Every cacheSet the notifier made: [key, value, ttlMs]. */
let cached: [string, string, number][];
let tokenSeq = 0;

const okToken = (res: ServerResponse) => sendJson(res, 200, { data: { access_token: `clt.t${++tokenSeq}`, expires_in: 7200, error_code: 0 } });
const sent = (res: ServerResponse) => sendJson(res, 200, { err_no: 0, err_msg: '' });

beforeEach(async () => {
  tokenSeq = 0;
  tokenReply = okToken;
  notifyReplies = [];
  tokenEndpoint = await startStandIn((_b, res) => tokenReply(res));
  notify = await startStandIn((_b, res) => (notifyReplies.shift() ?? sent)(res));
  store = new MemoryCallStore(30_000);
  cached = [];
  const cacheSet = store.cacheSet.bind(store);
  store.cacheSet = (key, value, ttl) => {
    cached.push([key, value, ttl]);
    return cacheSet(key, value, ttl);
  };
});
afterEach(async () => {
  await Promise.all([tokenEndpoint.close(), notify.close()]);
});

function notifier(overrides: { clientTokenUrl?: string; notifyUrl?: string; timeoutMs?: number } = {}): Notifier {
  return new Notifier(
    {
      appId: 'tt-app',
      appSecret: TEST_DOUYIN_SECRET,
      templateId: 'TPL',
      mediaField: 'kind',
      timeField: 'when',
      clientTokenUrl: tokenEndpoint.url,
      notifyUrl: notify.url,
      timeoutMs: 2000,
      ...overrides,
    },
    store,
  );
}

// 2026-11-27 06:05 UTC is 14:05 in Beijing.
const CREATED = Date.UTC(2026, 10, 27, 6, 5, 30);
function call(media: 'audio' | 'video' = 'audio'): Call {
  return { v: 1, id: 'call-abcdefgh', caller: 'doc', callee: 'pat', callerDevice: 'd', media, state: 'ringing', roomId: 'cROOM', createdAt: CREATED, expiresAt: CREATED + 30_000 };
}

describe('what is sent', () => {
  it('an audio call: JSON body with the media label, the Beijing time and the incoming-call page, the client token in a header', async () => {
    expect(await notifier().notify('openid-1', call('audio'))).toEqual({ result: 'sent' });
    expect(notify.calls).toEqual([
      {
        contentType: 'application/json',
        body: { msg_id: 'TPL', open_id: 'openid-1', data: { kind: '语音通话', when: '2026-11-27 14:05' }, page: 'pages/call/incoming?callId=call-abcdefgh' },
      },
    ]);
    expect(notify.headers[0]?.['access-token']).toBe('clt.t1');
    expect(tokenEndpoint.calls[0]?.contentType).toBe('application/json');
  });

  it('the client token is kept until five minutes before Douyin says it expires (at least 30 s), and reused', async () => {
    const n = notifier();
    await n.notify('o', call());
    await n.notify('o', call());
    expect(tokenEndpoint.calls).toHaveLength(1);
    expect(cached.map(([, value, ttl]) => [value, ttl])).toEqual([['clt.t1', 7200_000 - 300_000]]);
    tokenReply = (res) => sendJson(res, 200, { data: { access_token: 'short', expires_in: 60, error_code: 0 } });
    await store.cacheSet(cached[0]?.[0] ?? '', '', 1); // as after the token expired
    await n.notify('o', call());
    expect(cached.at(-1)?.slice(1)).toEqual(['short', 30_000]);
  });

  it('without expires_in the token is taken to live two hours', async () => {
    tokenReply = (res) => sendJson(res, 200, { data: { access_token: 'no-expiry', error_code: 0 } });
    await notifier().notify('o', call());
    expect(cached.map(([, value, ttl]) => [value, ttl])).toEqual([['no-expiry', 7200_000 - 300_000]]);
  });
});

describe('notify replies', () => {
  it.each([
    ['200 without err_no', (r: ServerResponse) => sendJson(r, 200, { message: 'ok?' }), { result: 'bad_reply' }],
    ['200 with a non-JSON body', (r: ServerResponse) => (r.writeHead(200), r.end('<html>')), { result: 'bad_reply' }],
    ['200 with a JSON null body', (r: ServerResponse) => sendJson(r, 200, null), { result: 'bad_reply' }],
    ['a body over the size limit', (r: ServerResponse) => sendJson(r, 200, { err_no: 0, pad: 'x'.repeat(70 * 1024) }), { result: 'bad_reply' }],
    ['500 with err_no 0', (r: ServerResponse) => sendJson(r, 500, { err_no: 0 }), { result: 'refused', status: 500, errNo: 0 }],
    ['500 without err_no', (r: ServerResponse) => sendJson(r, 500, {}), { result: 'refused', status: 500 }],
    ['200 refusing (not subscribed)', (r: ServerResponse) => sendJson(r, 200, { err_no: 28014043 }), { result: 'refused', status: 200, errNo: 28014043 }],
    ['HTTP 429 without err_no', (r: ServerResponse) => sendJson(r, 429, {}), { result: 'rate_limited', status: 429 }],
    ['err_no 1010 (too frequent)', (r: ServerResponse) => sendJson(r, 200, { err_no: 1010 }), { result: 'rate_limited', status: 200, errNo: 1010 }],
  ])('%s', async (_name, reply, outcome) => {
    notifyReplies = [reply];
    expect(await notifier().notify('o', call())).toEqual(outcome);
    expect(notify.calls).toHaveLength(1);
  });

  it('HTTP 401 means the cached token is stale: it is dropped, fetched again, and the notice is sent once more', async () => {
    notifyReplies = [(r) => sendJson(r, 401, {})];
    expect(await notifier().notify('o', call('video'))).toEqual({ result: 'sent' });
    expect(notify.headers.map((h) => h['access-token'])).toEqual(['clt.t1', 'clt.t2']);
    expect((notify.calls[1]?.body as { data: Record<string, string> }).data.kind).toBe('视频通话');
  });

  it('a token refused twice is token_failed', async () => {
    notifyReplies = [(r) => sendJson(r, 401, {}), (r) => sendJson(r, 200, { err_no: 11016 })];
    expect(await notifier().notify('o', call())).toEqual({ result: 'token_failed' });
  });
});

describe('client token failures', () => {
  it.each([
    ['HTTP 500 with a token', (r: ServerResponse) => sendJson(r, 500, { data: { access_token: 'x', error_code: 0 } }), { status: 500, errNo: 0 }],
    ['an error_code', (r: ServerResponse) => sendJson(r, 200, { data: { access_token: 'x', error_code: 2190002 } }), { status: 200, errNo: 2190002 }],
    ['an empty token', (r: ServerResponse) => sendJson(r, 200, { data: { access_token: '', error_code: 0 } }), { status: 200, errNo: 0 }],
    ['no token', (r: ServerResponse) => sendJson(r, 200, { data: { error_code: 0 } }), { status: 200, errNo: 0 }],
    ['data null', (r: ServerResponse) => sendJson(r, 200, { data: null }), { status: 200 }],
    ['no data, HTTP 503', (r: ServerResponse) => sendJson(r, 503, { message: 'down' }), { status: 503 }],
  ])('%s → token_failed, nothing sent, nothing cached', async (_name, reply, detail) => {
    tokenReply = reply;
    expect(await notifier().notify('o', call())).toEqual({ result: 'token_failed', ...detail });
    expect(notify.calls).toEqual([]);
    expect(cached).toEqual([]);
  });
});

describe('transport failures', () => {
  it('an endpoint that does not answer in time is a timeout', async () => {
    const held: ServerResponse[] = [];
    notifyReplies = [(r) => held.push(r)];
    expect(await notifier({ timeoutMs: 200 }).notify('o', call())).toEqual({ result: 'timeout' });
    expect(held).toHaveLength(1);
    for (const r of held) r.destroy();
  });

  it('an endpoint that stops in the middle of the body is a timeout too', async () => {
    const held: ServerResponse[] = [];
    notifyReplies = [
      (r) => {
        r.writeHead(200, { 'content-type': 'application/json' });
        r.write('{"err_no":');
        held.push(r);
      },
    ];
    expect(await notifier({ timeoutMs: 200 }).notify('o', call())).toEqual({ result: 'timeout' });
    for (const r of held) r.destroy();
  });

  it('a refused connection is a network_error', async () => {
    expect(await notifier({ notifyUrl: await closedPortUrl() }).notify('o', call())).toEqual({ result: 'network_error' });
  });
});
