// The log line of a records request (GET /v1/calls) names the user and how many records were sent,
// so an operator can tell "no calls" from "calls not shown" for a user.
import { request, type RunningApp, startApp, testConfig } from './helpers';
import { newCallId, Phone } from './phone';

let app: RunningApp;
const phones: Phone[] = [];
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.kill()));
  await app?.close();
});

function requestLines(): Record<string, unknown>[] {
  return app
    .logs()
    .split('\n')
    .filter((l) => l.includes('"url":"/v1/calls"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
async function lineFor(userId: string): Promise<Record<string, unknown>> {
  // The line is written when the response is done, which may be just after fetch() resolves.
  for (let i = 0; i < 200; i++) {
    const line = requestLines().find((l) => l.userId === userId);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no /v1/calls line for ${userId}: ${JSON.stringify(requestLines())}`);
}

it('GET /v1/calls logs the user and the number of records', async () => {
  app = await startApp(testConfig('dev'));
  const caller = await Phone.connect(app.wsUrl, { userId: 'rec-caller' });
  const callee = await Phone.connect(app.wsUrl, { userId: 'rec-callee' });
  phones.push(caller, callee);
  for (let i = 0; i < 2; i++) {
    const callId = newCallId();
    await caller.request({ type: 'invite', callId, callee: 'rec-callee', media: 'audio' });
    await callee.ring(callId);
    await callee.request({ type: 'decline', callId });
    await caller.call(callId, 'declined');
  }

  const res = await request(`${app.url}/v1/calls`, { headers: { 'x-user-id': 'rec-caller' } });
  expect((res.json as { calls: unknown[] }).calls).toHaveLength(2);
  expect(await lineFor('rec-caller')).toMatchObject({ m: 'GET', s: 200, userId: 'rec-caller', records: 2 });

  await request(`${app.url}/v1/calls`, { headers: { 'x-user-id': 'nobody-yet' } });
  expect(await lineFor('nobody-yet')).toMatchObject({ s: 200, userId: 'nobody-yet', records: 0 });
});
