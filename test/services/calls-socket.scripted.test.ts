// services/calls-socket.ts against a scripted server end (sim sockets, our own frames): what the client
// sends and when (no action before welcome, distinct ids across reconnects, pings per the welcome's
// heartbeatMs within its bounds), how it reads frames (acks by id, error frames with and without id,
// pongs and malformed text swallowed), its backoff jitter, send timeout, listener bookkeeping, and that
// lifecycle events (network back, show, repeated start/stop, hide+show) never leave a second socket.
import { CallsSocketError, createCallsSocket, type CallsSocketStatus, type ServerFrame } from '../../services/calls-socket';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt } from '../../sim/fake-tt';
import type { SimServerConnection, SimSocketServer } from '../../sim/sockets';
import { flush } from '../../sim/time';

const URL = 'wss://calls.example.com/v1/calls/socket';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

interface Script {
  /** heartbeatMs in the welcome (undefined: field left out). */
  heartbeatMs?: unknown;
  /** Answer hellos with a welcome (default true). */
  welcome?: boolean;
  /** Answer frames with ids (other than hello/ping) with an ack (default true). */
  ack?: boolean;
}

class ScriptedServer implements SimSocketServer {
  readonly conns: SimServerConnection[] = [];
  /** Every frame received, parsed, in order, with the connection index. */
  readonly received: Array<{ conn: number; frame: Record<string, unknown> }> = [];
  readonly closes: Array<{ code: number; reason: string }> = [];
  constructor(readonly script: Script = {}) {}
  accept(conn: SimServerConnection): void {
    const n = this.conns.push(conn) - 1;
    conn.onClose((e) => this.closes.push(e));
    conn.onMessage((d) => {
      const frame = JSON.parse(String(d)) as Record<string, unknown>;
      this.received.push({ conn: n, frame });
      if (frame.type === 'hello' && this.script.welcome !== false) {
        const w: Record<string, unknown> = { type: 'welcome', id: frame.id, userId: 'alice' };
        if ('heartbeatMs' in this.script) w.heartbeatMs = this.script.heartbeatMs;
        conn.send(JSON.stringify(w));
      } else if (frame.type === 'ping') conn.send(JSON.stringify({ type: 'pong' }));
      else if (typeof frame.id === 'string' && this.script.ack !== false) conn.send(JSON.stringify({ type: 'ack', id: frame.id }));
    });
  }
  last(): SimServerConnection {
    return this.conns[this.conns.length - 1];
  }
  push(frame: unknown): void {
    this.last().send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
  types(): string[] {
    return this.received.map((r) => r.frame.type as string);
  }
}

function setup(script: Script = {}, opts: { random?: () => number; sendTimeoutMs?: number } = {}) {
  const server = new ScriptedServer(script);
  const phone = createFakeTt(new RtcCloud(), { socketServer: server, label: 'alice' });
  const socket = createCallsSocket({
    platform: phone.tt,
    url: URL,
    deviceId: 'd-alice-1',
    auth: () => Promise.resolve({ userId: 'alice' }),
    random: opts.random || (() => 0.5),
    sendTimeoutMs: opts.sendTimeoutMs,
  });
  const frames: ServerFrame[] = [];
  const statuses: CallsSocketStatus[] = [];
  socket.onFrame((f) => frames.push(f));
  socket.onStatus((s) => statuses.push(s));
  const live = () => phone.control.sockets.filter((s) => s.state !== 'closed').length;
  return { server, phone, socket, frames, statuses, live };
}

describe('heartbeat from the welcome', () => {
  test.each([
    ['5000', 5000, 5000],
    ['1000 (the lowest accepted)', 1000, 1000],
    ['999 (too low: default 25 s)', 999, 25000],
    ['missing (default 25 s)', undefined, 25000],
  ])('heartbeatMs %s → a ping every %s… ms', async (_name, heartbeatMs, every) => {
    const t = setup(heartbeatMs === undefined ? {} : { heartbeatMs });
    t.socket.start();
    await flush();
    expect(t.socket.status).toBe('open');
    const pings = () => t.server.types().filter((x) => x === 'ping').length;
    await jest.advanceTimersByTimeAsync(every * 4 - 20);
    expect(pings()).toBe(3);
    await jest.advanceTimersByTimeAsync(20);
    expect(pings()).toBe(4);
    expect(t.socket.status).toBe('open');
  });

  test('a second welcome on the same socket does not double the pings; pongs never reach frame listeners', async () => {
    const t = setup({ heartbeatMs: 5000 });
    t.socket.start();
    await flush();
    t.server.push({ type: 'welcome', id: 'x', userId: 'alice', heartbeatMs: 5000 });
    await flush();
    const before = t.server.types().filter((x) => x === 'ping').length;
    await jest.advanceTimersByTimeAsync(15000);
    expect(t.server.types().filter((x) => x === 'ping').length - before).toBe(3);
    expect(t.frames.map((f) => f.type)).toEqual(['welcome', 'welcome']);
    expect(t.statuses).toEqual(['connecting', 'open']);
  });
});

describe('frames', () => {
  test('an ack settles only the action with its id; error frames reject with their code, or "error" without one', async () => {
    const t = setup({ ack: false }, { sendTimeoutMs: 5000 });
    t.socket.start();
    await flush();
    const results: string[] = [];
    const track = (name: string, p: Promise<void>) =>
      p.then(
        () => results.push(`${name}:ok`),
        (e: unknown) => results.push(`${name}:${e instanceof CallsSocketError ? e.code : String(e)}`),
      );
    track('a', t.socket.send({ type: 'query', callId: 'aaaaaaaa' }));
    track('b', t.socket.send({ type: 'query', callId: 'bbbbbbbb' }));
    track('c', t.socket.send({ type: 'query', callId: 'cccccccc' }));
    await flush();
    const ids = t.server.received.filter((r) => r.frame.type === 'query').map((r) => r.frame.id as string);
    expect(ids).toHaveLength(3);
    t.server.push({ type: 'ack', id: ids[1] });
    await flush();
    expect(results).toEqual(['b:ok']);
    t.server.push({ type: 'error', id: ids[2] });
    t.server.push({ type: 'ack', id: 'nobody' });
    await flush();
    expect(results).toEqual(['b:ok', 'c:error']);
    await jest.advanceTimersByTimeAsync(5000);
    expect(results).toEqual(['b:ok', 'c:error', 'a:timeout']);
  });

  test('the rejection is a CallsSocketError by name too', async () => {
    const t = setup({ ack: false }, { sendTimeoutMs: 100 });
    t.socket.start();
    const e = await Promise.all([t.socket.send({ type: 'query' }).catch((x: Error) => x), jest.advanceTimersByTimeAsync(200)]);
    expect(e[0]).toBeInstanceOf(CallsSocketError);
    expect((e[0] as Error).name).toBe('CallsSocketError');
    expect((e[0] as Error).message).toBe('calls socket: timeout');
  });

  test('frames without an id (push frames, id-less errors) go to listeners; "null", non-objects, untyped frames and pongs do not', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    t.server.push('null');
    t.server.push('5');
    t.server.push({ nope: 1 });
    t.server.push({ type: 7 });
    t.server.push({ type: 'pong' });
    t.server.push({ type: 'error', code: 'bad_frame' });
    t.server.push({ type: 'call', id: 'not-an-ack', callId: 'c1' });
    await flush();
    expect(t.frames).toEqual([
      { type: 'welcome', id: expect.any(String), userId: 'alice' },
      { type: 'error', code: 'bad_frame' },
      { type: 'call', id: 'not-an-ack', callId: 'c1' },
    ]);
    expect(t.socket.status).toBe('open');
  });

  test('nothing is sent before the welcome; the action waiting for it goes out once, after it', async () => {
    const t = setup({ welcome: false });
    t.socket.start();
    await flush();
    expect(t.socket.status).toBe('connecting');
    const p = t.socket.send({ type: 'query', callId: 'aaaaaaaa' });
    await flush();
    expect(t.server.types()).toEqual(['hello']);
    t.server.push({ type: 'welcome', id: t.server.received[0].frame.id, userId: 'alice' });
    await flush();
    await p;
    expect(t.server.types()).toEqual(['hello', 'query']);
  });

  test('action ids stay distinct across reconnects (the server dedupes by id)', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    const a = t.socket.send({ type: 'query', callId: 'aaaaaaaa' });
    await flush();
    await a;
    t.phone.control.dropSockets();
    await jest.advanceTimersByTimeAsync(1100);
    expect(t.socket.status).toBe('open');
    const b = t.socket.send({ type: 'query', callId: 'bbbbbbbb' });
    await flush();
    await b;
    const ids = t.server.received.map((r) => r.frame.id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  test('the client closes its socket with 1000 "client" (what the server logs)', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    t.socket.stop();
    await flush();
    expect(t.server.closes).toEqual([{ code: 1000, reason: 'client' }]);
  });
});

describe('retry timing', () => {
  test.each([
    [0, 700],
    [0.5, 1000],
    [1, 1300],
  ])('random() = %s → the first retry %s ms after the drop (1 s ± 30 %%)', async (r, delay) => {
    const t = setup({}, { random: () => r });
    const at: Record<string, number> = {};
    t.socket.onStatus((s) => {
      at[s] = Date.now();
    });
    t.socket.start();
    await flush();
    t.phone.control.dropSockets();
    await jest.advanceTimersByTimeAsync(2000);
    expect(at.connecting - at.waiting).toBe(delay);
  });

  test('sendTimeoutMs is honoured', async () => {
    const t = setup({ ack: false }, { sendTimeoutMs: 3000 });
    t.socket.start();
    await flush();
    let err: unknown;
    void t.socket.send({ type: 'query' }).catch((e: unknown) => (err = e));
    await jest.advanceTimersByTimeAsync(2990);
    expect(err).toBeUndefined();
    await jest.advanceTimersByTimeAsync(10);
    expect(err).toMatchObject({ code: 'timeout' });
  });
});

describe('lifecycle never leaves two sockets', () => {
  test('network back while waiting: reconnects now, and the pending retry does not open another one', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    t.phone.control.setNetwork({ isConnected: false, networkType: 'none' });
    await flush();
    expect(t.socket.status).toBe('waiting');
    t.phone.control.setNetwork({ isConnected: false, networkType: 'none' });
    await flush();
    expect(t.phone.control.sockets).toHaveLength(1);
    t.phone.control.setNetwork({ isConnected: true, networkType: 'wifi' });
    await flush();
    expect(t.socket.status).toBe('open');
    await jest.advanceTimersByTimeAsync(60000);
    expect(t.phone.control.sockets).toHaveLength(2);
    expect(t.live()).toBe(1);
  });

  test('a network event while open changes nothing', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    t.phone.control.setNetwork({ isConnected: true, networkType: '4g' });
    await flush();
    expect(t.phone.control.sockets).toHaveLength(1);
    expect(t.statuses).toEqual(['connecting', 'open']);
  });

