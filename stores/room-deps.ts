import type { TokenExpiry } from '../services/link-token';
import type { ConfigProblem } from '../services/config-check';
import type { Device } from '../services/device';
import type { Permissions } from '../services/permissions';
import type { RtcRoom } from '../services/rtc/rtc-room';
import type { BackoffPolicy } from './backoff';
import type { GridOptions } from './grid';
import type { SubscriptionCaps } from './subscription-plan';

/** Where fresh tokens come from when a token service is configured. */
export interface TokenSource {
  fetchToken(roomId: string, userId: string): Promise<string>;
}

/** Everything the room store needs from the platform, injected (stores never touch `tt`). */
export interface RoomDeps {
  appId: string;
  createRtcRoom(appId: string): RtcRoom;
  permissions: Permissions;
  device: Pick<Device, 'keepScreenOn' | 'onNetworkChange' | 'networkType'>;
  tokenSource?: TokenSource | null;
  /** Token expiry in unix seconds when readable without the key, else null. */
  readTokenExpiry?: (token: string) => TokenExpiry;
  backoff?: BackoffPolicy;
  /** Injectable for deterministic jitter in tests and benchmarks. */
  random?: () => number;
  /** How many videos/audio streams this phone subscribes to (default DEFAULT_CAPS). */
  subscriptionCaps?: SubscriptionCaps;
  grid?: Partial<GridOptions>;
  /** What is wrong in config.ts: any → 「尚未配置」 before anything else. */
  configProblems?: ConfigProblem[];
  /** The base library version (getSystemInfoSync().SDKVersion); below MIN_RTC_SDK_VERSION → 'unsupported'. */
  sdkVersion?: string;
}
