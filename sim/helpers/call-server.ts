// An in-process signalling server that follows docs/calls.md, for multi-phone app tests under fake
// timers. It plugs into the simulated tt.connectSocket (SimSocketServer) and answers GET /v1/calls
// through a fake tt.request handler. Small on purpose: the real server (server/) is tested by its own
// suite; this one only has to say what the contract says, in the same frames, so the app cannot rely
// on anything the contract does not promise.
import type { SimRequest, SimResponse } from '../fake-tt';
import type { SimServerConnection, SimSocketServer } from '../sockets';

type Media = 'audio' | 'video';
type CallState = 'ringing' | 'accepted' | 'declined' | 'cancelled' | 'busy' | 'missed' | 'ended';
type Final = 'declined' | 'cancelled' | 'busy' | 'missed' | 'ended';
type Outcome = 'completed' | 'missed' | 'declined' | 'cancelled' | 'busy';

export interface CallRecord {
  callId: string;
  peer: string;
  direction: 'out' | 'in';
  media: Media;
  outcome: Outcome;
  startedAt: number;
  durationSeconds: number;
}

interface RoomGrant {
  roomId: string;
  token: string;
  expireAt: number;
  appId: string;
}

export interface CallServerOptions {
  /** Mints the member token of the call's room for one user (the sim cloud's real tokens). */
  grant(roomId: string, userId: string): RoomGrant;
  /** Douyin mode: login code → userId (null = invalid). Absent = dev mode (auth.userId). */
  resolveCode?: (code: string) => string | null;
  heartbeatMs?: number;
  ringTimeoutMs?: number;
  /** Users that exist before they ever connect (others become known on their first hello). */
  users?: string[];
}

interface Conn {
  socket: SimServerConnection;
  deviceId: string | null;
  userId: string | null;
  lastSeen: number;
  timers: Array<ReturnType<typeof setTimeout> | ReturnType<typeof setInterval>>;
}

interface Call {
  callId: string;
  caller: string;
  callerDevice: string;
  callee: string;
  media: Media;
  state: CallState;
  acceptedDevice: string | null;
  createdAt: number;
  acceptedAt: number | null;
  endedBy: string | null;
  roomId: string;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const CALL_ID = /^[A-Za-z0-9_-]{8,64}$/;
const USER_ID = /^[A-Za-z0-9@._-]{1,128}$/;
const MAX_FRAME = 4096;
const FINAL: readonly CallState[] = ['declined', 'cancelled', 'busy', 'missed', 'ended'];
const MAX_RECORDS = 50;

export class FakeCallServer implements SimSocketServer {
  readonly heartbeatMs: number;
  readonly ringTimeoutMs: number;
  readonly conns: Conn[] = [];
  readonly calls = new Map<string, Call>();
  readonly records = new Map<string, CallRecord[]>();
  /** Subscription messages sent to offline callees: { userId, page }. */
  readonly notices: Array<{ userId: string; page: string; at: number }> = [];
  /** Every frame received (parsed), for assertions. */
  readonly received: Array<{ userId: string | null; frame: Record<string, unknown> }> = [];
  private readonly known = new Set<string>();

  constructor(private readonly options: CallServerOptions) {
    this.heartbeatMs = options.heartbeatMs || 25000;
    this.ringTimeoutMs = options.ringTimeoutMs || 30000;
    for (const u of options.users || []) this.known.add(u);
  }

  // ------------------------------------------------------------------ transport

  accept(socket: SimServerConnection): void {
    const c: Conn = { socket, deviceId: null, userId: null, lastSeen: Date.now(), timers: [] };
    this.conns.push(c);
    // No hello within 10 s → close 4001.
    c.timers.push(setTimeout(() => {
      if (!c.userId) socket.close(4001, 'no hello');
    }, 10000));
    // Silent for 2.5 × heartbeatMs → closed.
    c.timers.push(setInterval(() => {
      if (Date.now() - c.lastSeen > 2.5 * this.heartbeatMs) socket.close(4002, 'silent');
    }, this.heartbeatMs / 2));
    socket.onMessage((data) => this.onFrame(c, data));
    socket.onClose(() => this.gone(c));
  }

  /** Users with at least one open, authenticated socket. */
  online(userId: string): boolean {
    return this.devicesOf(userId).length > 0;
  }

