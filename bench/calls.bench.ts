// Call signalling on loopback (127.0.0.1 only):
//  1. ring latency (invite sent → callee's socket has the ring), p50/p99, one instance in memory and
//     two instances on a real Redis (caller on one, callee on the other);
//  2. server memory per idle connected socket over 1,000 sockets (server in its own process, RSS);
//  3. a 30 s soak of 200 calls/s through setup and hang-up on two instances + Redis, counting lost
//     and duplicated outcomes (frames on both phones and records on both sides).
// Run: npm run bench calls  |  npx tsx bench/calls.bench.ts   (needs redis-server on PATH)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { buildApp } from '../server/src/app';
import { type Config, loadConfig } from '../server/src/config';
import { startRedisServer } from '../server/test/redis-server';
import { percentile } from './lib/http-load';

const RING_WARMUP = 200;
const RING_SAMPLES = 2000;
const IDLE_SOCKETS = 1000;
const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 30);
const SOAK_RATE = 200;

type Frame = Record<string, unknown> & { type: string };

/** A minimal phone: frames go to one handler; resolves after the welcome. */
function connect(url: string, userId: string, onFrame: (f: Frame) => void = () => {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', id: 'h', deviceId: `dev-${userId}`, auth: { userId } })));
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as Frame;
      if (f.type === 'welcome') resolve(ws);
      else if (f.type === 'error' && f.id === 'h') reject(new Error(`hello refused: ${String(data)}`));
      else onFrame(f);
    });
  });
}

async function start(config: Config) {
  const app = await buildApp(config, { logLevel: 'silent' });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, ws: `${url.replace(/^http/, 'ws')}/v1/calls/socket` };
}

async function ringLatency(callerUrl: string, calleeUrl: string, tag: string): Promise<{ p50: number; p99: number; n: number }> {
  const pairs = 20;
  const waiting = new Map<string, { t0: number; resolve: (ms: number) => void }>();
  const onCallee = (f: Frame) => {
    if (f.type !== 'ring') return;
    const w = waiting.get(String(f.callId));
    if (w) {
      waiting.delete(String(f.callId));
      w.resolve(performance.now() - w.t0);
    }
  };
  const callers: WebSocket[] = [];
  for (let i = 0; i < pairs; i++) {
    callers.push(await connect(callerUrl, `${tag}-caller-${i}`));
    await connect(calleeUrl, `${tag}-callee-${i}`, onCallee);
  }
  const samples: number[] = [];
  let seq = 0;
  const once = async (i: number) => {
    const callId = `${tag}-${seq++}-bench-call`;
    const ws = callers[i] as WebSocket;
    const ms = await new Promise<number>((resolve) => {
      waiting.set(callId, { t0: performance.now(), resolve });
      ws.send(JSON.stringify({ type: 'invite', callId, callee: `${tag}-callee-${i}`, media: 'audio' }));
    });
    // The pair rings again only `pairs` calls later; its cancel has long landed by then.
    ws.send(JSON.stringify({ type: 'cancel', id: 'c', callId }));
    return ms;
  };
  // One invite in flight at a time: the latency a caller sees, not a queue (the soak is the load).
  for (let n = 0; n < RING_WARMUP + RING_SAMPLES; n++) {
    const ms = await once(n % pairs);
    if (n >= RING_WARMUP) samples.push(ms);
  }
  for (const ws of callers) ws.terminate();
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? NaN);
}

/** The server alone in its own process (dev mode, memory state): RSS before/after 1,000 idle sockets. */
async function memoryPerSocket(): Promise<{ perSocketKb: number; baseMb: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../server/src/main.ts')], {
    env: { ...process.env, PORT: String(port), RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_CALLER: '1000000', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid as number;
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (c: Buffer) => {
        if (String(c).includes('127.0.0.1')) resolve();
      });
      child.once('exit', () => reject(new Error('server exited')));
    });
    const url = `ws://127.0.0.1:${port}/v1/calls/socket`;
    const sockets: WebSocket[] = [];
    const ping = setInterval(() => {
      for (const s of sockets) if (s.readyState === WebSocket.OPEN) s.send('{"type":"ping"}');
    }, 10_000);
    // Warm up the server's code paths and allocator with 100 sockets before the baseline.
    for (let i = 0; i < 100; i++) sockets.push(await connect(url, `warm-${i}`));
    await new Promise((r) => setTimeout(r, 3000));
    const before = rssKb(pid);
    for (let i = 0; i < IDLE_SOCKETS; i++) sockets.push(await connect(url, `idle-${i}`));
    await new Promise((r) => setTimeout(r, 3000));
    const after = rssKb(pid);
    clearInterval(ping);
    for (const s of sockets) s.terminate();
    return { perSocketKb: (after - before) / IDLE_SOCKETS, baseMb: before / 1024 };
  } finally {
    child.kill('SIGTERM');
  }
}

