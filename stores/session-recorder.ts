// Watches a RoomStore and writes one SessionRecord per session end. Read-only towards the store:
// it never calls an action, so recording cannot change how the room behaves.
import { action, makeObservable, observable, reaction } from 'mobx-miniprogram';
import type { RoomPhase, RoomStore } from './room-store';
import { MAX_PEOPLE_PER_RECORD, type ScreenSharePeriod, type SessionHistory, type SessionRecord } from './session-records';

export interface RecorderOptions {
  /** The invite this room was entered with (kept in the record for rejoining via the token service). */
  invite?: string;
  /** The call this room was opened for. */
  callId?: string;
  now?: () => number;
}

interface OpenSession {
  attemptAt: number;
  joinedAt: number | null;
  reconnectBase: number;
  peak: number;
  shares: ScreenSharePeriod[];
  share: { userId: string; startedAt: number } | null;
  /** Remote people seen while joined, in order of first sight (for contacts). */
  people: string[];
}

const ACTIVE: readonly RoomPhase[] = ['preparing', 'joining', 'joined', 'reconnecting'];
const ENDED: readonly RoomPhase[] = ['leaving', 'left', 'failed'];

/**
 * A session starts when the store starts joining and ends at the first of leaving / left / failed.
 * Decisions (docs/flows.md): a session that joined is always recorded; one that never joined is
 * recorded as 'join-failed' (with the cause) only when it failed, not when the user gave up while
 * joining, and a bad link (never reached the platform) records nothing.
 */
export class SessionRecorder {
  /** The record written for the most recent session end (the leave recap shows it). */
  last: SessionRecord | null = null;

  private session: OpenSession | null = null;
  private readonly stop: () => void;
  private readonly now: () => number;

  constructor(
    private readonly store: RoomStore,
    private readonly history: SessionHistory,
    private readonly options: RecorderOptions = {},
  ) {
    this.now = options.now || Date.now;
    makeObservable<SessionRecorder, 'finish'>(this, { last: observable.ref, finish: action });
    // One reaction over one snapshot, so a failure that clears the stage in the same action is seen
    // in order: the share closes, then the session ends.
    this.stop = reaction(
      () => ({
        phase: store.phase,
        stage: store.stage ? store.stage.userId : null,
        members: store.memberCount,
        reconnects: store.reconnects,
        ids: store.members,
      }),
      (s) => this.observe(s.phase, s.stage, s.members, s.ids),
      {
        fireImmediately: true,
        equals: (a, b) => a.phase === b.phase && a.stage === b.stage && a.members === b.members && a.reconnects === b.reconnects && a.ids === b.ids,
      },
    );
  }

  dispose(): void {
    this.stop();
  }

  private observe(phase: RoomPhase, stage: string | null, members: number, ids: readonly string[]): void {
    const at = this.now();
    if (!this.session && ACTIVE.indexOf(phase) >= 0) {
      this.session = { attemptAt: at, joinedAt: null, reconnectBase: this.store.reconnects, peak: 0, shares: [], share: null, people: [] };
    }
    const s = this.session;
    if (!s) return;
    if (phase === 'joined' && s.joinedAt === null) s.joinedAt = at;
    if (s.joinedAt !== null && members > s.peak) s.peak = members;
    if (s.joinedAt !== null) {
      for (const id of ids) {
        if (s.people.length >= MAX_PEOPLE_PER_RECORD) break;
        if (id !== this.store.userId && s.people.indexOf(id) < 0) s.people.push(id);
      }
    }
    const current = s.share ? s.share.userId : null;
    if (current !== stage) {
      if (s.share) s.shares.push({ userId: s.share.userId, startedAt: s.share.startedAt, endedAt: at });
      s.share = stage && s.joinedAt !== null ? { userId: stage, startedAt: at } : null;
    }
    if (ENDED.indexOf(phase) >= 0) this.finish(at);
  }

  private finish(at: number): void {
    const s = this.session;
    this.session = null;
    if (!s) return;
    if (s.share) s.shares.push({ userId: s.share.userId, startedAt: s.share.startedAt, endedAt: at });
    const reason = this.store.endReason || 'left';
    const joined = s.joinedAt !== null;
    // Gave up while joining: not a session, and not a failure worth a line in the history.
    if (!joined && reason === 'left') return;
    if (reason === 'invalid-link' || !this.store.roomId) return;
    const record: SessionRecord = {
      roomId: this.store.roomId,
      startedAt: joined ? (s.joinedAt as number) : s.attemptAt,
      endedAt: at,
      durationMs: joined ? Math.max(0, at - (s.joinedAt as number)) : 0,
      endReason: joined ? reason : 'join-failed',
      peakMembers: s.peak,
      reconnects: Math.max(0, this.store.reconnects - s.reconnectBase),
      screenShares: s.shares.slice(-20),
    };
    if (!joined && reason !== 'join-failed') record.cause = reason;
    if (this.store.userId) record.userId = this.store.userId;
    if (this.options.invite) record.invite = this.options.invite;
    if (this.options.callId) record.callId = this.options.callId;
    if (s.people.length) record.people = s.people.slice();
    this.history.add(record);
    this.last = record;
  }
}
