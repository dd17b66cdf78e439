// CPU per platform event through store (wired as room.ts wires it) → bindSections → serialized setData, and heap
// after many events. Wall-clock numbers are printed, never asserted.
import { bindSections, type SetDataTarget } from '../../view/binding';
import { DouyinSampleBaselinePage, type BaselineList } from './baseline-page';
import { VirtualClock } from './clock';
import { createRoomEnv, openAsPage, type ListEvent } from './room-env';
import { ScriptedRtcRoom } from './scripted-rtc';
import type { RecordedListEvent } from './traffic';

const BASELINE_LIST: Record<ListEvent, BaselineList> = {
  members: 'roomMembers',
  videoMembers: 'videoMembers',
  speakers: 'audioMembers',
  screenMembers: 'screenMembers',
};

/** Serializes each patch as the bridge does, and keeps only a running length so it cannot be optimized away. */
class SerializingTarget implements SetDataTarget {
  chars = 0;
  setData(patch: Record<string, unknown>, callback?: () => void): void {
    this.chars += JSON.stringify(patch).length;
    // The work is what is timed, not the render wait: the sample's callback runs at once here.
    if (callback) callback();
  }
}

interface Driver {
  clock: VirtualClock;
  /** Feeds events[from .. to) (cyclically) in their recorded rhythm; returns ns spent. */
  feed(from: number, to: number): number;
  close(): Promise<void>;
}

async function ourDriver(events: RecordedListEvent[]): Promise<Driver> {
  const clock = new VirtualClock().install();
  const rtc = new ScriptedRtcRoom();
  const env = createRoomEnv(undefined, () => rtc);
  const target = new SerializingTarget();
  // The page's whole wiring (recorder, sheets, UI state, sections): what room.ts runs per event.
  const parts = openAsPage(env);
  const binding = bindSections(target, parts.sections);
  await clock.advanceUntil(() => env.store.phase === 'joined', 1000);
  return {
    clock,
    feed(from, to) {
      const t0 = process.hrtime.bigint();
      for (let i = from; i < to; i++) {
        const e = events[i % events.length];
        const prev = events[(i + events.length - 1) % events.length];
        // Keep the trace's rhythm so frame coalescing behaves as it would live.
        clock.advanceSync(i % events.length === 0 ? 300 : Math.max(0, e.at - prev.at));
        rtc.emit(e.which, e.list.slice());
      }
      clock.advanceSync(100);
      return Number(process.hrtime.bigint() - t0);
    },
    async close() {
      binding.dispose();
      parts.recorder.dispose();
      const left = env.store.leave();
      await clock.advance(100);
      await left;
      clock.uninstall();
    },
  };
}

function baselineFeed(events: RecordedListEvent[], count: number): number {
  const page = new DouyinSampleBaselinePage(new SerializingTarget(), 'alice');
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const e = events[i % events.length];
    page.onList(BASELINE_LIST[e.which], e.list.slice());
  }
  return Number(process.hrtime.bigint() - t0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export interface CostResult {
  eventsPerRun: number;
  runs: number;
  oursUsPerEvent: number;
  baselineUsPerEvent: number;
  /** Median of the per-pair ratios ours / sample (the figure judged: robust to load between pairs). */
  ratio: number;
  /** Events fed before the first heap reading: ≥ 100 and at the same trace position as 10,000. */
  firstCheckpoint: number;
  heapAtFirst: number | null;
  heapAfter10k: number | null;
}

function heapUsed(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return null;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export async function measureCost(events: RecordedListEvent[], runs = 15): Promise<CostResult> {
  const perRun = events.length;
  const ours: number[] = [];
  const base: number[] = [];
  // Warm-up so the JIT has compiled both paths before anything is timed.
  {
    const d = await ourDriver(events);
    d.feed(0, perRun * 2);
    await d.close();
    baselineFeed(events, perRun * 2);
  }
  const ratios: number[] = [];
  for (let r = 0; r < runs; r++) {
    // Each pair runs back to back, first one then the other in turn, so load on a shared machine that
    // comes and goes between pairs (or favours whoever runs first) cancels in the pair's ratio.
    let o = 0;
    let b = 0;
    if (r % 2 === 1) b = baselineFeed(events, perRun) / perRun / 1000;
    const d = await ourDriver(events);
    o = d.feed(0, perRun) / perRun / 1000;
    await d.close();
    if (r % 2 === 0) b = baselineFeed(events, perRun) / perRun / 1000;
    ours.push(o);
    base.push(b);
    ratios.push(o / b);
  }

  // Memory: the same room after ~100 and after 10,000 events, both read at the same point of the
  // trace so the live state (lists, tiles, view) is identical; any difference is retained garbage.
  const total = 10_000;
  const firstCheckpoint = 100 + ((total - 100) % perRun);
  const d = await ourDriver(events);
  d.feed(0, firstCheckpoint);
  const heapAtFirst = heapUsed();
  d.feed(firstCheckpoint, total);
  const heapAfter10k = heapUsed();
  await d.close();
  return {
    eventsPerRun: perRun,
    runs,
    oursUsPerEvent: median(ours),
    baselineUsPerEvent: median(base),
    ratio: median(ratios),
    firstCheckpoint,
    heapAtFirst,
    heapAfter10k,
  };
}