/** 200 calls/s: invite → ring → accept → accepted (both) → hangup → ended (both); then records. */
async function soak(urls: [string, string], baseUrl: [string, string]) {
  const pairs = 300;
  type Pair = { caller: WebSocket; callee: WebSocket; busy: boolean; calls: string[] };
  const finals = new Map<string, { caller: number; callee: number; accepted: number; done: () => void }>();
  const list: Pair[] = [];
  for (let i = 0; i < pairs; i++) {
    const cu = `soak-caller-${i}`;
    const eu = `soak-callee-${i}`;
    const pair = { busy: false, calls: [] } as unknown as Pair;
    pair.caller = await connect(urls[0], cu, (f) => {
      const s = finals.get(String(f.callId));
      if (!s || f.type !== 'call') return;
      if (f.state === 'accepted') {
        s.accepted++;
        pair.caller.send(JSON.stringify({ type: 'hangup', id: 'h', callId: f.callId }));
      } else if (f.state === 'ended') {
        s.caller++;
        if (s.callee >= 1) s.done();
      } else if (f.state !== 'ringing') s.caller += 100; // any other outcome is wrong here
    });
    pair.callee = await connect(urls[1], eu, (f) => {
      const s = finals.get(String(f.callId));
      if (!s) return;
      if (f.type === 'ring') pair.callee.send(JSON.stringify({ type: 'accept', id: 'a', callId: f.callId }));
      else if (f.type === 'call' && f.state === 'ended') {
        s.callee++;
        if (s.caller >= 1) s.done();
      } else if (f.type === 'call' && f.state === 'accepted') s.accepted++;
      else if (f.type === 'call') s.callee += 100;
    });
    list.push(pair);
  }
  let started = 0;
  let skipped = 0;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  const total = SOAK_SECONDS * SOAK_RATE;
  await new Promise<void>((resolve) => {
    let next = 0;
    const timer = setInterval(() => {
      // Catch up to the schedule (timers on a busy loop fire late).
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * SOAK_RATE));
      while (started < due) {
        const pair = list[next++ % pairs] as Pair;
        if (pair.busy) {
          skipped++;
          started++;
          continue;
        }
        pair.busy = true;
        const callId = `soak-${started++}-xxxxxxxx`;
        pair.calls.push(callId);
        const c0 = performance.now();
        pending.push(
          new Promise<void>((done) => {
            finals.set(callId, { caller: 0, callee: 0, accepted: 0, done: () => {
              latencies.push(performance.now() - c0);
              pair.busy = false;
              done();
            } });
            const ix = list.indexOf(pair);
            pair.caller.send(JSON.stringify({ type: 'invite', id: 'i', callId, callee: `soak-callee-${ix}`, media: 'audio' }));
          }),
        );
      }
      if (started >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const seconds = (performance.now() - t0) / 1000;
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 10_000))]);
  await new Promise((r) => setTimeout(r, 500)); // late duplicates would arrive now
  let lost = 0;
  let duplicated = 0;
  for (const s of finals.values()) {
    if (s.caller === 0 || s.callee === 0 || s.accepted < 2) lost++;
    if (s.caller > 1 || s.callee > 1 || s.accepted > 2) duplicated++;
  }
  // Records: every call once on each side, all completed.
  let recordProblems = 0;
  for (let i = 0; i < pairs; i++) {
    const pair = list[i] as Pair;
    for (const [who, host] of [[`soak-caller-${i}`, baseUrl[1]], [`soak-callee-${i}`, baseUrl[0]]] as const) {
      const res = (await (await fetch(`${host}/v1/calls`, { headers: { 'x-user-id': who } })).json()) as { calls: { callId: string; outcome: string }[] };
      const ids = res.calls.map((c) => c.callId);
      const expected = pair.calls.slice(-50);
      if (new Set(ids).size !== ids.length || ids.length !== expected.length || res.calls.some((c) => c.outcome !== 'completed') || !expected.every((id) => ids.includes(id))) {
        recordProblems++;
      }
    }
  }
  for (const p of list) {
    p.caller.terminate();
    p.callee.terminate();
  }
  latencies.sort((a, b) => a - b);
  return { calls: finals.size, skipped, seconds, rate: finals.size / seconds, lost, duplicated, recordProblems, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main(): Promise<void> {
  const base: Config = {
    ...loadConfig({}),
    rateLimit: { perIpPerMinute: 1e9, perCallerPerMinute: 1e9 },
  };
  base.calls = { ...base.calls, invitesPerMinute: 1e9 };
  let failed = false;

  const one = await start(base);
  const mem = await ringLatency(one.ws, one.ws, 'mem');
  await one.app.close();

  const redis = await startRedisServer();
  let red: Awaited<ReturnType<typeof ringLatency>>;
  let redOne: Awaited<ReturnType<typeof ringLatency>>;
  let soakResult: Awaited<ReturnType<typeof soak>>;
  try {
    const config = { ...base, redisUrl: redis.url };
    const a = await start(config);
    const b = await start(config);
    redOne = await ringLatency(a.ws, a.ws, 'redone');
    red = await ringLatency(a.ws, b.ws, 'red');
    const httpA = a.ws.replace(/^ws/, 'http').replace('/v1/calls/socket', '');
    const httpB = b.ws.replace(/^ws/, 'http').replace('/v1/calls/socket', '');
    soakResult = await soak([a.ws, b.ws], [httpA, httpB]);
    await a.app.close();
    await b.app.close();
  } finally {
    await redis.stop();
  }
  const memUse = await memoryPerSocket();

  console.log('| ring latency (invite sent → ring received) | samples | p50 ms | p99 ms |');
  console.log('|---|---|---|---|');
  console.log(`| 1 instance, memory | ${mem.n} | ${mem.p50.toFixed(2)} | ${mem.p99.toFixed(2)} |`);
  console.log(`| 1 instance, Redis (caller and callee on A) | ${redOne.n} | ${redOne.p50.toFixed(2)} | ${redOne.p99.toFixed(2)} |`);
  console.log(`| 2 instances, Redis (caller on A, callee on B) | ${red.n} | ${red.p50.toFixed(2)} | ${red.p99.toFixed(2)} |`);
  console.log(
    `\ncross-instance vs one instance on Redis: p50 ×${(red.p50 / redOne.p50).toFixed(2)}, p99 ×${(red.p99 / redOne.p99).toFixed(2)} (target ≤ 2×); ` +
      `vs one instance in memory: p50 ×${(red.p50 / mem.p50).toFixed(2)}, p99 ×${(red.p99 / mem.p99).toFixed(2)}`,
  );
  console.log(`\nserver memory per idle connected socket (RSS delta over ${IDLE_SOCKETS} sockets after hello, server in its own process): ${memUse.perSocketKb.toFixed(1)} KB (target ≤ 20 KB); baseline RSS ${memUse.baseMb.toFixed(0)} MB`);
  const s = soakResult;
  console.log(
    `\nsoak, 2 instances + Redis: ${s.calls} calls in ${s.seconds.toFixed(1)} s (${s.rate.toFixed(0)}/s offered ${SOAK_RATE}/s; ${s.skipped} slots skipped because the pair was still in a call) ` +
      `setup→hang-up p50 ${s.p50.toFixed(1)} ms p99 ${s.p99.toFixed(1)} ms; lost ${s.lost}, duplicated ${s.duplicated}, users whose records do not match ${s.recordProblems}`,
  );
  if (s.lost > 0 || s.duplicated > 0 || s.recordProblems > 0 || memUse.perSocketKb > 20) failed = true;
  console.log(`node ${process.version}; clients and servers share this machine's CPUs with redis-server.`);
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
