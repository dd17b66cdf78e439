// The app's one signalling socket to the token service (docs/calls.md). tt.connectSocket allows at
// most five sockets and does not close an older one when opening another, so exactly one task is
// ever live, owned here. Transport-agnostic above this file: it takes the platform `tt` and a URL.
//
// - hello/welcome: identity as for token requests (douyin: a fresh tt.login code; dev: the device's
//   userId), in the first frame, never in the URL (URLs end up in logs).
// - ping every heartbeatMs; nothing heard for 2.5 × heartbeatMs → the socket is treated as dead.
// - reconnect with exponential backoff and jitter, for as long as the app is in the foreground;
//   the platform drops sockets ~5 s after the app hides, so we close on hide and reopen on show.
// - frames with ids: send() resolves on the server's ack and rejects on its error frame. Unacked
//   frames are sent again (same id) after a reconnect; the server treats actions idempotently.
import type { Listener, SocketTask, TtPlatform } from './platform/tt-types';

export type CallsSocketStatus = 'idle' | 'connecting' | 'open' | 'waiting' | 'paused' | 'replaced' | 'unavailable';

export interface ServerFrame {
  type: string;
  [key: string]: unknown;
}

type CallsAuth = { code: string } | { userId: string };

export interface CallsSocketOptions {
  platform: TtPlatform;
  url: string;
  deviceId: string;
  /** Douyin mode: a tt.login code (single use, so one per hello); dev mode: the device's userId. */
  auth(): Promise<CallsAuth>;
  random?: () => number;
  /** How long an action may wait for its ack, across reconnects. */
  sendTimeoutMs?: number;
}

export class CallsSocketError extends Error {
  constructor(readonly code: string) {
    super(`calls socket: ${code}`);
    this.name = 'CallsSocketError';
    Object.setPrototypeOf(this, CallsSocketError.prototype);
  }
}

export interface CallsSocket {
  readonly status: CallsSocketStatus;
  /** The userId the server welcomed us as; null before the first welcome. */
  readonly userId: string | null;
  start(): void;
  stop(): void;
  /** Sends a frame with a fresh id; resolves on ack, rejects with CallsSocketError (server code, 'timeout', 'stopped'). */
  send(frame: { type: string; [key: string]: unknown }): Promise<void>;
  onFrame(listener: (frame: ServerFrame) => void): () => void;
  /** Status changes; 'open' means welcomed. */
  onStatus(listener: (status: CallsSocketStatus) => void): () => void;
}

const BACKOFF = { baseMs: 1000, maxMs: 30000, jitter: 0.3 };
const DEFAULT_SEND_TIMEOUT_MS = 20000;
const DEFAULT_HEARTBEAT_MS = 25000;

interface Pending {
  id: string;
  text: string;
  resolve(): void;
  reject(e: CallsSocketError): void;
  timer: number;
}

