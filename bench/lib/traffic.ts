// Replays a trace through cloud → fake tt → RtcRoom → RoomStore → roomViewSections → bindSections, with the
// official sample's page listening to the same RTC room, and measures both pages' setData traffic.
import { reaction } from 'mobx-miniprogram';
import { selectRoomView } from '../../view/room-view';
import { bindSections, type SetDataTarget } from '../../view/binding';
import { diff } from '../../view/diff';
import type { RemoteUser, RtcCloudOptions } from '../../sim/cloud';
import { DouyinSampleBaselinePage, type BaselineList } from './baseline-page';
import { bindWithMobxBindings } from './mobx-bindings';
import { VirtualClock } from './clock';
import { SetDataRecorder, type SetDataStats } from './recorder';
import { createRoomEnv, openAsPage, LIST_EVENTS, ME, ROOM, type ListEvent } from './room-env';
import { generateTrace, type TraceAction } from './trace';

const BASELINE_LIST: Record<ListEvent, BaselineList> = {
  members: 'roomMembers',
  videoMembers: 'videoMembers',
  speakers: 'audioMembers',
  screenMembers: 'screenMembers',
};

/**
 * How the platform reports list changes: unverified (README known limits 1, docs/platform.md), so
 * every plausible model is replayed and targets are judged on the worst. Platform behaviour lives in
 * the simulated cloud as options; the trace is the same in every model.
 */
export interface EventModel {
  id: string;
  label: string;
  cloud: RtcCloudOptions;
}

export const EVENT_MODELS: readonly EventModel[] = [
  { id: 'per-change', label: 'one event per change', cloud: {} },
  { id: 'merged', label: 'same-instant changes merged per list', cloud: { mergeSameInstant: true } },
  { id: 'mic-on', label: 'speakers = mic on', cloud: { speakerSemantics: 'mic-on' } },
  { id: 'mic-on+merged', label: 'speakers = mic on, merged', cloud: { speakerSemantics: 'mic-on', mergeSameInstant: true } },
];

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
  /** mobx-miniprogram-bindings on the same view (bench/lib/mobx-bindings.ts). */
  mobxBindings: SetDataStats;
  /** The page data built from our patches equals the store's current view. */
  oursConsistent: boolean;
  /** The same for the mobx-miniprogram-bindings page (it must show the same thing to count). */
  mobxBindingsConsistent: boolean;
  /** Most streams this phone really received at once, checked after every trace action (`decoded` = videos + share at the same moment). */
  maxReceived: { video: number; audio: number; screen: number; decoded: number };
  /** Subscribe/unsubscribe calls made during the trace. */
  subscribeCalls: number;
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

export async function replayTraffic(
  members: number,
  durationMs: number,
  seed?: number,
  model: EventModel = EVENT_MODELS[0],
  visible?: number,
): Promise<TrafficResult> {
  const clock = new VirtualClock().install();
  try {
    const ours = new SetDataRecorder();
    const uncoalesced = new SetDataRecorder(false);
    const baselineRec = new SetDataRecorder(false);
    const mobxRec = new SetDataRecorder();
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
    }, undefined, model.cloud);
    const { store, cloud } = env;
    // Ours is wired and bound as the page does it (room.ts); the other columns take the same view whole.
    const parts = openAsPage(env);
    const select = () => selectRoomView(store, parts.extras);
    const binding = bindSections(ours, parts.sections);
    const stopUncoalesced = bindUncoalesced(uncoalesced, select);
    const mobxBindings = bindWithMobxBindings(mobxRec, store, select, Object.keys(select()));
    await clock.advanceUntil(() => store.phase === 'joined' && store.media.cameraOn, 10_000);

    const trace = generateTrace({ members, durationMs, seed, visible });
    const maxReceived = { video: 0, audio: 0, screen: 0, decoded: 0 };
    const subscribeCallsBefore = env.fake.control.calls.filter((c) => c.api.indexOf('SubscribeState') >= 0).length;
    const sampleReceived = (): void => {
      const me = cloud.room(ROOM).member(ME);
      if (!me) return;
      const r = me.receiving();
      maxReceived.video = Math.max(maxReceived.video, r.video.length);
      maxReceived.audio = Math.max(maxReceived.audio, r.audio.length);
      maxReceived.screen = Math.max(maxReceived.screen, r.screen.length);
      maxReceived.decoded = Math.max(maxReceived.decoded, r.video.length + r.screen.length);
    };
    const remotes = new Map<string, RemoteUser>();
    const t0 = clock.now + 200;
    const apply = (a: TraceAction): void => {
      if (a.kind === 'join') {
        remotes.set(a.userId, cloud.addRemote(ROOM, a.userId, { camera: a.camera, mic: a.mic, platform: 'web', visible: a.visible !== false }));
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
      sampleReceived();
    }
    await clock.advance(1000);
    sampleReceived();
    const subscribeCalls = env.fake.control.calls.filter((c) => c.api.indexOf('SubscribeState') >= 0).length - subscribeCallsBefore;
    const oursConsistent = JSON.stringify(ours.data) === JSON.stringify(select());
    const mobxBindingsConsistent = JSON.stringify(mobxRec.data) === JSON.stringify(select());

    binding.dispose();
    parts.recorder.dispose();
    stopUncoalesced();
    mobxBindings.destroyStoreBindings();
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
      mobxBindings: mobxRec.stats(),
      oursConsistent,
      mobxBindingsConsistent,
      maxReceived,
      subscribeCalls,
    };
  } finally {
    clock.uninstall();
  }
}
