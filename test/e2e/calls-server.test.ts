// The app's calls (services/calls-socket.ts + stores/call-store.ts + the token client) against the
// REAL token service: each simulated phone's tt.connectSocket is bridged to a real WebSocket on
// loopback, tt.request to real HTTP. Real timers (real sockets do not mix with fake ones).
import WebSocket from 'ws';
import { createCallsSocket } from '../../services/calls-socket';
import { parseAccessToken } from '../../server/src/token/access-token';
import { createTokenClient } from '../../services/token-client';
import { CallStore, callStatusText } from '../../stores/call-store';
import { CALL_TEXT } from '../../stores/messages';
import { Presence } from '../../stores/presence';
import { type RunningApp, startApp, TEST_APP_ID, testConfig } from '../../server/test/helpers';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import type { SimServerConnection, SimSocketServer } from '../../sim/sockets';

let app: RunningApp;
const sockets: WebSocket[] = [];
const stops: Array<() => void> = [];

beforeEach(async () => {
  app = await startApp(testConfig('dev'));
});
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const s of sockets.splice(0)) s.terminate();
  await app.close();
});

/** Each simulated socket becomes a real one to the server; frames and closes pass both ways. */
function bridge(wsUrl: string): SimSocketServer {
  return {
    accept(conn: SimServerConnection) {
      const ws = new WebSocket(wsUrl);
      sockets.push(ws);
      const early: string[] = [];
      ws.on('open', () => {
        for (const f of early.splice(0)) ws.send(f);
      });
      ws.on('message', (data) => conn.send(String(data)));
      ws.on('close', (code, reason) => {
        if (conn.open) conn.close(code, String(reason));
      });
      conn.onMessage((data) => {
        const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
        if (ws.readyState === WebSocket.OPEN) ws.send(text);
        else early.push(text);
      });
      conn.onClose(() => ws.close());
    },
  };
}

interface Phone {
  fake: FakeTt;
  store: CallStore;
}

function phone(cloud: RtcCloud, userId: string): Phone {
  const fake = createFakeTt(cloud, { label: userId, socketServer: bridge(app.wsUrl), releaseBuild: false });
  // tt.request → real HTTP on loopback (the token client's GET /v1/calls).
  fake.control.setRequestHandler(async (req) => {
    const res = await fetch(req.url, { method: req.method, headers: req.header, body: req.method === 'GET' ? undefined : JSON.stringify(req.data) });
    return { statusCode: res.status, data: await res.json() };
  });
  const socket = createCallsSocket({ platform: fake.tt, url: app.wsUrl, deviceId: `d-${userId}`, auth: () => Promise.resolve({ userId }) });
  let seq = 0;
  const store = new CallStore({ socket, presence: new Presence(), devUserId: userId, newCallId: () => `e2e-${userId}-${Date.now()}-${++seq}` });
  socket.start();
  stops.push(() => {
    store.dispose();
    socket.stop();
  });
  return { fake, store };
}

async function until(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('two phones through the real server: ring, accept (each its own token for one room), hang up, matching records', async () => {
  const cloud = new RtcCloud();
  const doctor = phone(cloud, 'doctor');
  const patient = phone(cloud, 'patient');
  await until('both welcomed', () => doctor.store.connection === 'open' && patient.store.connection === 'open');
  expect(doctor.store.dial('patient', 'video')).toBeNull();
  await until('the patient rings', () => !!patient.store.call && patient.store.call.phase === 'ringing');
  expect(patient.store.call).toMatchObject({ direction: 'in', peer: 'doctor', media: 'video' });
  patient.store.accept();
  await until('both accepted', () => doctor.store.call?.phase === 'accepted' && patient.store.call?.phase === 'accepted');
  const a = doctor.store.call!.room!;
  const b = patient.store.call!.room!;
  expect(a.roomId).toBe(b.roomId);
  expect(a.appId).toBe(TEST_APP_ID);
  expect(parseAccessToken(a.token)).toMatchObject({ roomId: a.roomId, userId: 'doctor' });
  expect(parseAccessToken(b.token)).toMatchObject({ roomId: b.roomId, userId: 'patient' });
  patient.store.hangup();
  await until('both ended', () => doctor.store.call?.state === 'ended' && patient.store.call?.state === 'ended');

  const client = createTokenClient({ platform: doctor.fake.tt, baseUrl: app.url });
  const mine = await client.listCalls('doctor');
  const theirs = await createTokenClient({ platform: patient.fake.tt, baseUrl: app.url }).listCalls('patient');
  expect(mine[0]).toMatchObject({ peer: 'patient', direction: 'out', media: 'video', outcome: 'completed' });
  expect(theirs[0]).toMatchObject({ peer: 'doctor', direction: 'in', media: 'video', outcome: 'completed', callId: mine[0].callId });
});

test('declined and busy through the real server, in the words each side sees', async () => {
  const cloud = new RtcCloud();
  const doctor = phone(cloud, 'doctor');
  const patient = phone(cloud, 'patient');
  const nurse = phone(cloud, 'nurse');
  await until('welcomed', () => doctor.store.connection === 'open' && patient.store.connection === 'open' && nurse.store.connection === 'open');
  doctor.store.dial('patient', 'audio');
  await until('ringing', () => patient.store.call?.phase === 'ringing');
  patient.store.decline();
  await until('declined', () => doctor.store.call?.state === 'declined');
  expect(callStatusText(doctor.store.call)).toBe(CALL_TEXT.declinedByPeer);
  expect(callStatusText(patient.store.call)).toBe(CALL_TEXT.declinedByMe);
  doctor.store.dismiss();
  patient.store.dismiss();
  // The patient is in a call now: a third phone ringing her gets busy from the server.
  doctor.store.dial('patient', 'audio');
  await until('ringing again', () => patient.store.call?.phase === 'ringing');
  patient.store.accept();
  await until('accepted', () => doctor.store.call?.phase === 'accepted');
  nurse.store.dial('patient', 'audio');
  await until('busy', () => nurse.store.call?.state === 'busy');
  expect(callStatusText(nurse.store.call)).toBe(CALL_TEXT.busy);
  // Busy never rang the patient: she is still in the doctor's call.
  expect(patient.store.call).toMatchObject({ peer: 'doctor', phase: 'accepted' });
});
