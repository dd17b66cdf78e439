// The history (话单): calls from GET /v1/calls beside this phone's room sessions, newest first, and the
// contacts derived from them. Pure: the home store feeds it what it loaded.
import type { CallRecordDto } from '../services/token-client';
import { clockLabel, durationLabel, whenLabel } from './format';
import { CALL_HISTORY_TEXT, CALL_OUTCOME_TEXT, CALL_TEXT, END_REASON_TEXT } from './messages';
import type { SessionRecord } from './session-records';

export interface HistoryEntry {
  key: string;
  kind: 'call' | 'room';
  /** Peer for a call, room id for a room. */
  title: string;
  /** "呼出 · 视频通话" / "房间". */
  kindText: string;
  whenText: string;
  /** 已接通 01:05 / 未接 / 已拒绝 / 已取消 / 对方忙; for rooms the duration and how it ended. */
  outcomeText: string;
  /** Missed incoming calls are shown in red. */
  alert: boolean;
  peer: string | null;
  roomId: string | null;
  at: number;
}

const MAX_HISTORY = 30;
const MAX_CONTACTS = 10;

function callOutcomeText(r: CallRecordDto): string {
  if (r.outcome === 'completed') return `${CALL_OUTCOME_TEXT.completed} ${clockLabel(r.durationSeconds * 1000)}`;
  return CALL_OUTCOME_TEXT[r.outcome];
}

export function mergeHistory(calls: CallRecordDto[], rooms: SessionRecord[], now: number): HistoryEntry[] {
  const callIds: Record<string, boolean> = {};
  const out: HistoryEntry[] = [];
  for (const c of calls) {
    callIds[c.callId] = true;
    out.push({
      key: `call:${c.callId}`,
      kind: 'call',
      title: c.peer,
      kindText: `${c.direction === 'out' ? CALL_HISTORY_TEXT.out : CALL_HISTORY_TEXT.in} · ${c.media === 'video' ? CALL_TEXT.video : CALL_TEXT.audio}`,
      whenText: whenLabel(c.startedAt, now),
      outcomeText: callOutcomeText(c),
      alert: c.direction === 'in' && c.outcome === 'missed',
      peer: c.peer,
      roomId: null,
      at: c.startedAt,
    });
  }
  for (const r of rooms) {
    // A call's room session is the call itself: shown once, as the call.
    if (r.callId && callIds[r.callId]) continue;
    const reason = r.endReason === 'join-failed' && r.cause ? r.cause : r.endReason;
    out.push({
      key: `room:${r.roomId}:${r.startedAt}`,
      kind: 'room',
      title: r.roomId,
      kindText: CALL_HISTORY_TEXT.room,
      whenText: whenLabel(r.endedAt, now),
      outcomeText: (r.durationMs > 0 ? `${durationLabel(r.durationMs)} · ` : '') + END_REASON_TEXT[reason],
      alert: false,
      peer: null,
      roomId: r.roomId,
      at: r.startedAt,
    });
  }
  out.sort((a, b) => b.at - a.at);
  return out.slice(0, MAX_HISTORY);
}

/**
 * People you have called, who called you, or who were in a room with you: most recent first, each
 * once, never yourself. A room's people count from when that session ended.
 */
export function contactsFrom(calls: CallRecordDto[], me: string | null, rooms: readonly SessionRecord[] = []): string[] {
  const dated: Array<{ at: number; id: string }> = [];
  for (const c of calls) dated.push({ at: c.startedAt, id: c.peer });
  for (const r of rooms) for (const id of r.people || []) dated.push({ at: r.endedAt, id });
  dated.sort((a, b) => b.at - a.at);
  const seen: Record<string, boolean> = {};
  const out: string[] = [];
  for (const d of dated) {
    if (seen[d.id] || d.id === me) continue;
    seen[d.id] = true;
    out.push(d.id);
    if (out.length >= MAX_CONTACTS) break;
  }
  return out;
}
