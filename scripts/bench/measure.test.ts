import { describe, expect, it } from 'vitest';
import { measureLatency, percentile } from './measure';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
  });

  it('refuses an empty sample', () => {
    expect(() => percentile([], 50)).toThrow('no samples');
  });
});

describe('measureLatency', () => {
  it('makes exactly the requested calls plus the warm-up, never more than `concurrency` at once', async () => {
    let running = 0;
    let peak = 0;
    let calls = 0;
    const summary = await measureLatency(
      async () => {
        calls++;
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running--;
      },
      { requests: 40, concurrency: 4, warmup: 3 },
    );
    expect(calls).toBe(43);
    expect(peak).toBe(4);
    expect(summary.requests).toBe(40);
    expect(summary.p95Ms).toBeGreaterThanOrEqual(summary.p50Ms);
    expect(summary.maxMs).toBeGreaterThanOrEqual(summary.p95Ms);
  });
});
