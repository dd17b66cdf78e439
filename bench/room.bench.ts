// Room page performance: setData traffic against the official Douyin sample's page, join and
// recovery critical paths in simulated time, CPU and heap per platform event, main package size.
// Run: npm run bench room  |  node --import tsx --expose-gc bench/room.bench.ts
// Prints one markdown table. Everything but the µs row is a count, a ratio or simulated time, so
// the numbers repeat on any machine; nothing here asserts a wall-clock timing.
import { resolve } from 'node:path';
import { measureCost } from './lib/cost';
import { measureJoin, measureRecovery } from './lib/latency';
import { measureSize } from './lib/size';
import { replayTraffic, type TrafficResult } from './lib/traffic';

const SIZES = [2, 8, 16, 50];
const TRACE_MS = 60_000;
/** Other seeds replayed at each size, to show the ratio is not one lucky trace. */
const EXTRA_SEEDS = [11, 23, 37, 41, 59, 67];
const LATENCY_MS = 200;
const BYTE_TARGETS: Record<number, number> = { 16: 0.08, 50: 0.03 };
const MAIN_PACKAGE_LIMIT = 4 * 1024 * 1024;
const SIZE_TARGET = 300 * 1024;
/** Heap difference we treat as measurement noise (GC bookkeeping, JIT code), not retained state. */
const HEAP_NOISE = 256 * 1024;

const kb = (b: number): string => `${(b / 1024).toFixed(1)} KB`;
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const inL = (ms: number): string => `${(ms / LATENCY_MS).toFixed(2)} L`;
const yes = (ok: boolean): string => (ok ? 'yes' : '**no**');
const int = (n: number): string => n.toLocaleString('en-US');

async function main(): Promise<void> {
  const rows: string[][] = [];
  let traffic50: TrafficResult | null = null;

  for (const members of SIZES) {
    const r = await replayTraffic(members, TRACE_MS);
    if (!r.oursConsistent) throw new Error(`${members} members: page data built from our patches differs from the view`);
    if (members === 50) traffic50 = r;
    const ratios: number[] = [];
    for (const seed of EXTRA_SEEDS) {
      const s = await replayTraffic(members, TRACE_MS, seed);
      if (!s.oursConsistent) throw new Error(`${members} members, seed ${seed}: page data differs from the view`);
      ratios.push(s.ours.bytes / s.baseline.bytes);
    }
    const ratio = r.ours.bytes / r.baseline.bytes;
    const target = BYTE_TARGETS[members];
    const seedsOver = target === undefined ? 0 : ratios.filter((x) => x > target).length;
    rows.push([
      `1. setData, ${members} members (${int(r.listEvents.length)} platform events, ${TRACE_MS / 1000} s)`,
      `${int(r.baseline.calls)} calls · ${kb(r.baseline.bytes)} · max ${r.baseline.maxPerFrame}/frame`,
      `${int(r.ours.calls)} calls · ${kb(r.ours.bytes)} · max ${r.ours.maxPerFrame}/frame`,
      `**${pct(ratio)}** of bytes, ${pct(r.ours.calls / r.baseline.calls)} of calls (other seeds ${pct(Math.min(...ratios))}–${pct(Math.max(...ratios))}; diff without coalescing ${pct(r.uncoalesced.bytes / r.baseline.bytes)})`,
      `${target !== undefined ? `≤ ${pct(target)} bytes, ` : ''}≤ 1/frame`,
      // Met is judged on the reference trace; other seeds that miss are named, not hidden.
      yes((target === undefined || ratio <= target) && r.ours.maxPerFrame <= 1) +
        (seedsOver ? ` (${seedsOver} of ${ratios.length} other seeds over)` : ''),
    ]);
  }

  const join = await measureJoin(LATENCY_MS);
  rows.push([
    `2. Join: open → joined with local preview (L = ${LATENCY_MS} ms per call)`,
    `${inL(join.baselineMs)} (video capture, audio capture, join with autoPublish, in turn)`,
    `${inL(join.oursMs)} (on screen after the frame: ${inL(join.oursViewMs)})`,
    pct(join.oursMs / join.baselineMs),
    '≤ 2 L',
    yes(join.oursMs <= 2 * LATENCY_MS),
  ]);

  const rec = await measureRecovery(LATENCY_MS);
  const recTarget = rec.firstBackoffMs + 2 * LATENCY_MS;
  rows.push([
    `3. Recovery: onRtcChatInterrupted → joined, camera + mic back (first backoff ${rec.firstBackoffMs} ms)`,
    'never (the sample only logs the event)',
    `${rec.firstBackoffMs} ms + ${inL(rec.oursMs - rec.firstBackoffMs)} = ${rec.oursMs} ms`,
    '–',
    `≤ ${rec.firstBackoffMs} ms + 2 L = ${recTarget} ms`,
    yes(rec.oursMs <= recTarget),
  ]);

  if (!traffic50) throw new Error('no 50-member trace');
  const cost = await measureCost(traffic50.listEvents);
  rows.push([
    `4a. CPU per platform event, 50 members (median of ${cost.runs} runs × ${int(cost.eventsPerRun)} events, incl. JSON serialization)`,
    `${cost.baselineUsPerEvent.toFixed(1)} µs/event`,
    `${cost.oursUsPerEvent.toFixed(1)} µs/event`,
    `${(cost.oursUsPerEvent / cost.baselineUsPerEvent).toFixed(2)}× (wall clock: machine-dependent, printed only)`,
    '–',
    '–',
  ]);
  const heapDelta = cost.heapAtFirst !== null && cost.heapAfter10k !== null ? cost.heapAfter10k - cost.heapAtFirst : null;
  rows.push([
    `4b. Heap after gc: ${int(cost.firstCheckpoint)} vs 10,000 events (same live room state)`,
    '–',
    heapDelta === null
      ? 'n/a (needs node --expose-gc)'
      : `${kb(cost.heapAtFirst as number)} → ${kb(cost.heapAfter10k as number)} (${heapDelta >= 0 ? '+' : ''}${kb(heapDelta)})`,
    '–',
    `no growth beyond live state (±${kb(HEAP_NOISE)} noise)`,
    heapDelta === null ? 'n/a' : yes(heapDelta <= HEAP_NOISE),
  ]);

  const size = measureSize(resolve(__dirname, '..'));
  const tma = 'bytes' in size.tma ? `\`tma project-size\`: ${kb(size.tma.bytes)}` : `\`tma project-size\` unavailable: ${size.tma.error}`;
  rows.push([
    `5. Main package (${size.files} files incl. miniprogram_npm ${kb(size.npmBytes)}${size.buildNpmOk ? '' : ', build:npm FAILED'})`,
    `limit ${kb(MAIN_PACKAGE_LIMIT)}`,
    `${kb(size.bytes)} (walked with packOptions.ignore); ${tma}`,
    pct(size.bytes / MAIN_PACKAGE_LIMIT) + ' of limit',
    `≤ ${kb(SIZE_TARGET)}`,
    yes(size.bytes <= SIZE_TARGET && ('bytes' in size.tma ? size.tma.bytes <= SIZE_TARGET : true)),
  ]);

  const header = ['Measurement', 'Baseline (official Douyin sample)', 'Ours', 'Ours vs baseline', 'Target', 'Met'];
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  console.log(line(header));
  console.log(line(header.map(() => '---')));
  for (const r of rows) console.log(line(r));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
