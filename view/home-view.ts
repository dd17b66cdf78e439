import type { ConfigProblem } from '../services/config-check';
import type { HomeStore, RecentRoom } from '../stores/home-store';
import type { HistoryEntry } from '../stores/call-history';
import { CALL_HISTORY_TEXT, CONFIG_PROBLEM_TEXT, CONFIG_TITLE } from '../stores/messages';

/** Everything index.ttml binds to, as plain JSON. */
export interface HomeView extends Record<string, unknown> {
  tokenService: boolean;
  roomIdInput: string;
  inputError: string | null;
  creating: boolean;
  recents: RecentRoom[];
  /** config.ts is wrong: the page shows only this, and its buttons do nothing. */
  notConfigured: { title: string; problems: string[] } | null;
  /** Calls (issue 15): null without a calls service. */
  calls: {
    /** 「开启来电提醒」 shown (a template id is configured). */
    notify: boolean;
    /** Dev mode: ring any userId. */
    devDial: boolean;
    callInput: string;
    callInputError: string | null;
    contacts: string[];
    history: HistoryEntry[];
    note: string | null;
  } | null;
}

export interface HomeCallsOptions {
  available: boolean;
  notify: boolean;
  devDial: boolean;
}

export function selectHomeView(store: HomeStore, configProblems: ConfigProblem[] = [], calls: HomeCallsOptions | null = null): HomeView {
  return {
    tokenService: store.tokenService,
    roomIdInput: store.roomIdInput,
    inputError: store.inputError,
    creating: store.creating,
    recents: store.recents,
    notConfigured: configProblems.length ? { title: CONFIG_TITLE, problems: configProblems.map((p) => CONFIG_PROBLEM_TEXT[p]) } : null,
    calls:
      calls && calls.available
        ? {
            notify: calls.notify,
            devDial: calls.devDial,
            callInput: store.callInput,
            callInputError: store.callInputError,
            contacts: store.contacts,
            history: store.history,
            note: store.callsLoadFailed ? CALL_HISTORY_TEXT.loadFailed : null,
          }
        : null,
  };
}
