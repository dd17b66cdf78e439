// Carries out what a store action asked for: navigate, explain in a dialog, or toast.
import type { AppServices } from '../../services/runtime';
import type { HomeOutcome } from '../../stores/home-store';
import { ignore } from '../../services/ignore';

/** A one-button dialog: an explanation, not a question. */
export function explain(services: AppServices, title: string, content: string): void {
  services.feedback.explain(title, content);
}

export function carryOut(services: AppServices, outcome: HomeOutcome): void {
  if (outcome.kind === 'navigate') {
    // A refused navigation leaves the user on this page, where the same tap can try again.
    services.navigation.navigateTo(outcome.url).catch(ignore);
  } else if (outcome.kind === 'explain') {
    explain(services, outcome.title, outcome.content);
  } else if (outcome.kind === 'toast') {
    services.feedback.toast(outcome.text);
  }
}