  recordsOf(userId: string): CallRecord[] {
    return (this.records.get(userId) || []).slice();
  }

  /** GET /v1/calls through a fake tt.request handler; null for any other route. */
  handleRequest(req: SimRequest): SimResponse | null {
    if (!/\/v1\/calls(\?|$)/.test(req.url)) return null;
    if (req.method !== 'GET') return { statusCode: 405, data: { error: { code: 'method_not_allowed', message: 'GET only' } } };
    const h = lower(req.header || {});
    let userId: string | null = null;
    if (this.options.resolveCode) userId = h['x-login-code'] ? this.options.resolveCode(h['x-login-code']) : null;
    else userId = h['x-user-id'] && USER_ID.test(h['x-user-id']) ? h['x-user-id'] : null;
    if (!userId) return { statusCode: 401, data: { error: { code: 'unauthorized', message: 'identity missing or invalid' } } };
    return { statusCode: 200, data: { calls: this.recordsOf(userId) } };
  }

  private gone(c: Conn): void {
    for (const t of c.timers) clearTimeout(t as ReturnType<typeof setTimeout>);
    const i = this.conns.indexOf(c);
    if (i >= 0) this.conns.splice(i, 1);
  }

  private devicesOf(userId: string): Conn[] {
    return this.conns.filter((c) => c.userId === userId && c.socket.open);
  }

  private device(deviceId: string | null): Conn | undefined {
    return deviceId === null ? undefined : this.conns.find((c) => c.deviceId === deviceId && c.userId !== null && c.socket.open);
  }

  private send(c: Conn | undefined, frame: Record<string, unknown>): void {
    if (c) c.socket.send(JSON.stringify(frame));
  }

  private error(c: Conn, code: string, id: string | undefined): void {
    this.send(c, id === undefined ? { type: 'error', code } : { type: 'error', code, id });
  }

  private onFrame(c: Conn, data: string | ArrayBuffer): void {
    c.lastSeen = Date.now();
    if (typeof data !== 'string') return this.error(c, 'bad_frame', undefined);
    if (data.length > MAX_FRAME) return this.error(c, 'too_large', undefined);
    let f: unknown;
    try {
      f = JSON.parse(data);
    } catch (e) {
      return this.error(c, 'bad_frame', undefined);
    }
    if (typeof f !== 'object' || f === null || Array.isArray(f) || typeof (f as { type?: unknown }).type !== 'string') {
      return this.error(c, 'bad_frame', undefined);
    }
    const frame = f as Record<string, unknown>;
    const id = typeof frame.id === 'string' ? frame.id : undefined;
    this.received.push({ userId: c.userId, frame });
    if (frame.type === 'hello') return this.hello(c, frame, id);
    if (!c.userId) {
      this.error(c, 'bad_request', id);
      return c.socket.close(4001, 'hello first');
    }
    if (frame.type === 'ping') return this.send(c, { type: 'pong' });
    const handlers: Record<string, (c: Conn, f: Record<string, unknown>) => string | null> = {
      invite: (cc, ff) => this.invite(cc, ff),
      accept: (cc, ff) => this.onCallee(cc, ff, 'accept'),
      decline: (cc, ff) => this.onCallee(cc, ff, 'decline'),
      busy: (cc, ff) => this.onCallee(cc, ff, 'busy'),
      cancel: (cc, ff) => this.cancel(cc, ff),
      hangup: (cc, ff) => this.hangup(cc, ff),
      media: (cc, ff) => this.media(cc, ff),
      query: (cc, ff) => this.query(cc, ff),
    };
    const handler = handlers[frame.type as string];
    if (!handler) return this.error(c, 'unknown_type', id);
    const err = handler(c, frame);
    if (err) return this.error(c, err, id);
    if (id !== undefined) this.send(c, { type: 'ack', id });
  }

