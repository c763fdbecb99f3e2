// Latency measurement shared by the page benchmarks: a fixed number of calls spread over N concurrent
// clients, after a warm-up, summarised as percentiles in milliseconds.
import { performance } from 'node:perf_hooks';

/** `calls`: every call made, the unmeasured warm-up ones included. */
export type LatencySummary = { requests: number; calls: number; concurrency: number; p50Ms: number; p95Ms: number; meanMs: number; maxMs: number };

/** The p-th percentile (0–100) of ascending `sorted`, nearest-rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Calls `call` `requests` times from `concurrency` clients at once (each client waits for its previous
 * call), after `warmup` unmeasured calls, and summarises each call's wall-clock time.
 */
export async function measureLatency(
  call: (index: number) => Promise<void>,
  { requests, concurrency, warmup = Math.min(5, requests) }: { requests: number; concurrency: number; warmup?: number },
): Promise<LatencySummary> {
  for (let i = 0; i < warmup; i++) await call(i);
  const samples: number[] = [];
  let next = 0;
  const client = async () => {
    while (next < requests) {
      const index = next++;
      const started = performance.now();
      await call(index);
      samples.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, client));
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((sum, ms) => sum + ms, 0) / samples.length;
  return {
    requests,
    calls: warmup + requests,
    concurrency,
    p50Ms: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    meanMs: round(mean),
    maxMs: round(samples.at(-1) ?? 0),
  };
}
