// A calls socket whose every answer the test decides: frames the server would push, acks and error
// codes (the CallsSocket contract in services/calls-socket.ts: send resolves on ack, rejects with a
// CallsSocketError carrying the server code, 'timeout' or 'stopped'). For the store's rules about
// answers the in-process call server only gives in rare orders (late errors, stale frames).
import { CallsSocketError, type CallsSocketStatus, type ServerFrame } from '../../services/calls-socket';
import { CallStore } from '../../stores/call-store';
import { Presence } from '../../stores/presence';

interface Sent {
  frame: { type: string; [key: string]: unknown };
  ack(): void;
  fail(code: string): void;
}

export class ScriptedSocket {
  status: CallsSocketStatus = 'open';
  userId: string | null = 'me';
  readonly sent: Sent[] = [];
  private readonly frameListeners: Array<(f: ServerFrame) => void> = [];
  private readonly statusListeners: Array<(s: CallsSocketStatus) => void> = [];

  send(frame: { type: string; [key: string]: unknown }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.sent.push({ frame, ack: resolve, fail: (code) => reject(new CallsSocketError(code)) });
    });
  }

  onFrame(l: (f: ServerFrame) => void): () => void {
    this.frameListeners.push(l);
    return () => void this.frameListeners.splice(this.frameListeners.indexOf(l), 1);
  }

  onStatus(l: (s: CallsSocketStatus) => void): () => void {
    this.statusListeners.push(l);
    return () => void this.statusListeners.splice(this.statusListeners.indexOf(l), 1);
  }

  /** A frame from the server. */
  push(f: ServerFrame): void {
    for (const l of this.frameListeners.slice()) l(f);
  }

  setStatus(s: CallsSocketStatus): void {
    this.status = s;
    for (const l of this.statusListeners.slice()) l(s);
  }

  /** Frames of this type the app sent, oldest first. */
  of(type: string): Sent[] {
    return this.sent.filter((s) => s.frame.type === type);
  }

  /** The last frame of this type the app sent (the test fails clearly if none). */
  last(type: string): Sent {
    const all = this.of(type);
    if (all.length === 0) throw new Error(`no ${type} frame was sent`);
    return all[all.length - 1];
  }
}

/** Lets rejected sends run their handlers. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

export function scriptedStore(opts: { devUserId?: string | null; userId?: string | null; newCallId?: () => string } = {}) {
  const socket = new ScriptedSocket();
  if (opts.userId !== undefined) socket.userId = opts.userId;
  const presence = new Presence();
  let n = 0;
  const store = new CallStore({
    socket,
    presence,
    devUserId: opts.devUserId === undefined ? 'me' : opts.devUserId,
    newCallId: opts.newCallId || (() => `call-out-${++n}`),
    now: () => Date.now(),
  });
  return { socket, presence, store };
}

export const ring = (callId: string, extra: Record<string, unknown> = {}): ServerFrame =>
  Object.assign({ type: 'ring', callId, caller: 'bob', media: 'audio', expiresAt: Date.now() + 30000 }, extra);

export const callFrame = (callId: string, state: string, extra: Record<string, unknown> = {}): ServerFrame =>
  Object.assign({ type: 'call', callId, state, peer: 'bob', media: 'audio' }, extra);

export const grant = (roomId = 'call_room1'): Record<string, unknown> => ({ roomId, token: 'tok-1', expireAt: 1700000000, appId: 'app-1' });
