// A simulated phone: a real `ws` client speaking docs/calls.md to a real server on 127.0.0.1.
// Frames are buffered; next() consumes the first one matching a predicate, so a test reads what a
// client would see, in order, without racing the server.
import WebSocket from 'ws';

export type Frame = Record<string, unknown> & { type: string };

export class Phone {
  readonly frames: Frame[] = [];
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private seq = 0;
  readonly closed: Promise<{ code: number; reason: string }>;
  userId = '';

  private constructor(
    readonly ws: WebSocket,
    readonly deviceId: string,
  ) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      if (frame.type === 'pong' && frame.id === undefined) return; // answers to the automatic pings
      const i = this.waiters.findIndex((w) => w.pred(frame));
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        w?.resolve(frame);
      } else this.frames.push(frame);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** Opens the socket (no hello yet). */
  static open(wsUrl: string, deviceId = `d-${Math.random().toString(36).slice(2, 10)}`): Promise<Phone> {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    const phone = new Phone(ws, deviceId);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(phone));
      ws.once('error', reject);
    });
  }

  /**
   * Opens and says hello (dev: { userId }, douyin: { code }); resolves with the welcome. Then pings
   * every heartbeatMs / 2 like the app does, unless `silent`.
   */
  static async connect(wsUrl: string, auth: { userId?: string; code?: string }, deviceId?: string, silent = false): Promise<Phone> {
    const phone = await Phone.open(wsUrl, deviceId);
    const welcome = await phone.request({ type: 'hello', deviceId: phone.deviceId, auth });
    if (welcome.type !== 'welcome') throw new Error(`hello refused: ${JSON.stringify(welcome)}`);
    phone.userId = String(welcome.userId);
    phone.welcome = welcome;
    if (!silent) {
      const timer = setInterval(() => {
        if (phone.ws.readyState === WebSocket.OPEN) phone.ws.send('{"type":"ping"}');
      }, Number(welcome.heartbeatMs) / 2);
      timer.unref();
      void phone.closed.then(() => clearInterval(timer));
    }
    return phone;
  }

  welcome: Frame | null = null;

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  /** Sends with a fresh id; resolves with the ack / welcome / error carrying that id. */
  request(frame: Record<string, unknown>, timeoutMs = 4000): Promise<Frame> {
    const id = `m${++this.seq}`;
    const answer = this.next((f) => f.id === id && ['ack', 'error', 'welcome', 'pong'].includes(f.type), timeoutMs);
    this.ws.send(JSON.stringify({ ...frame, id }));
    return answer;
  }

  /** The first frame (buffered or future) matching pred. */
  next(pred: (f: Frame) => boolean, timeoutMs = 4000): Promise<Frame> {
    const i = this.frames.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0] as Frame);
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.userId || this.deviceId}: no matching frame within ${timeoutMs} ms; buffered: ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The next `call` frame for callId (optionally in a given state). */
  call(callId: string, state?: string, timeoutMs?: number): Promise<Frame> {
    return this.next((f) => f.type === 'call' && f.callId === callId && (state === undefined || f.state === state), timeoutMs);
  }

  ring(callId: string, timeoutMs?: number): Promise<Frame> {
    return this.next((f) => f.type === 'ring' && f.callId === callId, timeoutMs);
  }

  /** Waits a little and returns (and clears) everything that arrived: for "nothing else came" checks. */
  async drain(ms = 150): Promise<Frame[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.frames.splice(0);
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    return this.closed;
  }

  /** Drops the TCP connection without a close frame (a phone losing its network). */
  kill(): Promise<{ code: number; reason: string }> {
    this.ws.terminate();
    return this.closed;
  }
}

let callSeq = 0;
export function newCallId(): string {
  return `call-${Date.now().toString(36)}-${(callSeq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
