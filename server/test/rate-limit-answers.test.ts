// What a throttled client is told (429 rate_limited, a message and Retry-After that agree and point to
// the end of the current window), that /healthz is never throttled, and how the refusals are logged:
// one summary line with the count and the window, none when nothing was refused.
import { errorOf, logLines, request, type RunningApp, startApp, testConfig } from './helpers';

let app: RunningApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function expectRetryInWindow(res: Awaited<ReturnType<typeof request>>) {
  expect(res.status).toBe(429);
  const retry = Number(res.headers.get('retry-after'));
  // One-minute window that has just started: well over a second to go, never more than 60 s.
  expect(retry).toBeGreaterThan(1);
  expect(retry).toBeLessThanOrEqual(60);
  expect(errorOf(res)).toEqual({ code: 'rate_limited', message: `Too many requests; retry in ${retry} s` });
}

it('per IP: the refusal says when to retry; /healthz keeps answering; the log counts refusals per 60 s window', async () => {
  app = await startApp(testConfig('dev', { rateLimit: { perIpPerMinute: 2, perCallerPerMinute: 100 } }));
  for (let i = 0; i < 2; i++) expect((await app.post('/v1/rtc/token', { roomId: 'r', userId: `u${i}` })).status).toBe(200);
  expectRetryInWindow(await app.post('/v1/rtc/token', { roomId: 'r', userId: 'u9' }));
  for (let i = 0; i < 4; i++) expect((await request(`${app.url}/healthz`)).status).toBe(200);
  await app.close();
  const summary = logLines(app).filter((l) => l.msg === 'rate-limited requests');
  expect(summary).toEqual([expect.objectContaining({ rateLimited: 1, windowS: 60, level: 30 })]);
  app = undefined;
});

it('per caller: the same answer once one userId asks too often', async () => {
  app = await startApp(testConfig('dev', { rateLimit: { perIpPerMinute: 100, perCallerPerMinute: 1 } }));
  expect((await app.post('/v1/rtc/token', { roomId: 'r', userId: 'same' })).status).toBe(200);
  expectRetryInWindow(await app.post('/v1/rtc/token', { roomId: 'r', userId: 'same' }));
});

it('no refusals: no summary line at close', async () => {
  app = await startApp(testConfig('dev'));
  expect((await app.post('/v1/rtc/token', { roomId: 'r', userId: 'u' })).status).toBe(200);
  await app.close();
  expect(logLines(app).filter((l) => l.msg === 'rate-limited requests')).toEqual([]);
  app = undefined;
});
