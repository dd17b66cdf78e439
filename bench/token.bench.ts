// Token service throughput: tokens minted per second in-process, and POST /v1/rtc/token over
// loopback (127.0.0.1 only, bounded request count). Run: npm run bench token  |  npx tsx bench/token.bench.ts
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { mintRoomToken } from '../server/src/mint';
import { type LoadResult, postTokens } from './lib/http-load';

const MINT_WARMUP = 20_000;
const MINT_PER_RUN = 100_000;
const MINT_RUNS = 5;
const HTTP_WARMUP = 500;
const HTTP_REQUESTS = 5_000;
const HTTP_CONCURRENCY = 32;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function benchMint(): { median: number; runs: number[] } {
  // Bench-only config: the embedded dev credentials are fine for timing HMAC + packing.
  const config = loadConfig({});
  const now = Math.floor(Date.now() / 1000);
  let sink = 0;
  const mint = (i: number) => {
    sink += mintRoomToken(config, { roomId: 'bench-room', userId: `user-${i & 1023}`, role: 'member' }, now).token.length;
  };
  for (let i = 0; i < MINT_WARMUP; i++) mint(i);
  const runs: number[] = [];
  for (let r = 0; r < MINT_RUNS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < MINT_PER_RUN; i++) mint(i);
    runs.push(MINT_PER_RUN / ((performance.now() - t0) / 1000));
  }
  if (sink === 0) throw new Error('unreachable; keeps the loop from being optimised away');
  return { median: median(runs), runs };
}

async function benchHttp(): Promise<LoadResult> {
  const config = {
    ...loadConfig({}),
    // Raised for the bench instance only: every request comes from one IP.
    rateLimit: { perIpPerMinute: 1e9, perCallerPerMinute: 1e9 },
  };
  const app = await buildApp(config, { logLevel: 'silent' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  await postTokens([port], HTTP_CONCURRENCY, HTTP_WARMUP);
  const result = await postTokens([port], HTTP_CONCURRENCY, HTTP_REQUESTS);
  await app.close();
  return result;
}

async function main(): Promise<void> {
  const mint = benchMint();
  const http = await benchHttp();
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log('| measure | result |');
  console.log('|---|---|');
  console.log(`| tokens minted / s (in-process, median of ${MINT_RUNS} × ${fmt(MINT_PER_RUN)}) | ${fmt(mint.median)} |`);
  console.log(`| POST /v1/rtc/token req/s (loopback, ${fmt(HTTP_REQUESTS)} req, concurrency ${HTTP_CONCURRENCY}) | ${fmt(http.rps)} |`);
  console.log(`| latency p50 / p99 | ${http.p50.toFixed(2)} ms / ${http.p99.toFixed(2)} ms |`);
  console.log(`| failed requests | ${http.errors} |`);
  console.log(`\nmint runs: ${mint.runs.map(fmt).join(', ')} tokens/s; node ${process.version}; client and server share one process.`);
  if (http.errors > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
