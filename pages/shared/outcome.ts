// Carries out what a store action asked for: navigate, explain in a dialog, or toast.
import type { AppServices } from '../../services/runtime';
import type { HomeOutcome } from '../../stores/home-store';

const ignore = (): void => undefined;

/** A one-button dialog: an explanation, not a question. */
export function explain(services: AppServices, title: string, content: string): void {
  services.feedback.explain(title, content);
}

export function carryOut(services: AppServices, outcome: HomeOutcome): void {
  if (outcome.kind === 'navigate') {
    services.navigation.navigateTo(outcome.url).catch(ignore);
  } else if (outcome.kind === 'explain') {
    explain(services, outcome.title, outcome.content);
  } else if (outcome.kind === 'toast') {
    services.feedback.toast(outcome.text);
  }
}