  test('started while the app is hidden: showing it keeps the open socket', async () => {
    const t = setup();
    t.phone.control.appHide();
    t.socket.start();
    await flush();
    expect(t.socket.status).toBe('open');
    t.phone.control.appShow();
    await flush();
    expect(t.phone.control.sockets).toHaveLength(1);
    expect(t.statuses).toEqual(['connecting', 'open']);
  });

  test('hidden while waiting, shown before the retry: the old retry does not open a second socket', async () => {
    const t = setup({ heartbeatMs: 5000 });
    t.socket.start();
    await flush();
    t.phone.control.dropSockets();
    await flush();
    expect(t.socket.status).toBe('waiting');
    t.phone.control.appHide();
    t.phone.control.appShow();
    await flush();
    expect(t.socket.status).toBe('open');
    await jest.advanceTimersByTimeAsync(60000);
    expect(t.phone.control.sockets).toHaveLength(2);
  });

  test('after hide and show, pings come at the heartbeat only (the old interval is gone)', async () => {
    const t = setup({ heartbeatMs: 5000 });
    t.socket.start();
    await jest.advanceTimersByTimeAsync(2000);
    t.phone.control.appHide();
    await flush();
    t.phone.control.appShow();
    await flush();
    expect(t.socket.status).toBe('open');
    const onNew = () => t.server.received.filter((r) => r.conn === 1 && r.frame.type === 'ping').length;
    await jest.advanceTimersByTimeAsync(15000);
    expect(onNew()).toBe(3);
  });

