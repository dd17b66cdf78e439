// services/calls-socket.ts over the simulated tt.connectSocket and the contract's fake server.
import { createCallsSocket, type ServerFrame } from '../../services/calls-socket';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { flush } from '../../sim/time';
import { FakeCallServer } from '../../sim/helpers/call-server';

const URL = 'wss://calls.example.com/v1/calls/socket';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function setup(userId = 'alice', deviceId = 'd-alice-1', fake?: FakeTt) {
  const cloud = new RtcCloud();
  const server = new FakeCallServer({ grant: (roomId, u) => ({ roomId, token: cloud.mintToken(roomId, u), expireAt: 0, appId: 'x' }), users: ['bob'] });
  const phone = fake || createFakeTt(cloud, { socketServer: server, label: userId });
  if (fake) fake.control.setSocketServer(server);
  const socket = createCallsSocket({ platform: phone.tt, url: URL, deviceId, auth: () => Promise.resolve({ userId }), random: () => 0.5 });
  const frames: ServerFrame[] = [];
  socket.onFrame((f) => frames.push(f));
  return { cloud, server, phone, socket, frames };
}

function sentTypes(socket: { phone: FakeTt }): string[] {
  return socket.phone.control.sockets.flatMap((s) => s.sent.map((d) => JSON.parse(String(d)).type as string));
}

test('hello first (identity in the frame, not the URL), welcome, then a ping every heartbeatMs', async () => {
  const t = setup();
  t.socket.start();
  await flush();
  expect(t.socket.status).toBe('open');
  expect(t.socket.userId).toBe('alice');
  const hello = JSON.parse(String(t.phone.control.sockets[0].sent[0]));
  expect(hello).toEqual({ type: 'hello', id: expect.any(String), deviceId: 'd-alice-1', auth: { userId: 'alice' } });
  expect(t.phone.control.sockets[0].url).toBe(URL);
  await jest.advanceTimersByTimeAsync(25000 * 3);
  expect(sentTypes(t).filter((x) => x === 'ping')).toHaveLength(3);
  expect(t.phone.control.violations).toEqual([]);
  expect(t.phone.control.sockets.filter((s) => s.state !== 'closed')).toHaveLength(1);
});

test('a dropped socket reconnects with backoff, and an action sent meanwhile is delivered once it is back', async () => {
  const t = setup();
  t.socket.start();
  await flush();
  t.phone.control.dropSockets();
  await flush();
  expect(t.socket.status).toBe('waiting');
  let acked = false;
  const sent = t.socket.send({ type: 'query', callId: 'nonexistent1' }).then(() => (acked = true), (e: Error) => e.message);
  await jest.advanceTimersByTimeAsync(1400); // first retry after 1 s ± 30 %
  expect(t.socket.status).toBe('open');
  expect(await sent).toMatch(/not_found/);
  expect(acked).toBe(false);
  expect(t.phone.control.sockets.filter((s) => s.state !== 'closed')).toHaveLength(1);
});

test('retries back off while the server is unreachable, and never hold more than one socket', async () => {
  const t = setup();
  t.phone.control.setSocketServer(null);
  t.socket.start();
  await jest.advanceTimersByTimeAsync(60000);
  const n = t.phone.control.sockets.length;
  expect(n).toBeGreaterThan(3);
  expect(n).toBeLessThan(10); // 1, 2, 4, 8, 16, 30 s …
  t.phone.control.setSocketServer(t.server);
  await jest.advanceTimersByTimeAsync(31000);
  expect(t.socket.status).toBe('open');
  expect(t.phone.control.sockets.filter((s) => s.state !== 'closed')).toHaveLength(1);
});

test('closed on app hide, reopened on show (the platform would drop it 5 s into the background anyway)', async () => {
  const t = setup();
  t.socket.start();
  await flush();
  t.phone.control.appHide();
  await flush();
  expect(t.socket.status).toBe('paused');
  expect(t.phone.control.sockets[0].state).toBe('closed');
  await jest.advanceTimersByTimeAsync(60000);
  expect(t.phone.control.sockets).toHaveLength(1); // no retries in the background
  t.phone.control.appShow();
  await flush();
  expect(t.socket.status).toBe('open');
  expect(t.phone.control.sockets).toHaveLength(2);
});

test('replaced by another socket of the same device (4000): stays down instead of fighting', async () => {
  const t = setup();
  t.socket.start();
  await flush();
  const twin = createCallsSocket({ platform: t.phone.tt, url: URL, deviceId: 'd-alice-1', auth: () => Promise.resolve({ userId: 'alice' }) });
  twin.start();
  await flush();
  expect(t.socket.status).toBe('replaced');
  expect(twin.status).toBe('open');
  await jest.advanceTimersByTimeAsync(60000);
  expect(twin.status).toBe('open');
});

test('an unknown frame type gets the server error with its id; malformed server text is ignored', async () => {
  const t = setup();
  t.socket.start();
  await flush();
  const refused = t.socket.send({ type: 'dance' }).catch((e: unknown) => e);
  await flush();
  expect(await refused).toMatchObject({ code: 'unknown_type' });
  t.server.conns[0].socket.send('{not json');
  t.server.conns[0].socket.send(JSON.stringify({ nope: 1 }));
  await flush();
  expect(t.frames.map((f) => f.type)).toEqual(['welcome']);
  expect(t.socket.status).toBe('open');
});

test('stop() closes the socket and rejects what is still waiting', async () => {
  const t = setup();
  t.phone.control.setSocketServer(null);
  t.socket.start();
  const p = t.socket.send({ type: 'query', callId: 'abcdefgh' });
  t.socket.stop();
  await expect(p).rejects.toMatchObject({ code: 'stopped' });
  await jest.advanceTimersByTimeAsync(60000);
  expect(t.phone.control.sockets.every((s) => s.state === 'closed')).toBe(true);
});
