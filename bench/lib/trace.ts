// Deterministic room event traces: what remote users do, when. Generated from a seed so every run
// replays the same events, to our page and to the baseline alike.

/** mulberry32: tiny, fast, good enough to spread benchmark events; same seed → same trace. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type TraceAction =
  | { kind: 'join'; userId: string; camera: boolean; mic: boolean; visible?: boolean }
  | { kind: 'leave'; userId: string }
  | { kind: 'camera'; userId: string; on: boolean }
  | { kind: 'speak'; userId: string; on: boolean }
  | { kind: 'share'; userId: string; on: boolean };

export interface TraceEvent {
  /** ms after the local user has joined. */
  at: number;
  action: TraceAction;
}

export interface TraceOptions {
  /** Room size including the local user. */
  members: number;
  /**
   * Visible people including the local user (Volcengine's room default: 50). The rest join as
   * invisible viewers (class-size rooms): they watch and never appear in anyone's lists.
   */
  visible?: number;
  durationMs?: number;
  seed?: number;
}

const SPEAKER_CHURN_MS = 300;

function remoteId(i: number): string {
  return `user-${String(i).padStart(3, '0')}`;
}

/**
 * Remotes join over the first seconds, then for `durationMs`: the speaker set churns every 300 ms,
 * a random remote toggles the camera about every 1.5 s, one leaves about every 5 s and comes back
 * 2 s later, and one remote shares its screen for the middle third of the trace.
 */
export function generateTrace(options: TraceOptions): TraceEvent[] {
  const { members } = options;
  const duration = options.durationMs ?? 60_000;
  const rnd = seededRandom(options.seed ?? 0x5eed + members);
  const remotes = members - 1;
  const events: TraceEvent[] = [];
  if (remotes <= 0) return events;

  // Simulate the state the actions need, so every generated action is valid when it is replayed.
  const present = new Set<string>();
  const camera = new Map<string, boolean>();
  const mic = new Map<string, boolean>();
  const speaking = new Set<string>();
  let sharer: string | null = null;
  const pick = (ids: string[]): string | undefined => ids[Math.floor(rnd() * ids.length)];

  let t = 0;
  const visibleRemotes = Math.min(remotes, (options.visible ?? members) - 1);
  for (let i = 1; i <= remotes; i++) {
    t += 20 + Math.floor(rnd() * 120);
    const userId = remoteId(i);
    if (i > visibleRemotes) {
      // A viewer: joins invisible and stays; nothing it does reaches the lists.
      events.push({ at: t, action: { kind: 'join', userId, camera: false, mic: false, visible: false } });
      continue;
    }
    const cam = rnd() < 0.7;
    const m = rnd() < 0.85;
    events.push({ at: t, action: { kind: 'join', userId, camera: cam, mic: m } });
    present.add(userId);
    camera.set(userId, cam);
    mic.set(userId, m);
  }
  const start = t + 500;
  const end = start + duration;
  const shareFrom = start + Math.floor(duration / 3);
  const shareTo = start + Math.floor((2 * duration) / 3);
  // One remote (all run the web client, which can share) shares; it never leaves, so the share ends cleanly.
  const shareUser = remoteId(1);
  const rejoins: Array<{ at: number; userId: string }> = [];
  let nextChurn = start;
  let nextCamera = start + 700;
  let nextLeave = start + 2500;
  let shareStarted = false;
  const join = (at: number, userId: string): void => {
    const cam = rnd() < 0.7;
    const m = rnd() < 0.85;
    events.push({ at, action: { kind: 'join', userId, camera: cam, mic: m } });
    present.add(userId);
    camera.set(userId, cam);
    mic.set(userId, m);
  };

  // Discrete-event loop: always run the earliest due process, so every action sees the state of
  // everything that happened before it.
  for (;;) {
    const nextRejoin = rejoins.length ? Math.min(...rejoins.map((r) => r.at)) : Infinity;
    const nextShare = !shareStarted ? shareFrom : sharer !== null ? shareTo : Infinity;
    const now = Math.min(nextChurn, nextCamera, nextLeave, nextRejoin, nextShare);
    if (now >= end) break;
    if (now === nextRejoin) {
      const i = rejoins.findIndex((r) => r.at === now);
      const [r] = rejoins.splice(i, 1);
      join(now, r.userId);
    } else if (now === nextShare) {
      if (!shareStarted) {
        shareStarted = true;
        sharer = shareUser;
        events.push({ at: now, action: { kind: 'share', userId: shareUser, on: true } });
      } else {
        events.push({ at: now, action: { kind: 'share', userId: shareUser, on: false } });
        sharer = null;
      }
    } else if (now === nextCamera) {
      const who = pick([...present]);
      if (who) {
        const on = !camera.get(who);
        camera.set(who, on);
        events.push({ at: now, action: { kind: 'camera', userId: who, on } });
      }
      nextCamera += 1000 + Math.floor(rnd() * 1000);
    } else if (now === nextLeave) {
      const who = pick([...present].filter((id) => id !== shareUser));
      if (who) {
        present.delete(who);
        speaking.delete(who);
        events.push({ at: now, action: { kind: 'leave', userId: who } });
        rejoins.push({ at: now + 2000, userId: who });
      }
      nextLeave += 4000 + Math.floor(rnd() * 2000);
    } else {
      // Speaker churn: nobody to three people talk in each 300 ms slot.
      const talkers = [...present].filter((id) => mic.get(id));
      const want = new Set<string>();
      const n = Math.min(talkers.length, Math.floor(rnd() * 4));
      while (want.size < n) want.add(pick(talkers) as string);
      for (const id of [...speaking]) {
        if (!want.has(id)) {
          speaking.delete(id);
          events.push({ at: now, action: { kind: 'speak', userId: id, on: false } });
        }
      }
      for (const id of want) {
        if (!speaking.has(id)) {
          speaking.add(id);
          events.push({ at: now, action: { kind: 'speak', userId: id, on: true } });
        }
      }
      nextChurn += SPEAKER_CHURN_MS;
    }
  }
  if (sharer !== null) events.push({ at: end, action: { kind: 'share', userId: sharer, on: false } });
  // Stable sort keeps the generation order of same-time events.
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
}