  test('hide and show in the same tick: the old socket closing does not tear down the new one', async () => {
    const t = setup();
    t.socket.start();
    await flush();
    t.phone.control.appHide();
    t.phone.control.appShow();
    await flush();
    expect(t.socket.status).toBe('open');
    expect(t.statuses).toEqual(['connecting', 'open', 'paused', 'waiting', 'connecting', 'open']);
    expect(t.phone.control.sockets).toHaveLength(2);
  });

  test('start() twice opens one socket; stop() then start() comes back', async () => {
    const t = setup();
    t.socket.start();
    t.socket.start();
    await flush();
    expect(t.phone.control.sockets).toHaveLength(1);
    expect(t.server.types()).toEqual(['hello']);
    t.socket.stop();
    t.socket.start();
    await flush();
    expect(t.socket.status).toBe('open');
    expect(t.phone.control.sockets).toHaveLength(2);
  });

  test('on a base library without offAppHide/offAppShow, a stopped socket ignores hide and starts again', async () => {
    const server = new ScriptedServer();
    const phone = createFakeTt(new RtcCloud(), { socketServer: server, label: 'alice' });
    const platform = { ...phone.tt, offAppHide: undefined, offAppShow: undefined };
    const socket = createCallsSocket({ platform, url: URL, deviceId: 'd-alice-1', auth: () => Promise.resolve({ userId: 'alice' }) });
    socket.start();
    await flush();
    socket.stop();
    phone.control.appHide();
    phone.control.appShow();
    await flush();
    expect(socket.status).toBe('idle');
    socket.start();
    await flush();
    expect(socket.status).toBe('open');
    expect(phone.control.sockets).toHaveLength(2);
  });