  private hello(c: Conn, f: Record<string, unknown>, id: string | undefined): void {
    const auth = f.auth as Record<string, unknown> | undefined;
    const deviceId = typeof f.deviceId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(f.deviceId) ? f.deviceId : null;
    let userId: string | null = null;
    if (auth && typeof auth === 'object') {
      if (this.options.resolveCode) userId = typeof auth.code === 'string' ? this.options.resolveCode(auth.code) : null;
      else userId = typeof auth.userId === 'string' && USER_ID.test(auth.userId) ? auth.userId : null;
    }
    if (!deviceId || !userId || id === undefined) {
      this.error(c, 'bad_request', id);
      return c.socket.close(4001, 'unauthorized');
    }
    // One socket per device: the older one is replaced.
    for (const other of this.conns.slice()) {
      if (other !== c && other.deviceId === deviceId && other.socket.open) other.socket.close(4000, 'replaced');
    }
    c.deviceId = deviceId;
    c.userId = userId;
    this.known.add(userId);
    this.send(c, { type: 'welcome', id, userId, heartbeatMs: this.heartbeatMs });
  }

  // ------------------------------------------------------------------ calls

  private live(userId: string): Call | undefined {
    for (const call of this.calls.values()) {
      if ((call.caller === userId || call.callee === userId) && (call.state === 'ringing' || call.state === 'accepted')) return call;
    }
    return undefined;
  }

  private invite(c: Conn, f: Record<string, unknown>): string | null {
    const user = c.userId as string;
    const { callId, callee, media } = f;
    if (typeof callId !== 'string' || !CALL_ID.test(callId)) return 'bad_request';
    if (typeof callee !== 'string' || !USER_ID.test(callee) || (media !== 'audio' && media !== 'video')) return 'bad_request';
    const existing = this.calls.get(callId);
    if (existing) return existing.caller === user && existing.callee === callee ? null : 'bad_request'; // a retried invite
    if (callee === user || !this.known.has(callee)) return 'bad_request';
    const call: Call = {
      callId,
      caller: user,
      callerDevice: c.deviceId as string,
      callee,
      media,
      state: 'ringing',
      acceptedDevice: null,
      createdAt: Date.now(),
      acceptedAt: null,
      endedBy: null,
      roomId: `call_${callId}`,
      timer: undefined,
    };
    const busyCaller = this.live(user);
    this.calls.set(callId, call);
    // A caller already in a call gets busy for the new one.
    if (busyCaller) {
      setTimeout(() => this.finish(call, 'busy'), 0);
      return null;
    }
    setTimeout(() => {
      if (call.state !== 'ringing') return;
      this.send(this.device(call.callerDevice), this.callFrame(call, user));
      const devices = this.devicesOf(callee);
      for (const d of devices) this.send(d, this.ringFrame(call));
      if (devices.length === 0) this.notices.push({ userId: callee, page: `pages/call/incoming?callId=${callId}`, at: Date.now() });
    }, 0);
    call.timer = setTimeout(() => this.finish(call, 'missed'), this.ringTimeoutMs);
    return null;
  }

  private onCallee(c: Conn, f: Record<string, unknown>, action: 'accept' | 'decline' | 'busy'): string | null {
    const call = this.callFor(f, c.userId as string);
    if (!call || call.callee !== c.userId) return 'bad_request';
    if (call.state === 'ringing') {
      if (action === 'accept') {
        call.state = 'accepted';
        call.acceptedDevice = c.deviceId;
        call.acceptedAt = Date.now();
        if (call.timer) clearTimeout(call.timer);
        setTimeout(() => {
          this.send(this.device(call.callerDevice), this.callFrame(call, call.caller));
          for (const d of this.devicesOf(call.callee)) this.send(d, this.callFrame(call, call.callee, d.deviceId));
        }, 0);
      } else {
        this.finish(call, action === 'decline' ? 'declined' : 'busy');
      }
      return null;
    }
    // Idempotent, and a late action learns where the call is (accept vs cancel at once).
    setTimeout(() => this.send(c, this.callFrame(call, c.userId as string, c.deviceId)), 0);
    return null;
  }

  private cancel(c: Conn, f: Record<string, unknown>): string | null {
    const call = this.callFor(f, c.userId as string);
    if (!call || call.caller !== c.userId) return 'bad_request';
    if (call.state === 'ringing') this.finish(call, 'cancelled');
    else setTimeout(() => this.send(c, this.callFrame(call, call.caller)), 0);
    return null;
  }

