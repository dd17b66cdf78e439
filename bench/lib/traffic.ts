// Replays a trace through cloud → fake tt → RtcRoom → RoomStore → selectRoomView → bindView, with the
// official sample's page listening to the same RTC room, and measures both pages' setData traffic.
import { reaction } from 'mobx-miniprogram';
import { selectRoomView } from '../../pages/room/room-view';
import { bindView, type SetDataTarget } from '../../stores/binding';
import { diff } from '../../stores/diff';
import type { RemoteUser } from '../../test/sim/cloud';
import { DouyinSampleBaselinePage, type BaselineList } from './baseline-page';
import { VirtualClock } from './clock';
import { SetDataRecorder, type SetDataStats } from './recorder';
import { createRoomEnv, LIST_EVENTS, ME, ROOM, type ListEvent } from './room-env';
import { generateTrace, type TraceAction } from './trace';

const BASELINE_LIST: Record<ListEvent, BaselineList> = {
  members: 'roomMembers',
  videoMembers: 'videoMembers',
  speakers: 'audioMembers',
  screenMembers: 'screenMembers',
};

export interface RecordedListEvent {
  /** ms since the store opened. */
  at: number;
  which: ListEvent;
  list: string[];
}

export interface TrafficResult {
  members: number;
  traceActions: number;
  listEvents: RecordedListEvent[];
  ours: SetDataStats;
  /** The same path diff sent on every store change, without frame coalescing (reference only). */
  uncoalesced: SetDataStats;
  baseline: SetDataStats;
  /** The page data built from our patches equals the store's current view. */
  oursConsistent: boolean;
}

/** Path diff per change, no coalescing: shows what the frame coalescing itself earns. */
function bindUncoalesced<V extends Record<string, unknown>>(target: SetDataTarget, select: () => V): () => void {
  let sent = JSON.parse(JSON.stringify(select())) as V;
  target.setData(sent);
  return reaction(select, (view) => {
    const next = JSON.parse(JSON.stringify(view)) as V;
    const patch = diff(sent, next);
    sent = next;
    if (Object.keys(patch).length > 0) target.setData(patch);
  });
}

export async function replayTraffic(members: number, durationMs: number, seed?: number): Promise<TrafficResult> {
  const clock = new VirtualClock().install();
  try {
    const ours = new SetDataRecorder();
    const uncoalesced = new SetDataRecorder(false);
    const baselineRec = new SetDataRecorder(false);
    const baseline = new DouyinSampleBaselinePage(baselineRec, ME);
    const opened = clock.now;
    const listEvents: RecordedListEvent[] = [];
    const env = createRoomEnv((rtc) => {
      for (const which of LIST_EVENTS) {
        rtc.on(which, (list) => {
          listEvents.push({ at: clock.now - opened, which, list: list.slice() });
          baseline.onList(BASELINE_LIST[which], list);
        });
      }
    });
    const { store, cloud } = env;
    const select = () => selectRoomView(store);
    const binding = bindView(ours, select);
    const stopUncoalesced = bindUncoalesced(uncoalesced, select);
    store.open(env.query());
    await clock.advanceUntil(() => store.phase === 'joined' && store.media.cameraOn, 10_000);

    const trace = generateTrace({ members, durationMs, seed });
    const remotes = new Map<string, RemoteUser>();
    const t0 = clock.now + 200;
    const apply = (a: TraceAction): void => {
      if (a.kind === 'join') {
        remotes.set(a.userId, cloud.addRemote(ROOM, a.userId, { camera: a.camera, mic: a.mic, platform: 'web' }));
        return;
      }
      const r = remotes.get(a.userId);
      if (!r) throw new Error(`trace: ${a.userId} is not in the room`);
      if (a.kind === 'leave') r.leave();
      else if (a.kind === 'camera') r.setCamera(a.on);
      else if (a.kind === 'speak') r.speak(a.on);
      else if (a.on) r.startScreenShare();
      else r.stopScreenShare();
    };
    for (const e of trace) {
      const due = t0 + e.at;
      if (due > clock.now) await clock.advance(due - clock.now);
      apply(e.action);
    }
    await clock.advance(1000);
    const oursConsistent = JSON.stringify(ours.data) === JSON.stringify(select());

    binding.dispose();
    stopUncoalesced();
    const left = store.leave();
    await clock.advance(1000);
    await left;
    return {
      members,
      traceActions: trace.length,
      listEvents,
      ours: ours.stats(),
      uncoalesced: uncoalesced.stats(),
      baseline: baselineRec.stats(),
      oursConsistent,
    };
  } finally {
    clock.uninstall();
  }
}
