// Token service over loopback HTTP: p50/p99 at 10 and 100 connections for one instance (in-memory
// state) and for two instances sharing Redis (round-robin, as a load balancer would), plus log
// bytes per 1,000 requests. 127.0.0.1 only, bounded request counts.
// Run: npm run bench http-scale  |  npx tsx bench/http-scale.bench.ts   (needs redis-server on PATH)
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { buildApp } from '../server/src/app';
import { type Config, loadConfig } from '../server/src/config';
import { startRedisServer } from '../server/test/redis-server';

const WARMUP = 500;
const REQUESTS = 4_000;
const CONNECTIONS = [10, 100];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function start(config: Config, logStream?: NodeJS.WritableStream) {
  const app = await buildApp(config, logStream ? { logStream } : { logLevel: 'silent' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as AddressInfo).port };
}

async function load(ports: number[], connections: number, total: number) {
  const agents = ports.map(() => new Agent({ keepAlive: true, maxSockets: Math.ceil(connections / ports.length) }));
  const once = (i: number) =>
    new Promise<number>((resolve) => {
      const k = i % ports.length;
      const body = JSON.stringify({ roomId: 'bench-room', userId: `user-${i}` });
      const t0 = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port: ports[k],
          path: '/v1/rtc/token',
          method: 'POST',
          agent: agents[k],
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - t0 : -1));
        },
      );
      req.on('error', () => resolve(-1));
      req.end(body);
    });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const worker = async () => {
    while (next < total) {
      const ms = await once(next++);
      if (ms < 0) errors++;
      else latencies.push(ms);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - t0) / 1000;
  for (const a of agents) a.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

async function main(): Promise<void> {
  // Bench-only limits: every request comes from one IP.
  const base: Config = { ...loadConfig({}), rateLimit: { perIpPerMinute: 1e9, perCallerPerMinute: 1e9 } };
  const rows: string[] = [];
  let failed = 0;
  const report = (setup: string, c: number, r: Awaited<ReturnType<typeof load>>) => {
    failed += r.errors;
    rows.push(`| ${setup} | ${c} | ${Math.round(r.rps).toLocaleString('en-US')} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`);
  };

  const one = await start(base);
  for (const c of CONNECTIONS) {
    await load([one.port], c, WARMUP);
    report('1 instance, memory', c, await load([one.port], c, REQUESTS));
  }
  await one.app.close();

  const redis = await startRedisServer();
  try {
    const config = { ...base, redisUrl: redis.url };
    const a = await start(config);
    const b = await start(config);
    for (const c of CONNECTIONS) {
      await load([a.port, b.port], c, WARMUP);
      report('2 instances, Redis', c, await load([a.port, b.port], c, REQUESTS));
    }
    await a.app.close();
    await b.app.close();
  } finally {
    await redis.stop();
  }

  // Log volume at the default level (info), douyin-free dev requests: what an operator stores.
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb();
    },
  });
  const logged = await start(base, sink);
  await load([logged.port], 10, 100);
  const before = bytes;
  await load([logged.port], 10, 1000);
  const per1000 = bytes - before;
  await logged.app.close();

  console.log('| setup | connections | req/s | p50 ms | p99 ms | failed |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(`\nlog bytes per 1,000 POST /v1/rtc/token (level info): ${per1000.toLocaleString('en-US')} B (${(per1000 / 1000).toFixed(0)} B/request)`);
  console.log(`${REQUESTS.toLocaleString('en-US')} requests per row after ${WARMUP} warm-up; node ${process.version}; client and servers share one process (and the CPU with redis-server).`);
  if (failed > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
