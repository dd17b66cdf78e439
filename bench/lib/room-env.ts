// The real RoomStore on the simulated Douyin runtime, driven by the virtual clock. The RTC room the
// store creates is also listened to by the baseline page, so both see the same platform events.
import type { AppServices } from '../../services/runtime';
import type { RtcRoom } from '../../services/rtc/rtc-room';
import type { RoomStore } from '../../stores/room-store';
import { roomPageParts, type RoomPageParts } from '../../pages/room/wire';
import type { RtcCloud, RtcCloudOptions } from '../../sim/cloud';
import type { FakeTt } from '../../sim/fake-tt';
import { createRoomHarness, ME, ROOM } from '../../sim/helpers/room-harness';

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
  // The test harness's store (jitter fixed at the middle: the first backoff step is exactly
  // DEFAULT_BACKOFF.baseMs), with every RTC room it creates shown to `onRoom`.
  const h = createRoomHarness({
    cloud: cloudOptions,
    deps: (services) => ({
      createRtcRoom: (appId) => {
        const rtc = createRtcRoom ? createRtcRoom(appId) : services.createRtcRoom(appId);
        if (onRoom) onRoom(rtc);
        return rtc;
      },
    }),
  });
  return { cloud: h.cloud, fake: h.fake, services: h.services, store: h.store, query: () => h.query() };
}
