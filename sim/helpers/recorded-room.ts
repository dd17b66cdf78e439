// The setup of the session-record tests: a room harness whose store is watched by a SessionRecorder
// writing to the app's own storage, plus a sample record and an in-memory store for the history alone.
import { SessionRecorder, type RecorderOptions } from '../../stores/session-recorder';
import { createSessionHistory, RECORDS_KEY, type SessionHistory, type SessionRecord } from '../../stores/session-records';
import { createRoomHarness, type RoomHarness } from './room-harness';

export interface RecordedRoom {
  h: RoomHarness;
  history: SessionHistory;
  recorder: SessionRecorder;
  /** Leaves the room (letting the sim answer) and returns the stored records, newest first. */
  leave(): Promise<SessionRecord[]>;
}

export function recordedRoom(opts: Parameters<typeof createRoomHarness>[0] = {}, recorderOptions: RecorderOptions = {}): RecordedRoom {
  const h = createRoomHarness(opts);
  const history = createSessionHistory(h.services.storage);
  const recorder = new SessionRecorder(h.store, history, recorderOptions);
  const leave = async (): Promise<SessionRecord[]> => {
    const p = h.store.leave();
    await h.settle(100);
    await p;
    return history.list();
  };
  return { h, history, recorder, leave };
}

/** A valid record: 1 s in room r1, left, two people at most. */
export const SAMPLE_RECORD: SessionRecord = {
  roomId: 'r1',
  startedAt: 1000,
  endedAt: 2000,
  durationMs: 1000,
  endReason: 'left',
  peakMembers: 2,
  reconnects: 0,
  screenShares: [],
};

/** The history's storage in memory (a JSON copy on write, as tt storage keeps); only the records key. */
export function memoryRecordsStorage(initial?: unknown) {
  const m = {
    value: initial,
    get: (_k: string): unknown => m.value,
    set: (k: string, v: unknown) => {
      if (k !== RECORDS_KEY) throw new Error(`unexpected storage key ${k}`);
      m.value = JSON.parse(JSON.stringify(v));
    },
    remove: (k: string) => {
      if (k !== RECORDS_KEY) throw new Error(`unexpected storage key ${k}`);
      m.value = undefined;
    },
  };
  return m;
}
