// Behind a reverse proxy the per-IP limit keys on the address the proxy saw, not on X-Forwarded-For
// entries the client wrote itself (finding 2: a rotating forged left-most entry escaped the limit).
import type { Config } from '../src/config';
import { errorCode, type RunningApp, startApp, testConfig } from './helpers';

let app: RunningApp | undefined;
afterEach(() => app?.close());

const LIMIT = 3;
const REAL_CLIENT = '203.0.113.7';

async function statusesWithForgedEntries(trustProxy: Config['trustProxy'], n: number, client = REAL_CLIENT): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // What a client-forged entry looks like after the proxy appends the peer it saw.
    const xff = `198.51.100.${i}, 10.0.${i}.1, ${client}`;
    out.push((await app!.post('/v1/rtc/token', { roomId: 'r', userId: `u${i}` }, { 'x-forwarded-for': xff })).status);
  }
  return out;
}

describe('TRUST_PROXY', () => {
  it.each([
    ['a hop count (1)', 1 as const],
    ['the proxy address', ['127.0.0.1']],
    ['the proxy CIDR', ['127.0.0.0/8', '::1/128']],
  ])('%s: forged X-Forwarded-For entries before the proxy\'s do not escape the per-IP limit', async (_name, tp) => {
    app = await startApp(testConfig('dev', { trustProxy: tp, rateLimit: { perIpPerMinute: LIMIT, perCallerPerMinute: 100 } }));
    const statuses = await statusesWithForgedEntries(tp, LIMIT + 3);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    // Another real client behind the same proxy has its own budget.
    expect(await statusesWithForgedEntries(tp, 1, '203.0.113.8')).toEqual([200]);
  });

  it('a request not coming from a trusted proxy is keyed on its socket address, whatever it forwards', async () => {
    const tp = ['10.9.9.9'];
    app = await startApp(testConfig('dev', { trustProxy: tp, rateLimit: { perIpPerMinute: LIMIT, perCallerPerMinute: 100 } }));
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const res = await app.post('/v1/rtc/token', { roomId: 'r', userId: `u${i}` }, { 'x-forwarded-for': `198.51.100.${i}` });
      statuses.push(res.status);
      if (res.status === 429) expect(errorCode(res)).toBe('rate_limited');
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
