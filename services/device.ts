import { invoke } from './platform/invoke';
import type { NetworkStatus, NetworkType, SystemInfo, TtPlatform } from './platform/tt-types';

export interface Device {
  keepScreenOn(on: boolean): Promise<void>;
  /** Returns the unsubscribe function. */
  onNetworkChange(listener: (s: NetworkStatus) => void): () => void;
  networkType(): Promise<NetworkType>;
  systemInfo(): SystemInfo;
}

export function createDevice(platform: TtPlatform): Device {
  return {
    keepScreenOn: (on) =>
      invoke(platform, 'setKeepScreenOn', { keepScreenOn: on }, { api: 'tt.setKeepScreenOn' }).then(() => undefined),
    onNetworkChange(listener) {
      // Wrap once so off* gets the same reference we registered.
      const handler = (s: NetworkStatus): void => listener(s);
      platform.onNetworkStatusChange(handler);
      return () => {
        if (typeof platform.offNetworkStatusChange === 'function') platform.offNetworkStatusChange(handler);
      };
    },
    networkType: () =>
      invoke(platform, 'getNetworkType', {}, { api: 'tt.getNetworkType' }).then(
        (r) => r.networkType,
        () => 'unknown' as NetworkType,
      ),
    systemInfo() {
      try {
        return platform.getSystemInfoSync() || {};
      } catch (e) {
        return {};
      }
    },
  };
}

/** Compares dotted versions numerically ('2.9.0' < '2.42.0'). Missing parts count as 0. */
export function compareVersion(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = parseInt(pa[i] || '0', 10) || 0;
    const y = parseInt(pb[i] || '0', 10) || 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * <rtc-room> and createRtcRoomContext exist since 2.42.0, but capture `state`, switchCamera,
 * updateToken and roomConfig are documented from 2.68.0 on their method pages (rule R5,
 * docs/platform.md). Set the same minimum base library in the Douyin console.
 */
export const MIN_RTC_SDK_VERSION = '2.68.0';
