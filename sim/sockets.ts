// The simulated tt.connectSocket: one SocketTask per call, connected to an in-process SimSocketServer
// (tests plug the fake call server in). The rules it enforces, each from the Douyin docs:
//
// - S1 methods only after success: "请在 tt.connectSocket 的 success 回调之后再调用 SocketTask 的方法"
//   (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/network/web-socket/tt-connect-socket).
//   A send/close before it fails and is recorded in control.violations.
// - S2 at most 5 sockets at once, and opening another does not close an older one (same page): a 6th
//   connectSocket while five are connecting or open fails.
// - S3 release builds accept only wss:// on the console's socket whitelist (same page); test builds
//   also ws:// (releaseBuild: false).
// - S4 the platform drops a socket about 5 s after the app goes to the background (Douyin's cloud
//   WebSocket guide: https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/server/cloud/websocket);
//   coming back within 5 s keeps it. The exact close code is not documented: the sim uses 1006.
// - A lost network drops every socket (onError, then onClose 1006).
//
// Everything is asynchronous (setTimeout), like the rest of the sim: open after the success callback,
// each message on its own timer, close events one tick after close().

import type { CallbackOptions, ConnectSocketOptions, PlatformFailure, SocketCloseEvent, SocketTask } from '../services/platform/tt-types';

const MAX_SOCKETS = 5;
const BACKGROUND_DROP_MS = 5000;
const ABNORMAL_CLOSE = 1006;

/** The server end of one simulated socket. */
export interface SimServerConnection {
  readonly id: number;
  readonly url: string;
  /** The fake tt's label (which phone). */
  readonly label: string;
  readonly open: boolean;
  /** Server → client; dropped when the socket is not open. */
  send(data: string): void;
  /** The server closes the socket with this code (4000/4001 in docs/calls.md). */
  close(code?: number, reason?: string): void;
  onMessage(listener: (data: string | ArrayBuffer) => void): void;
  onClose(listener: (event: { code: number; reason: string }) => void): void;
}

export interface SimSocketServer {
  /** A client socket finished its handshake. Close `conn` here to refuse it. */
  accept(conn: SimServerConnection): void;
}

type SimSocketState = 'connecting' | 'open' | 'closed';

export interface SimSocketInfo {
  readonly id: number;
  readonly url: string;
  readonly state: SimSocketState;
  /** Frames the client sent, in order. */
  readonly sent: ReadonlyArray<string | ArrayBuffer>;
  readonly closeCode: number | undefined;
}

export interface SocketHost {
  readonly label: string;
  readonly releaseBuild: boolean;
  networkConnected(): boolean;
  server(): SimSocketServer | null;
  violation(text: string): void;
  /** Runs the callback-style part of connectSocket through the fake's invoke (latency, failNext, hang). */
  invokeConnect(o: ConnectSocketOptions, exec: () => PlatformFailure | null, onFailure: () => void): void;
}

let nextId = 1;

class SimSocket implements SimSocketInfo {
  readonly id = nextId++;
  state: SimSocketState = 'connecting';
  /** connectSocket's success callback has run (S1). */
  succeeded = false;
  readonly sent: Array<string | ArrayBuffer> = [];
  closeCode: number | undefined;
  readonly task: SocketTask;
  private readonly openListeners: Array<(r: { header?: Record<string, string> }) => void> = [];
  private readonly messageListeners: Array<(r: { data: string | ArrayBuffer }) => void> = [];
  private readonly closeListeners: Array<(r: SocketCloseEvent) => void> = [];
  private readonly errorListeners: Array<(r: { errMsg?: string }) => void> = [];
  private readonly serverMessage: Array<(d: string | ArrayBuffer) => void> = [];
  private readonly serverClose: Array<(e: { code: number; reason: string }) => void> = [];
  readonly conn: SimServerConnection;

  constructor(
    readonly url: string,
    private readonly host: SocketHost,
  ) {
    const self = this;
    this.conn = {
      id: this.id,
      url,
      label: host.label,
      get open() {
        return self.state === 'open';
      },
      send: (data) => {
        if (self.state !== 'open') return;
        setTimeout(() => {
          if (self.state === 'open') for (const l of self.messageListeners.slice()) l({ data });
        }, 0);
      },
      close: (code = 1000, reason = '') => self.finish(code, reason, false),
      onMessage: (l) => void self.serverMessage.push(l),
      onClose: (l) => void self.serverClose.push(l),
    };
    this.task = {
      send: (o) => this.send(o),
      close: (o) => this.close(o),
      onOpen: (l) => void this.openListeners.push(l),
      onMessage: (l) => void this.messageListeners.push(l),
      onClose: (l) => void this.closeListeners.push(l),
      onError: (l) => void this.errorListeners.push(l),
    };
  }

