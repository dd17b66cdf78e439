import type { ConfigProblem } from '../../services/config-check';
import type { HomeStore, RecentRoom } from '../../stores/home-store';
import { CONFIG_PROBLEM_TEXT, CONFIG_TITLE } from '../../stores/messages';

/** Everything index.ttml binds to, as plain JSON. */
export interface HomeView extends Record<string, unknown> {
  tokenService: boolean;
  roomIdInput: string;
  inputError: string | null;
  creating: boolean;
  recents: RecentRoom[];
  /** config.ts is wrong: the page shows only this, and its buttons do nothing. */
  notConfigured: { title: string; problems: string[] } | null;
}

export function selectHomeView(store: HomeStore, configProblems: ConfigProblem[] = []): HomeView {
  return {
    tokenService: store.tokenService,
    roomIdInput: store.roomIdInput,
    inputError: store.inputError,
    creating: store.creating,
    recents: store.recents,
    notConfigured: configProblems.length ? { title: CONFIG_TITLE, problems: configProblems.map((p) => CONFIG_PROBLEM_TEXT[p]) } : null,
  };
}
