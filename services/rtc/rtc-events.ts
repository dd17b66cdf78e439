import type { Listener, ListenerRegistrar, RawRtcRoomContext, RtcInterruptPayload, RtcStatePayload, RtcUserListPayload } from '../platform/tt-types';
import { classifyInterruption, classifyStateEvent, type RoomEvent } from './room-events';

/**
 * Our event names → payloads. List events deliver the cleaned full snapshot (self included); state and
 * interrupt events arrive classified (services/rtc/room-events.ts), never as the platform's raw payload.
 */
export interface RtcEventMap {
  members: string[];
  videoMembers: string[];
  speakers: string[];
  screenMembers: string[];
  state: RoomEvent;
  interrupted: RoomEvent;
  tokenWillExpire: void;
}

type EventName = keyof RtcEventMap;
type RegistrarName = keyof RawRtcRoomContext & (`on${string}` | `off${string}`);

const LIST_EVENTS: Record<'members' | 'videoMembers' | 'speakers' | 'screenMembers', string> = {
  members: 'RtcChatMembersChanged',
  videoMembers: 'RtcVideoMembersChanged',
  speakers: 'RtcChatSpeakersChanged',
  screenMembers: 'RtcPublishScreenMembersChanged',
};

/** Platform names per event; state has two spellings in the wild, so both are tried. */
const PLATFORM_NAMES: Record<EventName, string[]> = {
  members: [LIST_EVENTS.members],
  videoMembers: [LIST_EVENTS.videoMembers],
  speakers: [LIST_EVENTS.speakers],
  screenMembers: [LIST_EVENTS.screenMembers],
  state: ['RtcStateChanged', 'RtcStateChange'],
  interrupted: ['RtcChatInterrupted'],
  tokenWillExpire: ['RoomTokenWillExpire'],
};

// If a client implements both state spellings and fires both, the same payload arrives twice.
const STATE_DEDUPE_MS = 100;

function cleanList(payload: unknown): string[] | null {
  const list = payload && typeof payload === 'object' ? (payload as RtcUserListPayload).userIdList : undefined;
  if (!Array.isArray(list)) return null;
  const seen: Record<string, true> = {};
  const out: string[] = [];
  for (const id of list) {
    if (typeof id === 'string' && id && !seen[id]) {
      seen[id] = true;
      out.push(id);
    }
  }
  return out;
}

interface Registration {
  off: ListenerRegistrar<unknown> | undefined;
  handler: Listener<unknown>;
}

/**
 * Fans one platform listener per event out to any number of our listeners. The platform handler
 * is created once and kept, because off* needs the same function reference.
 */
export class RtcEventHub {
  private readonly ctx: RawRtcRoomContext;
  private readonly listeners: { [K in EventName]?: Array<(p: RtcEventMap[K]) => void> } = {};
  private readonly registrations: Registration[] = [];
  private readonly registered: { [K in EventName]?: boolean } = {};
  private lastState: { json: string; at: number } | null = null;
  private disposed = false;

  constructor(ctx: RawRtcRoomContext) {
    this.ctx = ctx;
  }

  supports(event: EventName): boolean {
    return PLATFORM_NAMES[event].some((n) => typeof this.registrar(`on${n}`) === 'function');
  }

  on<K extends EventName>(event: K, listener: (payload: RtcEventMap[K]) => void): () => void {
    if (this.disposed) return () => undefined;
    const list = (this.listeners[event] || (this.listeners[event] = [])) as Array<(p: RtcEventMap[K]) => void>;
    list.push(listener);
    this.ensureRegistered(event);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const r of this.registrations) {
      if (r.off) {
        try {
          r.off.call(this.ctx, r.handler);
        } catch (e) {
          // A broken off* must not stop the others from being removed.
        }
      }
    }
    this.registrations.length = 0;
    const names = Object.keys(this.listeners) as EventName[];
    for (const n of names) delete this.listeners[n];
  }

  private registrar(name: string): ListenerRegistrar<unknown> | undefined {
    const fn = (this.ctx as Record<string, unknown>)[name as RegistrarName];
    return typeof fn === 'function' ? (fn as ListenerRegistrar<unknown>) : undefined;
  }

  private ensureRegistered(event: EventName): void {
    if (this.registered[event]) return;
    this.registered[event] = true;
    for (const name of PLATFORM_NAMES[event]) {
      const on = this.registrar(`on${name}`);
      if (!on) continue;
      const handler: Listener<unknown> = (payload) => this.deliver(event, payload);
      on.call(this.ctx, handler);
      this.registrations.push({ off: this.registrar(`off${name}`), handler });
    }
  }

  private deliver(event: EventName, payload: unknown): void {
    if (this.disposed) return;
    let value: unknown = payload;
    if (event in LIST_EVENTS) {
      value = cleanList(payload);
      if (value === null) return; // a malformed snapshot must not wipe the room
    } else if (event === 'state') {
      const json = safeJson(payload);
      const now = Date.now();
      if (this.lastState && this.lastState.json === json && now - this.lastState.at < STATE_DEDUPE_MS) return;
      this.lastState = { json, at: now };
      value = classifyStateEvent((payload && typeof payload === 'object' ? payload : {}) as RtcStatePayload);
    } else if (event === 'interrupted') {
      value = classifyInterruption((payload && typeof payload === 'object' ? payload : {}) as RtcInterruptPayload);
    }
    const list = this.listeners[event] as Array<(p: unknown) => void> | undefined;
    if (!list) return;
    // Copy: a listener may unsubscribe while we iterate. One failing listener must not starve the
    // others or throw into the platform's callback.
    for (const l of list.slice()) {
      try {
        l(value);
      } catch (e) {
        console.error('[rtc] listener for', event, 'failed', e);
      }
    }
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) || '';
  } catch (e) {
    return String(v);
  }
}
