// services/calls-socket.ts with hand-driven SocketTasks, for event orders the simulator never produces:
// the open event before connectSocket's success callback, events of a superseded attempt arriving
// late (success, open, messages, close, auth answers), auth failures, a close event without a payload.
// Proves: hello goes out once, only when the task is both ours and open; a stale attempt never sends,
// never delivers frames, never disarms the current attempt's welcome timeout nor tears it down.
import { createCallsSocket, type CallsSocketStatus, type ServerFrame } from '../../services/calls-socket';
import type { ConnectSocketOptions, SocketCloseEvent, TtPlatform } from '../../services/platform/tt-types';

const URL = 'wss://calls.example.com/v1/calls/socket';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

class HandTask {
  readonly sent: string[] = [];
  closed: { code?: number; reason?: string } | null = null;
  private readonly on = { open: [] as Array<(r: object) => void>, message: [] as Array<(r: { data: string }) => void>, close: [] as Array<(r: SocketCloseEvent) => void> };
  constructor(readonly options: ConnectSocketOptions) {}
  readonly task = {
    send: (o: { data: string | ArrayBuffer }) => void this.sent.push(String(o.data)),
    close: (o?: { code?: number; reason?: string }) => void (this.closed = o || {}),
    onOpen: (l: (r: object) => void) => void this.on.open.push(l),
    onMessage: (l: (r: { data: string }) => void) => void this.on.message.push(l),
    onClose: (l: (r: SocketCloseEvent) => void) => void this.on.close.push(l),
    onError: () => undefined,
  };
  success(): void {
    if (this.options.success) this.options.success({ errMsg: 'connectSocket:ok' });
  }
  fail(): void {
    if (this.options.fail) this.options.fail({ errMsg: 'connectSocket:fail' });
  }
  open(): void {
    for (const l of this.on.open) l({});
  }
  message(frame: object): void {
    for (const l of this.on.message) l({ data: JSON.stringify(frame) });
  }
  closeEvent(e: SocketCloseEvent | undefined): void {
    for (const l of this.on.close) l(e as SocketCloseEvent);
  }
  types(): string[] {
    return this.sent.map((s) => JSON.parse(s).type as string);
  }
}

interface Deferred {
  resolve(v: { userId: string }): void;
  reject(e: Error): void;
}

function setup() {
  const tasks: HandTask[] = [];
  const auths: Deferred[] = [];
  const platform = {
    connectSocket: (o: ConnectSocketOptions) => {
      const t = new HandTask(o);
      tasks.push(t);
      return t.task;
    },
    onNetworkStatusChange: () => undefined,
    offNetworkStatusChange: () => undefined,
  } as unknown as TtPlatform;
  const socket = createCallsSocket({
    platform,
    url: URL,
    deviceId: 'd-alice-1',
    auth: () => new Promise((resolve, reject) => auths.push({ resolve, reject })),
    random: () => 0.5,
  });
  const frames: ServerFrame[] = [];
  const statuses: CallsSocketStatus[] = [];
  socket.onFrame((f) => frames.push(f));
  socket.onStatus((s) => statuses.push(s));
  return { tasks, auths, socket, frames, statuses };
}

const tick = () => jest.advanceTimersByTimeAsync(1);

test('open before the success callback: nothing is sent until success, then exactly one hello', async () => {
  const t = setup();
  t.socket.start();
  t.tasks[0].open();
  await tick();
  expect(t.auths).toHaveLength(0);
  t.tasks[0].success();
  await tick();
  expect(t.auths).toHaveLength(1);
  t.auths[0].resolve({ userId: 'alice' });
  await tick();
  expect(t.tasks[0].types()).toEqual(['hello']);
});

test('success then open: exactly one hello', async () => {
  const t = setup();
  t.socket.start();
  t.tasks[0].success();
  await tick();
  expect(t.auths).toHaveLength(0);
  t.tasks[0].open();
  t.auths[0].resolve({ userId: 'alice' });
  await tick();
  expect(t.auths).toHaveLength(1);
  expect(t.tasks[0].types()).toEqual(['hello']);
});

test("a superseded attempt's late events do nothing to the current one", async () => {
  const t = setup();
  t.socket.start();
  t.socket.stop();
  t.socket.start();
  const [old, cur] = t.tasks;
  // the old one answers late
  old.success();
  old.open();
  await tick();
  expect(old.sent).toEqual([]);
  expect(old.closed).toMatchObject({ code: 1000, reason: 'client' }); // given up on: closed once it is ours
  expect(t.auths).toHaveLength(0);
  cur.success();
  cur.open();
  t.auths[0].resolve({ userId: 'alice' });
  await tick();
  expect(cur.types()).toEqual(['hello']);
  // a message and a close from the old task while the current one waits for its welcome
  old.message({ type: 'call', callId: 'c1' });
  old.closeEvent({ code: 1006, reason: '' });
  old.fail();
  await tick();
  expect(t.frames).toEqual([]);
  expect(t.socket.status).toBe('connecting');
  expect(t.tasks).toHaveLength(2);
  // the welcome timeout of the current attempt is still armed
  await jest.advanceTimersByTimeAsync(10000);
  expect(t.socket.status).toBe('waiting');
  expect(cur.closed).toEqual(expect.objectContaining({ code: 1000 }));
});

test('a failed auth retries; a late auth answer of a superseded attempt does nothing', async () => {
  const t = setup();
  t.socket.start();
  t.tasks[0].success();
  t.tasks[0].open();
  t.auths[0].reject(new Error('login failed'));
  await tick();
  expect(t.socket.status).toBe('waiting');
  await jest.advanceTimersByTimeAsync(1000);
  expect(t.tasks).toHaveLength(2);
  t.tasks[1].success();
  t.tasks[1].open();
  await tick();
  expect(t.auths).toHaveLength(2);
  // superseded twice while auths are pending
  t.socket.stop();
  t.socket.start();
  t.tasks[2].success();
  t.tasks[2].open();
  await tick();
  t.socket.stop();
  t.socket.start();
  t.tasks[3].success();
  t.tasks[3].open();
  await tick();
  expect(t.auths).toHaveLength(4);
  t.auths[1].reject(new Error('late'));
  t.auths[2].resolve({ userId: 'alice' });
  await tick();
  expect(t.tasks[1].sent).toEqual([]);
  expect(t.tasks[2].sent).toEqual([]);
  expect(t.socket.status).toBe('connecting');
  expect(t.tasks).toHaveLength(4);
  t.auths[3].resolve({ userId: 'alice' });
  await tick();
  expect(t.tasks[3].types()).toEqual(['hello']);
  await jest.advanceTimersByTimeAsync(9990);
  expect(t.socket.status).toBe('connecting');
});

test('a connectSocket failure retries with backoff', async () => {
  const t = setup();
  t.socket.start();
  t.tasks[0].fail();
  await tick();
  expect(t.statuses).toEqual(['connecting', 'waiting']);
  await jest.advanceTimersByTimeAsync(1000);
  expect(t.tasks).toHaveLength(2);
});

test('a close event without a payload counts as abnormal: retried', async () => {
  const t = setup();
  t.socket.start();
  t.tasks[0].success();
  t.tasks[0].open();
  t.auths[0].resolve({ userId: 'alice' });
  await tick();
  t.tasks[0].message({ type: 'welcome', id: 'h1', userId: 'alice' });
  expect(t.socket.status).toBe('open');
  t.tasks[0].closeEvent(undefined);
  expect(t.socket.status).toBe('waiting');
  await jest.advanceTimersByTimeAsync(1000);
  expect(t.tasks).toHaveLength(2);
});
