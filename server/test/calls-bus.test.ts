// The Redis call bus on its own: messages published by one instance reach the handler, an unreadable
// one is reported instead of crashing, close() really leaves the channel (a closed instance must not
// keep receiving every frame), and startup fails with a clear error when the subscriber connection
// never comes up instead of hanging.
import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { BUS_CHANNEL, type BusMessage, redisBus } from '../src/calls/bus';
import { createState, type RedisState } from '../src/state';
import { type RedisServer, startRedisServer } from './redis-server';

const quiet = { info: () => undefined, warn: () => undefined } as unknown as FastifyBaseLogger;

describe('on a real Redis', () => {
  let server: RedisServer;
  let state: RedisState;
  beforeAll(async () => {
    server = await startRedisServer();
    const s = await createState(server.url, quiet);
    if (s.kind !== 'redis') throw new Error('expected a Redis state');
    state = s;
  });
  afterAll(async () => {
    await state?.close();
    await server?.stop();
  });

  async function subscribers(): Promise<number> {
    const [, n] = (await state.commands.pubsub('NUMSUB', BUS_CHANNEL)) as [string, number];
    return Number(n);
  }

  it('delivers published messages, reports unreadable ones, and close() unsubscribes', async () => {
    const got: BusMessage[] = [];
    let bad = 0;
    const bus = await redisBus(state, (m) => got.push(m), () => bad++);
    expect(await subscribers()).toBe(1);

    const msg: BusMessage = { k: { user: 'u1', device: 'd1', keep: 'c1' } };
    await state.commands.publish(BUS_CHANNEL, 'not json');
    await bus.publish(msg);
    while (got.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(got).toEqual([msg]);
    expect(bad).toBe(1);

    await bus.close();
    expect(await subscribers()).toBe(0);
  });
});

describe('subscriber that never connects', () => {
  afterEach(() => jest.useRealTimers());

  it('startup fails after 5 s with a message saying so', async () => {
    jest.useFakeTimers();
    const sub = Object.assign(new EventEmitter(), { status: 'connecting' }) as unknown as Redis;
    const state = { kind: 'redis', subscriber: () => sub } as unknown as RedisState;
    const started = redisBus(state, () => undefined, () => undefined);
    const outcome = started.then(
      () => 'started',
      (e: Error) => e.message,
    );
    await jest.advanceTimersByTimeAsync(4999);
    let settled = false;
    void outcome.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await outcome).toBe('Redis subscriber did not connect');
  });
});
