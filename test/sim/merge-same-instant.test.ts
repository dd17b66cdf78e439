// RtcCloud option mergeSameInstant: changes made in one synchronous run reach each client as one
// snapshot per list (the platform may batch this way; unverified). The default stays one per change.
import type { RawRtcRoomContext } from '../../services/platform/tt-types';
import { RtcCloud, SIM_APP_ID } from '../../sim/cloud';
import { createFakeTt } from '../../sim/fake-tt';
import { flush } from '../../sim/time';

interface Seen {
  members: string[][];
  speakers: string[][];
}

async function joinedClient(cloud: RtcCloud): Promise<Seen> {
  const fake = createFakeTt(cloud, { label: 'alice' });
  const ctx = fake.tt.createRtcRoomContext!({ appId: SIM_APP_ID }) as RawRtcRoomContext;
  const seen: Seen = { members: [], speakers: [] };
  ctx.onRtcChatMembersChanged!((p) => seen.members.push(p.userIdList));
  ctx.onRtcChatSpeakersChanged!((p) => seen.speakers.push(p.userIdList));
  const joinRoom = ctx.joinRtcRoom as unknown as (o: object) => void;
  joinRoom.call(ctx, { roomId: 'r', userId: 'alice', token: cloud.mintToken('r', 'alice') });
  await flush();
  return seen;
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function sameInstant(cloud: RtcCloud): void {
  const bob = cloud.addRemote('r', 'bob', { mic: true });
  const carol = cloud.addRemote('r', 'carol', { mic: true });
  bob.speak(true);
  carol.speak(true);
}

test('default: one snapshot per change, even within one instant', async () => {
  const cloud = new RtcCloud();
  const seen = await joinedClient(cloud);
  seen.members.length = 0;
  seen.speakers.length = 0;
  sameInstant(cloud);
  await flush();
  expect(seen.members).toEqual([['alice', 'bob'], ['alice', 'bob', 'carol']]);
  expect(seen.speakers).toEqual([['bob'], ['bob', 'carol']]);
});

test('mergeSameInstant: one snapshot per list for the whole instant; later instants still arrive', async () => {
  const cloud = new RtcCloud({ mergeSameInstant: true });
  const seen = await joinedClient(cloud);
  expect(seen.members).toEqual([['alice']]);
  expect(seen.speakers).toEqual([[]]);
  sameInstant(cloud);
  await flush();
  expect(seen.members).toEqual([['alice'], ['alice', 'bob', 'carol']]);
  expect(seen.speakers).toEqual([[], ['bob', 'carol']]);
  const dave = cloud.addRemote('r', 'dave');
  await flush();
  dave.leave();
  await flush();
  expect(seen.members.slice(2)).toEqual([['alice', 'bob', 'carol', 'dave'], ['alice', 'bob', 'carol']]);
});

test('mergeSameInstant: a change undone within the instant sends nothing', async () => {
  const cloud = new RtcCloud({ mergeSameInstant: true });
  const seen = await joinedClient(cloud);
  const n = seen.members.length;
  const eve = cloud.addRemote('r', 'eve');
  eve.leave();
  await flush();
  expect(seen.members.length).toBe(n);
});
