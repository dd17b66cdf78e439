// Token service over loopback HTTP: p50/p99 at 10 and 100 connections for one instance (in-memory
// state) and for two instances sharing Redis (round-robin, as a load balancer would), plus log
// bytes per 1,000 requests. 127.0.0.1 only, bounded request counts.
// Run: npm run bench http-scale  |  npx tsx bench/http-scale.bench.ts   (needs redis-server on PATH)
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { buildApp } from '../server/src/app';
import { type Config, loadConfig } from '../server/src/config';
import { startRedisServer } from '../server/test/redis-server';
import { postTokens } from './lib/http-load';

const WARMUP = 500;
const REQUESTS = 4_000;
const CONNECTIONS = [10, 100];

async function start(config: Config, logStream?: NodeJS.WritableStream) {
  const app = await buildApp(config, logStream ? { logStream } : { logLevel: 'silent' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as AddressInfo).port };
}

async function main(): Promise<void> {
  // Bench-only limits: every request comes from one IP.
  const base: Config = { ...loadConfig({}), rateLimit: { perIpPerMinute: 1e9, perCallerPerMinute: 1e9 } };
  const rows: string[] = [];
  let failed = 0;
  const report = (setup: string, c: number, r: Awaited<ReturnType<typeof postTokens>>) => {
    failed += r.errors;
    rows.push(`| ${setup} | ${c} | ${Math.round(r.rps).toLocaleString('en-US')} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`);
  };

  const one = await start(base);
  for (const c of CONNECTIONS) {
    await postTokens([one.port], c, WARMUP);
    report('1 instance, memory', c, await postTokens([one.port], c, REQUESTS));
  }
  await one.app.close();

  const redis = await startRedisServer();
  try {
    const config = { ...base, redisUrl: redis.url };
    const a = await start(config);
    const b = await start(config);
    for (const c of CONNECTIONS) {
      await postTokens([a.port, b.port], c, WARMUP);
      report('2 instances, Redis', c, await postTokens([a.port, b.port], c, REQUESTS));
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
  await postTokens([logged.port], 10, 100);
  const before = bytes;
  await postTokens([logged.port], 10, 1000);
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
