// The real RoomStore on the simulated Douyin runtime, driven by the virtual clock. The RTC room the
// store creates is also listened to by the baseline page, so both see the same platform events.
import { buildServices, type AppServices } from '../../services/runtime';
import type { RtcRoom } from '../../services/rtc/rtc-room';
import { RoomStore } from '../../stores/room-store';
import { roomPageParts, type RoomPageParts } from '../../pages/room/wire';
import { RtcCloud, type RtcCloudOptions } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { APP_ID, FIXED_RANDOM, ME, ROOM } from '../../sim/helpers/room-harness';

export { ME, ROOM };

export type ListEvent = 'members' | 'videoMembers' | 'speakers' | 'screenMembers';
export const LIST_EVENTS: readonly ListEvent[] = ['members', 'videoMembers', 'speakers', 'screenMembers'];

/** The room page's recorder, sheets, UI state and view sections on this env, opened (as room.ts does). */
export function openAsPage(env: RoomEnv): RoomPageParts {
  return roomPageParts(env.store, env.services, undefined, undefined, () => env.store.open(env.query()));
}

export interface RoomEnv {
  cloud: RtcCloud;
  fake: FakeTt;
  services: AppServices;
  store: RoomStore;
  query(): Record<string, string>;
}

/** `onRoom` sees every RTC room the store creates (a reconnect may recreate it). */
export function createRoomEnv(
  onRoom?: (rtc: RtcRoom) => void,
  createRtcRoom?: (appId: string) => RtcRoom,
  cloudOptions?: RtcCloudOptions,
): RoomEnv {
  const cloud = new RtcCloud(cloudOptions);
  const fake = createFakeTt(cloud, { label: ME });
  const services = buildServices(fake.tt, { appId: APP_ID, tokenServiceUrl: '' });
  const store = new RoomStore({
    appId: services.appId,
    createRtcRoom: (appId) => {
      const rtc = createRtcRoom ? createRtcRoom(appId) : services.createRtcRoom(appId);
      if (onRoom) onRoom(rtc);
      return rtc;
    },
    permissions: services.permissions,
    device: services.device,
    tokenSource: null,
    // Jitter fixed at the middle: the first backoff step is exactly DEFAULT_BACKOFF.baseMs.
    random: FIXED_RANDOM,
  });
  return {
    cloud,
    fake,
    services,
    store,
    query: () => ({ roomId: ROOM, userId: ME, token: encodeURIComponent(cloud.mintToken(ROOM, ME)) }),
  };
}