  test('stop() on a socket never started touches no tt API', () => {
    const t = setup();
    t.socket.stop();
    expect(t.phone.control.callsTo('tt.offNetworkStatusChange')).toHaveLength(0);
    expect(t.statuses).toEqual([]);
  });
});

describe('listeners', () => {
  test('a listener removing itself does not make the next one miss the event; removing twice removes nothing else', async () => {
    const t = setup();
    const seen: string[] = [];
    const offA = t.socket.onStatus((s) => {
      seen.push(`a:${s}`);
      offA();
    });
    t.socket.onStatus((s) => seen.push(`b:${s}`));
    const offFa = t.socket.onFrame((f) => {
      seen.push(`fa:${f.type}`);
      offFa();
    });
    t.socket.onFrame((f) => seen.push(`fb:${f.type}`));
    t.socket.start();
    await flush();
    offA();
    offFa();
    t.server.push({ type: 'call', callId: 'c1' });
    await flush();
    t.phone.control.appHide();
    await flush();
    expect(seen).toEqual(['a:connecting', 'b:connecting', 'b:open', 'fa:welcome', 'fb:welcome', 'fb:call', 'b:paused']);
    // setup's own listeners (registered first) still get everything
    expect(t.frames.map((f) => f.type)).toEqual(['welcome', 'call']);
    expect(t.statuses).toEqual(['connecting', 'open', 'paused']);
  });

  test('removing the first listener leaves the others', async () => {
    const server = new ScriptedServer();
    const phone = createFakeTt(new RtcCloud(), { socketServer: server, label: 'alice' });
    const socket = createCallsSocket({ platform: phone.tt, url: URL, deviceId: 'd-alice-1', auth: () => Promise.resolve({ userId: 'alice' }) });
    const seen: string[] = [];
    const offS = socket.onStatus((s) => seen.push(`s1:${s}`));
    socket.onStatus((s) => seen.push(`s2:${s}`));
    const offF = socket.onFrame((f) => seen.push(`f1:${f.type}`));
    socket.onFrame((f) => seen.push(`f2:${f.type}`));
    offS();
    offF();
    socket.start();
    await flush();
    expect(seen).toEqual(['s2:connecting', 's2:open', 'f2:welcome']);
  });
});