  private hangup(c: Conn, f: Record<string, unknown>): string | null {
    const call = this.callFor(f, c.userId as string);
    if (!call) return 'bad_request';
    if (call.state === 'accepted') {
      call.endedBy = c.userId;
      this.finish(call, 'ended');
    } else if (call.state !== 'ended') {
      setTimeout(() => this.send(c, this.callFrame(call, c.userId as string, c.deviceId)), 0);
    }
    return null;
  }

  private media(c: Conn, f: Record<string, unknown>): string | null {
    const call = this.callFor(f, c.userId as string);
    if (!call || (f.media !== 'audio' && f.media !== 'video') || call.state !== 'accepted') return 'bad_request';
    if (call.media !== f.media) {
      call.media = f.media;
      const other = c.userId === call.caller ? this.device(call.acceptedDevice) : this.device(call.callerDevice);
      const otherUser = c.userId === call.caller ? call.callee : call.caller;
      setTimeout(() => {
        const frame = this.callFrame(call, otherUser, call.acceptedDevice);
        delete frame.room; // a relay, not a new grant
        this.send(other, frame);
      }, 0);
    }
    return null;
  }

  private query(c: Conn, f: Record<string, unknown>): string | null {
    const call = this.callFor(f, c.userId as string);
    if (!call) return 'not_found';
    setTimeout(() => {
      if (call.state === 'ringing' && call.callee === c.userId) this.send(c, this.ringFrame(call));
      else this.send(c, this.callFrame(call, c.userId as string, c.deviceId));
    }, 0);
    return null;
  }

  private callFor(f: Record<string, unknown>, userId: string): Call | undefined {
    if (typeof f.callId !== 'string' || !CALL_ID.test(f.callId)) return undefined;
    const call = this.calls.get(f.callId);
    return call && (call.caller === userId || call.callee === userId) ? call : undefined;
  }

  private ringFrame(call: Call): Record<string, unknown> {
    return { type: 'ring', callId: call.callId, caller: call.caller, media: call.media, expiresAt: call.createdAt + this.ringTimeoutMs };
  }

  /** The call as `userId` (on `deviceId`, for the callee) sees it. */
  private callFrame(call: Call, userId: string, deviceId?: string | null): Record<string, unknown> {
    const peer = userId === call.caller ? call.callee : call.caller;
    const frame: Record<string, unknown> = { type: 'call', callId: call.callId, state: call.state, peer, media: call.media };
    if (call.state === 'accepted') {
      const inIt = userId === call.caller || (deviceId !== undefined && deviceId === call.acceptedDevice);
      if (inIt) {
        const g = this.options.grant(call.roomId, userId);
        frame.room = { roomId: g.roomId, token: g.token, expireAt: g.expireAt, appId: g.appId };
      } else frame.reason = 'elsewhere';
    }
    if (call.state === 'ended') {
      frame.reason = 'hangup';
      frame.by = call.endedBy;
    }
    return frame;
  }

  private finish(call: Call, state: Final): void {
    if (FINAL.indexOf(call.state) >= 0) return;
    if (call.timer) clearTimeout(call.timer);
    call.state = state;
    const now = Date.now();
    const outcome: Outcome = state === 'ended' ? 'completed' : state;
    const durationSeconds = state === 'ended' && call.acceptedAt !== null ? Math.round((now - call.acceptedAt) / 1000) : 0;
    this.addRecord(call.caller, { callId: call.callId, peer: call.callee, direction: 'out', media: call.media, outcome, startedAt: call.createdAt, durationSeconds });
    this.addRecord(call.callee, { callId: call.callId, peer: call.caller, direction: 'in', media: call.media, outcome, startedAt: call.createdAt, durationSeconds });
    setTimeout(() => {
      this.send(this.device(call.callerDevice), this.callFrame(call, call.caller));
      const callee = state === 'ended' ? [this.device(call.acceptedDevice)] : this.devicesOf(call.callee);
      for (const d of callee) if (d) this.send(d, this.callFrame(call, call.callee, d.deviceId));
    }, 0);
  }

  private addRecord(userId: string, r: CallRecord): void {
    const list = [r].concat(this.records.get(userId) || []).slice(0, MAX_RECORDS);
    this.records.set(userId, list);
  }
}

function lower(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(h)) out[k.toLowerCase()] = h[k];
  return out;
}