  /** After the success callback: the handshake. No network or nobody listening → error + close. */
  connect(): void {
    setTimeout(() => {
      if (this.state !== 'connecting') return;
      const server = this.host.server();
      if (!this.host.networkConnected() || !server) {
        this.drop('connect failed');
        return;
      }
      this.state = 'open';
      server.accept(this.conn);
      if (this.state === 'open') for (const l of this.openListeners.slice()) l({ header: {} });
    }, 0);
  }

  /** Lost (background, network, control.dropSockets): onError then onClose 1006 on the client. */
  drop(why: string): void {
    if (this.state === 'closed') return;
    this.finish(ABNORMAL_CLOSE, why, true);
  }

  private finish(code: number, reason: string, error: boolean): void {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    this.closeCode = code;
    if (wasOpen) for (const l of this.serverClose.slice()) l({ code, reason });
    setTimeout(() => {
      if (error) for (const l of this.errorListeners.slice()) l({ errMsg: `WebSocket error: ${reason}` });
      for (const l of this.closeListeners.slice()) l({ code, reason });
    }, 0);
  }

  private before(method: string, o: CallbackOptions | undefined): boolean {
    if (this.succeeded) return true;
    this.host.violation(`S1: SocketTask.${method} called before connectSocket's success callback`);
    setTimeout(() => {
      if (o && o.fail) o.fail({ errMsg: `${method}:fail SocketTask is not ready` });
      if (o && o.complete) o.complete();
    }, 0);
    return false;
  }

  private send(o: { data: string | ArrayBuffer } & CallbackOptions): void {
    if (!this.before('send', o)) return;
    const ok = this.state === 'open' && o && (typeof o.data === 'string' || o.data instanceof ArrayBuffer);
    if (ok) {
      this.sent.push(o.data);
      const data = o.data;
      setTimeout(() => {
        if (this.state === 'open') for (const l of this.serverMessage.slice()) l(data);
      }, 0);
    }
    setTimeout(() => {
      if (ok && o.success) o.success({ errMsg: 'sendSocketMessage:ok' });
      if (!ok && o && o.fail) o.fail({ errMsg: this.state === 'open' ? 'sendSocketMessage:fail invalid data' : 'sendSocketMessage:fail WebSocket is not connected' });
      if (o && o.complete) o.complete();
    }, 0);
  }

  private close(o?: { code?: number; reason?: string } & CallbackOptions): void {
    if (!this.before('close', o)) return;
    this.finish(o && typeof o.code === 'number' ? o.code : 1000, (o && o.reason) || '', false);
    setTimeout(() => {
      if (o && o.success) o.success({ errMsg: 'closeSocket:ok' });
      if (o && o.complete) o.complete();
    }, 0);
  }
}

/** Per fake tt: its sockets, the background timer (S4), and connectSocket itself. */
export class SimSockets {
  readonly all: SimSocket[] = [];
  private backgroundTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: SocketHost) {}

  get live(): SimSocket[] {
    return this.all.filter((s) => s.state !== 'closed');
  }

  connect(o: ConnectSocketOptions): SocketTask {
    const url = o && typeof o.url === 'string' ? o.url : '';
    const sock = new SimSocket(url, this.host);
    this.all.push(sock);
    // Counted from the call: a connecting socket already takes one of the five (S2).
    const over = this.live.length > MAX_SOCKETS;
    this.host.invokeConnect(o, () => {
      let failure: PlatformFailure | null = null;
      if (!/^wss?:\/\/[^\s/?#]+/i.test(url)) failure = { errMsg: `connectSocket:fail invalid url "${url}"` };
      else if (this.host.releaseBuild && !/^wss:\/\//i.test(url)) failure = { errMsg: `connectSocket:fail url not in domain list: ${url}` };
      else if (over) failure = { errMsg: `connectSocket:fail exceed max task count ${MAX_SOCKETS}` };
      if (failure) {
        sock.state = 'closed';
        return failure;
      }
      sock.succeeded = true;
      sock.connect();
      return null;
    }, () => {
      // An injected failure (control.failNext) frees the slot too.
      sock.state = 'closed';
    });
    return sock.task;
  }

  dropAll(why: string): number {
    const live = this.live;
    for (const s of live) s.drop(why);
    return live.length;
  }

  enterBackground(): void {
    if (this.backgroundTimer !== undefined) return;
    this.backgroundTimer = setTimeout(() => {
      this.backgroundTimer = undefined;
      this.dropAll('dropped in background');
    }, BACKGROUND_DROP_MS);
  }

  enterForeground(): void {
    if (this.backgroundTimer !== undefined) clearTimeout(this.backgroundTimer);
    this.backgroundTimer = undefined;
  }
}
