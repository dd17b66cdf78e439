// Home: create a room, join by room id, recent rooms from the session records. Actions return what
// the page should do (navigate / explain / toast); the store itself never touches the platform.
import { action, makeObservable, observable, runInAction } from 'mobx-miniprogram';
import { ID_PATTERN } from '../services/link';
import type { TokenClient } from '../services/token-client';
import { TokenServiceError } from '../services/token-client';
import { durationLabel, whenLabel } from './format';
import { inviteExpired } from './invite';
import { CALL_TEXT, END_REASON_TEXT, HOME_TEXT } from './messages';
import { outgoingCallPath, prejoinPath } from './routes';
import { contactsFrom, mergeHistory, type HistoryEntry } from './call-history';
import type { CallRecordDto } from '../services/token-client';
import type { SessionHistory, SessionRecord } from './session-records';

export type HomeOutcome =
  | { kind: 'navigate'; url: string }
  | { kind: 'explain'; title: string; content: string }
  | { kind: 'toast'; text: string }
  | { kind: 'none' };

export interface HomeDeps {
  /** null when no token service is configured. */
  tokenClient: Pick<TokenClient, 'createRoom'> | null;
  /** 'douyin': the server only hands out tokens with an invite; 'dev': a room id is enough. */
  tokenServiceMode: 'dev' | 'douyin';
  history: SessionHistory;
  now?: () => number;
  /** GET /v1/calls; null/absent = no calls service (no calls in the history, no contacts). */
  listCalls?: (() => Promise<CallRecordDto[]>) | null;
  /** This user's id when known (dev mode, or after the socket's welcome): never a contact of itself. */
  myUserId?: () => string | null;
}

export interface RecentRoom {
  roomId: string;
  whenText: string;
  durationText: string;
  endText: string;
  /** Whether a tap can get us back in (a usable invite, or dev mode). */
  canRejoin: boolean;
}

/** How many distinct rooms the home page lists. */
const MAX_RECENT_ROOMS = 10;

export class HomeStore {
  roomIdInput = '';
  inputError: string | null = null;
  creating = false;
  recents: RecentRoom[] = [];
  /** Calls and room sessions, newest first. */
  history: HistoryEntry[] = [];
  contacts: string[] = [];
  callsLoadFailed = false;
  callInput = '';
  callInputError: string | null = null;
  private callRecords: CallRecordDto[] = [];

  private readonly deps: HomeDeps;
  private readonly now: () => number;
  /** Newest usable invite per room, from the records. */
  private invites: Record<string, string> = {};

  constructor(deps: HomeDeps) {
    this.deps = deps;
    this.now = deps.now || Date.now;
    makeObservable(this, {
      roomIdInput: observable,
      inputError: observable,
      creating: observable,
      recents: observable.ref,
      history: observable.ref,
      contacts: observable.ref,
      callsLoadFailed: observable,
      callInput: observable,
      callInputError: observable,
      setCallInput: action,
      dial: action,
      load: action,
      setRoomIdInput: action,
      createRoom: action,
      joinById: action,
      openRecent: action,
    });
  }

  get tokenService(): boolean {
    return this.deps.tokenClient !== null;
  }

  /** Re-reads the records (on every onShow: a session may have ended since). */
  load(): void {
    const now = this.now();
    const seen: Record<string, boolean> = {};
    const invites: Record<string, string> = {};
    const recents: RecentRoom[] = [];
    for (const r of this.deps.history.list()) {
      if (r.invite && !invites[r.roomId] && !inviteExpired(r.invite, now)) invites[r.roomId] = r.invite;
      if (seen[r.roomId]) continue;
      seen[r.roomId] = true;
      if (recents.length < MAX_RECENT_ROOMS) recents.push(this.recentOf(r, now));
    }
    this.invites = invites;
    // canRejoin depends on invites found in older records of the same room too.
    this.recents = recents.map((r) => ({ ...r, canRejoin: this.canEnter(r.roomId) }));
    this.rebuildHistory();
  }

  get callsAvailable(): boolean {
    return !!this.deps.listCalls;
  }

  /** Fetches the call records (on every onShow); a failure keeps the local rooms and says so. */
  loadCalls(): Promise<void> {
    const list = this.deps.listCalls;
    if (!list) return Promise.resolve();
    return list().then(
      (calls) =>
        runInAction(() => {
          this.callRecords = calls;
          this.callsLoadFailed = false;
          this.rebuildHistory();
        }),
      () =>
        runInAction(() => {
          this.callsLoadFailed = true;
        }),
    );
  }

