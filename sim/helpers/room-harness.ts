// Builds a RoomStore wired to real services on a simulated Douyin client, plus the cloud around it.
import type { TokenExpiry } from '../../services/link-token';
import { buildServices, type AppServices } from '../../services/runtime';
import type { BackoffPolicy } from '../../stores/backoff';
import type { RoomDeps, TokenSource } from '../../stores/room-deps';
import { RoomStore } from '../../stores/room-store';
import { RtcCloud, type RtcCloudOptions } from '../cloud';
import { createFakeTt, type FakeTt, type FakeTtOptions } from '../fake-tt';
import { flush } from '../time';
import { AccessToken } from '../../server/src/token/access-token';

export const APP_ID = '65a1b2c3d4e5f60718293a4b';
export const ROOM = 'room-1';
export const ME = 'alice';

export interface RoomHarness {
  cloud: RtcCloud;
  fake: FakeTt;
  services: AppServices;
  store: RoomStore;
  /** A valid link query for ME in ROOM. */
  query(extra?: Record<string, string>): Record<string, string>;
  /** Platform calls made, as 'ctx.joinRtcRoom' etc., in order. */
  apis(prefix?: string): string[];
  settle(ms?: number): Promise<void>;
  /** Opens `query` (default: a valid link) and lets the join finish; throws, naming the phase, when it did not join. */
  join(query?: Record<string, string>, prefs?: { mic?: boolean; camera?: boolean }): Promise<void>;
  /** Leaves (whatever the phase), lets `ms` of time pass until the leave is done, and says what stayed behind. */
  leaveRoom(ms?: number): Promise<{ violations: string[]; liveContexts: number }>;
}

export interface HarnessOptions {
  cloud?: RtcCloudOptions;
  tt?: FakeTtOptions;
  tokenSource?: TokenSource | null;
  readTokenExpiry?: (token: string) => TokenExpiry;
  backoff?: BackoffPolicy;
  appId?: string;
  /** Store deps the options above do not cover (config problems, caps, a wrapped createRtcRoom), given the services. */
  deps?: (services: AppServices) => Partial<RoomDeps>;
}

/** Jitter-free backoff so reconnect timings in tests are exact: 1 s, 2 s, 4 s … */
const FIXED_RANDOM = (): number => 0.5;

export function createRoomHarness(options: HarnessOptions = {}): RoomHarness {
  const cloud = new RtcCloud(options.cloud);
  const fake = createFakeTt(cloud, { label: ME, ...options.tt });
  const services = buildServices(fake.tt, { appId: options.appId === undefined ? APP_ID : options.appId, tokenServiceUrl: '' });
  const store = new RoomStore({
    appId: services.appId,
    createRtcRoom: services.createRtcRoom,
    permissions: services.permissions,
    device: services.device,
    tokenSource: options.tokenSource === undefined ? null : options.tokenSource,
    readTokenExpiry: options.readTokenExpiry,
    backoff: options.backoff,
    random: FIXED_RANDOM,
    ...(options.deps ? options.deps(services) : {}),
  });
  const queryFor = (extra: Record<string, string> = {}): Record<string, string> => ({
    roomId: ROOM,
    userId: ME,
    token: encodeURIComponent(cloud.mintToken(ROOM, ME)),
    ...extra,
  });
  return {
    cloud,
    fake,
    services,
    store,
    query: queryFor,
    apis: (prefix = 'ctx.') => fake.control.calls.map((c) => c.api).filter((a) => a.startsWith(prefix)),
    settle: (ms = 20) => flush(ms),
    join: async (query, prefs) => {
      store.open(query || queryFor(), prefs);
      await flush(20);
      if (store.phase !== 'joined') throw new Error(`harness: expected to be joined, the store is ${store.phase}`);
    },
    leaveRoom: async (ms = 1000) => {
      const left = store.leave();
      await flush(ms);
      await left;
      return { violations: fake.control.violations.slice(), liveContexts: fake.control.liveContexts };
    },
  };
}

/**
 * A well-formed token for our AppId, room and user that the cloud refuses (21101): signed with a key it
 * does not know, as after an AppKey rotation. The app cannot tell without the key, so it tries to join.
 */
export function unverifiableToken(roomId: string = ROOM, userId: string = ME, expireAt = 0): string {
  return new AccessToken({ appId: APP_ID, appKey: 'rotated0key0000000000000000000000', roomId, userId }).expireTime(expireAt).serialize();
}
