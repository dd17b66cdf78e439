// Several simulated phones on one fake signalling server (sim/helpers/call-server.ts): each phone has
// its own fake tt, its own calls socket (the real service) and its own CallStore, as on devices.
import { createCallsSocket, type CallsSocket } from '../../services/calls-socket';
import { CallStore } from '../../stores/call-store';
import { Presence } from '../../stores/presence';
import { RtcCloud, SIM_APP_ID } from '../cloud';
import { createFakeTt, type FakeTt } from '../fake-tt';
import { FakeCallServer } from './call-server';

const SOCKET_URL = 'wss://rtc-token.example.com/v1/calls/socket';

export interface Phone extends FakeTt {
  userId: string;
  deviceId: string;
  socket: CallsSocket;
  store: CallStore;
  presence: Presence;
}

export function callWorld(options: { users?: string[]; ringTimeoutMs?: number } = {}) {
  const cloud = new RtcCloud();
  const server = new FakeCallServer({
    grant: (roomId, userId) => ({ roomId, token: cloud.mintToken(roomId, userId, { ttlMs: 3600000 }), expireAt: Math.floor(Date.now() / 1000) + 3600, appId: SIM_APP_ID }),
    users: options.users,
    ringTimeoutMs: options.ringTimeoutMs,
  });
  let n = 0;
  const phone = (userId: string, deviceId = `d-${userId}-${++n}`): Phone => {
    const fake = createFakeTt(cloud, { label: `${userId}@${deviceId}`, socketServer: server });
    const socket = createCallsSocket({ platform: fake.tt, url: SOCKET_URL, deviceId, auth: () => Promise.resolve({ userId }), random: () => 0.5 });
    const presence = new Presence();
    let seq = 0;
    const store = new CallStore({ socket, presence, devUserId: userId, newCallId: () => `call-${userId}-${deviceId}-${++seq}` });
    socket.start();
    return { ...fake, userId, deviceId, socket, store, presence };
  };
  return { cloud, server, phone };
}