  setCallInput(value: string): void {
    this.callInput = value;
    this.callInputError = null;
  }

  /** Ring `peer` (a contact), or the typed userId when peer is omitted. */
  dial(media: 'audio' | 'video', peer?: string): HomeOutcome {
    if (!this.callsAvailable) return explain(HOME_TEXT.noServiceTitle, CALL_TEXT.unavailable);
    const target = (peer !== undefined ? peer : this.callInput).trim();
    if (!target) {
      this.callInputError = CALL_TEXT.emptyUserId;
      return { kind: 'none' };
    }
    if (!ID_PATTERN.test(target)) {
      this.callInputError = CALL_TEXT.badUserId;
      return { kind: 'none' };
    }
    const me = this.deps.myUserId ? this.deps.myUserId() : null;
    if (me !== null && target === me) {
      this.callInputError = CALL_TEXT.self;
      return { kind: 'none' };
    }
    return { kind: 'navigate', url: outgoingCallPath(target, media) };
  }

  private rebuildHistory(): void {
    const me = this.deps.myUserId ? this.deps.myUserId() : null;
    this.history = mergeHistory(this.callRecords, this.deps.history.list(), this.now());
    this.contacts = contactsFrom(this.callRecords, me, this.deps.history.list());
  }

  setRoomIdInput(value: string): void {
    this.roomIdInput = value;
    this.inputError = null;
  }

  createRoom(): Promise<HomeOutcome> {
    const client = this.deps.tokenClient;
    if (!client) return Promise.resolve(explain(HOME_TEXT.noServiceTitle, HOME_TEXT.noServiceCreate));
    if (this.creating) return Promise.resolve({ kind: 'none' });
    this.creating = true;
    return client.createRoom().then(
      (room) => {
        runInAction(() => (this.creating = false));
        return { kind: 'navigate', url: prejoinPath(room.roomId, room.invite) } as HomeOutcome;
      },
      (e: unknown) => {
        runInAction(() => (this.creating = false));
        const login = e instanceof TokenServiceError && (e.code === 'login_required' || e.code === 'invalid_login_code');
        return { kind: 'toast', text: login ? HOME_TEXT.loginRequired : HOME_TEXT.createFailed } as HomeOutcome;
      },
    );
  }

  /** Validated with the link rule; the token itself is fetched by the pre-join page. */
  joinById(): HomeOutcome {
    const roomId = this.roomIdInput.trim();
    if (!roomId) {
      this.inputError = HOME_TEXT.emptyRoomId;
      return { kind: 'none' };
    }
    if (!ID_PATTERN.test(roomId)) {
      this.inputError = HOME_TEXT.badRoomId;
      return { kind: 'none' };
    }
    if (!this.tokenService) return explain(HOME_TEXT.noServiceTitle, HOME_TEXT.noServiceJoin);
    if (!this.canEnter(roomId)) return explain(HOME_TEXT.inviteNeededTitle, HOME_TEXT.inviteNeeded);
    return { kind: 'navigate', url: prejoinPath(roomId, this.invites[roomId]) };
  }

  openRecent(roomId: string): HomeOutcome {
    if (!this.tokenService) return explain(HOME_TEXT.noServiceTitle, HOME_TEXT.noServiceJoin);
    if (!this.canEnter(roomId)) return explain(HOME_TEXT.inviteNeededTitle, HOME_TEXT.inviteNeeded);
    return { kind: 'navigate', url: prejoinPath(roomId, this.invites[roomId]) };
  }

  /** In douyin mode the server refuses a token without an invite for the room (server/README.md). */
  private canEnter(roomId: string): boolean {
    return this.tokenService && (this.deps.tokenServiceMode === 'dev' || !!this.invites[roomId]);
  }

  private recentOf(r: SessionRecord, now: number): RecentRoom {
    const reason = r.endReason === 'join-failed' && r.cause ? r.cause : r.endReason;
    return {
      roomId: r.roomId,
      whenText: whenLabel(r.endedAt, now),
      durationText: r.durationMs > 0 ? durationLabel(r.durationMs) : '',
      endText: r.endReason === 'join-failed' && r.cause ? `${END_REASON_TEXT['join-failed']}（${END_REASON_TEXT[reason]}）` : END_REASON_TEXT[reason],
      canRejoin: false,
    };
  }
}

function explain(title: string, content: string): HomeOutcome {
  return { kind: 'explain', title, content };
}
