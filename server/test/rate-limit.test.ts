// Per-IP and per-caller limits answer 429 in our shape; /healthz is never throttled.
import { errorCode, request, type RunningApp, startApp, testConfig } from './helpers';

let app: RunningApp | undefined;
afterEach(() => app?.close());

describe('rate limiting', () => {
  it('per IP: the request over the limit gets 429 with Retry-After, health checks keep working', async () => {
    app = await startApp(testConfig('dev', { rateLimit: { perIpPerMinute: 3, perCallerPerMinute: 100 } }));
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.post('/v1/rtc/token', { roomId: 'r', userId: `u${i}` })).status);
    expect(statuses).toEqual([200, 200, 200]);

    const limited = await app.post('/v1/rtc/token', { roomId: 'r', userId: 'u9' });
    expect(limited.status).toBe(429);
    expect(errorCode(limited)).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The per-IP limit covers every API route, including room creation and bad input.
    expect((await app.post('/v1/rooms')).status).toBe(429);
    expect((await app.post('/v1/rtc/token', '{bad')).status).toBe(429);

    for (let i = 0; i < 5; i++) expect((await request(`${app.url}/healthz`)).status).toBe(200);
  });

  it('per caller: one userId is throttled while others from the same IP are not', async () => {
    app = await startApp(testConfig('dev', { rateLimit: { perIpPerMinute: 100, perCallerPerMinute: 2 } }));
    const a = () => app!.post('/v1/rtc/token', { roomId: 'r', userId: 'alice' });
    expect((await a()).status).toBe(200);
    expect((await a()).status).toBe(200);
    const limited = await a();
    expect(limited.status).toBe(429);
    expect(errorCode(limited)).toBe('rate_limited');
    expect((await app.post('/v1/rtc/token', { roomId: 'r', userId: 'bob' })).status).toBe(200);
  });
});