export function createCallsSocket(options: CallsSocketOptions): CallsSocket {
  const { platform } = options;
  const random = options.random || Math.random;
  const sendTimeoutMs = options.sendTimeoutMs === undefined ? DEFAULT_SEND_TIMEOUT_MS : options.sendTimeoutMs;
  let status: CallsSocketStatus = 'idle';
  let userId: string | null = null;
  let task: SocketTask | null = null;
  /** Bumped per connection attempt: events of an older task do nothing. */
  let epoch = 0;
  let started = false;
  let attempt = 0;
  let retryTimer: number | undefined;
  let pingTimer: number | undefined;
  let heartbeatMs = DEFAULT_HEARTBEAT_MS;
  let lastHeard = 0;
  let seq = 0;
  const pending: Pending[] = [];
  const frameListeners: Array<(f: ServerFrame) => void> = [];
  const statusListeners: Array<(s: CallsSocketStatus) => void> = [];

  const setStatus = (s: CallsSocketStatus): void => {
    if (s === status) return;
    status = s;
    for (const l of statusListeners.slice()) l(s);
  };

  const clearTimers = (): void => {
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    if (pingTimer !== undefined) clearInterval(pingTimer);
    retryTimer = undefined;
    pingTimer = undefined;
  };

  const rawSend = (text: string): void => {
    if (!task || status !== 'open') return;
    task.send({ data: text, fail: () => undefined });
  };

  const closeTask = (t: SocketTask): void => {
    try {
      t.close({ code: 1000, reason: 'client', fail: () => undefined });
    } catch (e) {
      // already gone
    }
  };

  /** Drops the current task (if any) without scheduling anything. */
  const drop = (): void => {
    epoch++;
    clearTimers();
    const t = task;
    task = null;
    if (t) closeTask(t);
  };

  const scheduleRetry = (): void => {
    if (!started || status === 'paused' || status === 'replaced') return;
    drop();
    attempt++;
    const raw = Math.min(BACKOFF.maxMs, BACKOFF.baseMs * Math.pow(2, Math.max(0, attempt - 1)));
    const delay = Math.round(raw * (1 - BACKOFF.jitter + 2 * BACKOFF.jitter * random()));
    setStatus('waiting');
    retryTimer = setTimeout(connect, delay) as unknown as number;
  };

  function onMessage(my: number, data: unknown): void {
    if (my !== epoch || typeof data !== 'string') return;
    let f: unknown;
    try {
      f = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (typeof f !== 'object' || f === null || typeof (f as ServerFrame).type !== 'string') return;
    const frame = f as ServerFrame;
    lastHeard = Date.now();
    if (frame.type === 'welcome') {
      if (typeof frame.userId !== 'string') return;
      userId = frame.userId;
      if (typeof frame.heartbeatMs === 'number' && frame.heartbeatMs >= 1000) heartbeatMs = frame.heartbeatMs;
      attempt = 0;
      if (pingTimer !== undefined) clearInterval(pingTimer);
      pingTimer = setInterval(() => {
        if (Date.now() - lastHeard > 2.5 * heartbeatMs) return scheduleRetry(); // half-open: nothing comes back
        rawSend(JSON.stringify({ type: 'ping' }));
      }, heartbeatMs) as unknown as number;
      setStatus('open');
      // Unacked actions again, same ids (idempotent on the server).
      for (const p of pending.slice()) rawSend(p.text);
    } else if (frame.type === 'ack' || (frame.type === 'error' && typeof frame.id === 'string')) {
      const i = pending.findIndex((p) => p.id === frame.id);
      if (i < 0) return;
      const p = pending.splice(i, 1)[0];
      clearTimeout(p.timer);
      if (frame.type === 'ack') p.resolve();
      else p.reject(new CallsSocketError(typeof frame.code === 'string' ? frame.code : 'error'));
      return;
    } else if (frame.type === 'pong') {
      return;
    }
    for (const l of frameListeners.slice()) l(frame);
  }

  function connect(): void {
    retryTimer = undefined;
    if (!started || status === 'paused') return;
    if (typeof platform.connectSocket !== 'function') return setStatus('unavailable');
    drop();
    const my = epoch;
    setStatus('connecting');
    let t: SocketTask | undefined;
    let succeeded = false;
    let isOpen = false;
    const failed = (): void => {
      if (my === epoch) scheduleRetry();
    };
    // hello once the task is both ours (success came: methods are allowed) and open.
    const hello = (): void => {
      if (!succeeded || !isOpen || !t) return;
      const opened = t;
      if (my !== epoch) {
        // Given up on while connecting (stop, hide, another attempt): drop() could not close it then.
        closeTask(opened);
        return;
      }
      task = opened;
      lastHeard = Date.now();
      options.auth().then(
        (auth) => {
          if (my !== epoch) return;
          const frame = { type: 'hello', id: `h${++seq}`, deviceId: options.deviceId, auth };
          opened.send({ data: JSON.stringify(frame), fail: failed });
          // A welcome must come: otherwise the server is not answering us.
          retryTimer = setTimeout(failed, 10000) as unknown as number;
        },
        () => failed(),
      );
    };
    try {
      t = platform.connectSocket({
        url: options.url,
        success: () => {
          succeeded = true;
          hello();
        },
        fail: failed,
      });
    } catch (e) {
      return failed();
    }
    if (!t) return failed();
    const opened = t;
    opened.onOpen(() => {
      isOpen = true;
      hello();
    });
    opened.onMessage((m) => {
      if (my === epoch && retryTimer !== undefined && status === 'connecting') {
        clearTimeout(retryTimer);
        retryTimer = undefined;
      }
      onMessage(my, m ? m.data : undefined);
    });
    opened.onError(() => undefined);
    opened.onClose((e) => {
      if (my !== epoch) return;
      task = null;
      const code = e && typeof e.code === 'number' ? e.code : 1006;
      if (code === 4000) {
        // Another socket of this device took over; reconnecting would fight it.
        epoch++;
        clearTimers();
        return setStatus('replaced');
      }
      scheduleRetry();
    });
  }

  const onHide: Listener<unknown> = () => {
    if (!started) return;
    drop();
    setStatus('paused');
  };
  const onShow: Listener<unknown> = () => {
    if (!started || status !== 'paused') return;
    attempt = 0;
    setStatus('waiting');
    connect();
  };
  const onNetwork: Listener<{ isConnected: boolean }> = (s) => {
    if (started && s && s.isConnected && status === 'waiting') {
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      attempt = 0;
      connect();
    }
  };

  return {
    get status() {
      return status;
    },
    get userId() {
      return userId;
    },
    start() {
      if (started) return;
      started = true;
      if (platform.onAppHide) platform.onAppHide(onHide);
      if (platform.onAppShow) platform.onAppShow(onShow);
      platform.onNetworkStatusChange(onNetwork);
      connect();
    },
    stop() {
      if (!started) return;
      started = false;
      if (platform.offAppHide) platform.offAppHide(onHide);
      if (platform.offAppShow) platform.offAppShow(onShow);
      if (platform.offNetworkStatusChange) platform.offNetworkStatusChange(onNetwork);
      drop();
      for (const p of pending.splice(0)) {
        clearTimeout(p.timer);
        p.reject(new CallsSocketError('stopped'));
      }
      setStatus('idle');
    },
    send(frame) {
      return new Promise<void>((resolve, reject) => {
        const id = `m${++seq}`;
        const text = JSON.stringify(Object.assign({}, frame, { id }));
        const p: Pending = {
          id,
          text,
          resolve,
          reject,
          timer: setTimeout(() => {
            const i = pending.indexOf(p);
            if (i >= 0) pending.splice(i, 1);
            reject(new CallsSocketError('timeout'));
          }, sendTimeoutMs) as unknown as number,
        };
        pending.push(p);
        rawSend(text);
      });
    },
    onFrame(listener) {
      frameListeners.push(listener);
      return () => {
        const i = frameListeners.indexOf(listener);
        if (i >= 0) frameListeners.splice(i, 1);
      };
    },
    onStatus(listener) {
      statusListeners.push(listener);
      return () => {
        const i = statusListeners.indexOf(listener);
        if (i >= 0) statusListeners.splice(i, 1);
      };
    },
  };
}
