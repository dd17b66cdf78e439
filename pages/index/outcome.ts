// Carries out what a store action asked for: navigate, explain in a dialog, or toast.
import { invoke } from '../../services/platform/invoke';
import type { AppServices } from '../../services/runtime';
import type { HomeOutcome } from '../../stores/home-store';

const ignore = (): void => undefined;

/** A one-button dialog: an explanation, not a question. */
export function explain(services: AppServices, title: string, content: string): void {
  invoke(services.platform, 'showModal', { title, content, showCancel: false, confirmText: '知道了' }, { api: 'tt.showModal', timeoutMs: 0 }).catch(ignore);
}

export function carryOut(services: AppServices, outcome: HomeOutcome): void {
  if (outcome.kind === 'navigate') {
    invoke(services.platform, 'navigateTo', { url: outcome.url }, { api: 'tt.navigateTo' }).catch(ignore);
  } else if (outcome.kind === 'explain') {
    explain(services, outcome.title, outcome.content);
  } else if (outcome.kind === 'toast') {
    services.feedback.toast(outcome.text);
  }
}
