import { invoke } from './platform/invoke';
import type { TtPlatform } from './platform/tt-types';
import { ignore } from './ignore';

/** Toasts, dialogs and the loading mask; pages use this so stores never show UI. */
export interface Feedback {
  toast(title: string, icon?: 'success' | 'none' | 'fail'): void;
  /** A one-button dialog: an explanation, not a question. */
  explain(title: string, content: string): void;
  showLoading(title: string): void;
  hideLoading(): void;
  copy(text: string): Promise<void>;
}

// Toasts, dialogs and the loading veil are courtesy: if the platform refuses one, nothing else
// depends on it and there is no one to tell but the user it failed to reach.
export function createFeedback(platform: TtPlatform): Feedback {
  return {
    toast(title, icon = 'none') {
      invoke(platform, 'showToast', { title, icon, duration: 2500 }, { api: 'tt.showToast' }).catch(ignore);
    },
    explain(title, content) {
      invoke(platform, 'showModal', { title, content, showCancel: false, confirmText: '知道了' }, { api: 'tt.showModal', timeoutMs: 0 }).catch(
        ignore,
      );
    },
    showLoading(title) {
      invoke(platform, 'showLoading', { title, mask: true }, { api: 'tt.showLoading' }).catch(ignore);
    },
    hideLoading() {
      invoke(platform, 'hideLoading', {}, { api: 'tt.hideLoading' }).catch(ignore);
    },
    copy: (text) => invoke(platform, 'setClipboardData', { data: text }, { api: 'tt.setClipboardData' }).then(() => undefined),
  };
}
