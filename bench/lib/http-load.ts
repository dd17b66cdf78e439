// Loopback load against the token service: POST /v1/rtc/token with keep-alive agents, a fixed number
// of requests spread over `connections` concurrent workers (round-robin over `ports` when several
// instances stand behind an imagined load balancer). 127.0.0.1 only, bounded counts.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export interface LoadResult {
  rps: number;
  /** ms */
  p50: number;
  p99: number;
  errors: number;
}

export async function postTokens(ports: number[], connections: number, total: number): Promise<LoadResult> {
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
