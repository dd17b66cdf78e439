// services/calls-socket.ts closes a socket it gave up on while it was still connecting (stop() or the
// app hidden before connectSocket's success/open). Before, such a task was abandoned open: it held one
// of the platform's five socket slots and sat on the server without a hello until its 10 s timeout.
import { createCallsSocket } from '../../services/calls-socket';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt } from '../../sim/fake-tt';
import { FakeCallServer } from '../../sim/helpers/call-server';
import { flush } from '../../sim/time';

const URL = 'wss://calls.example.com/v1/calls/socket';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function setup() {
  const cloud = new RtcCloud();
  const server = new FakeCallServer({ grant: (roomId, u) => ({ roomId, token: cloud.mintToken(roomId, u), expireAt: 0, appId: 'x' }), users: ['bob'] });
  const phone = createFakeTt(cloud, { socketServer: server, label: 'alice' });
  const socket = createCallsSocket({ platform: phone.tt, url: URL, deviceId: 'd-alice-1', auth: () => Promise.resolve({ userId: 'alice' }), random: () => 0.5 });
  return { phone, socket };
}

test('stop() while connecting: that socket is closed too, not left open', async () => {
  const t = setup();
  t.socket.start();
  t.socket.stop();
  await flush();
  expect(t.phone.control.sockets).toHaveLength(1);
  expect(t.phone.control.sockets[0].state).toBe('closed');
  expect(t.phone.control.violations).toEqual([]);
});

test('stop()/start() cycles while connecting never pile up sockets', async () => {
  const t = setup();
  for (let i = 0; i < 6; i++) {
    t.socket.start();
    t.socket.stop();
    await flush();
  }
  t.socket.start();
  await flush();
  expect(t.socket.status).toBe('open');
  expect(t.phone.control.sockets.filter((s) => s.state !== 'closed')).toHaveLength(1);
});

test('hidden while connecting: no socket stays open in the background', async () => {
  const t = setup();
  t.socket.start();
  t.phone.control.appHide();
  await flush();
  expect(t.socket.status).toBe('paused');
  expect(t.phone.control.sockets.every((s) => s.state === 'closed')).toBe(true);
});
