import { invoke } from './platform/invoke';
import type { TtPlatform } from './platform/tt-types';
import { ignore } from './ignore';

/** Page navigation; rejects with a PlatformError (e.g. the page stack is full). */
export interface Navigation {
  navigateTo(url: string): Promise<void>;
  /** Replaces the current page: back from the next page skips this one. */
  redirectTo(url: string): Promise<void>;
  /** Clears the stack: "back home" from anywhere. */
  reLaunch(url: string): Promise<void>;
  /** The current page's navigation bar title; best effort (a failure leaves the page's default). */
  setTitle(title: string): void;
}

export function createNavigation(platform: TtPlatform): Navigation {
  return {
    navigateTo: (url) => invoke(platform, 'navigateTo', { url }, { api: 'tt.navigateTo' }).then(() => undefined),
    redirectTo: (url) => invoke(platform, 'redirectTo', { url }, { api: 'tt.redirectTo' }).then(() => undefined),
    reLaunch: (url) => invoke(platform, 'reLaunch', { url }, { api: 'tt.reLaunch' }).then(() => undefined),
    setTitle: (title) => {
      // The page shows the same title in its own data; a refused bar title costs nothing else.
      invoke(platform, 'setNavigationBarTitle', { title }, { api: 'tt.setNavigationBarTitle' }).catch(ignore);
    },
  };
}
