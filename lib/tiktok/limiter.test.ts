import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLimiter, type Limiter, type LimiterRequest } from './limiter';
import { busiestWindow } from './limiter-test-support';

// The in-memory limiter under fake timers: its time is exact, so the bounds can be tight.

type Grant = { org: string; at: number };

function start(limiter: Limiter, request: LimiterRequest, count: number, grants: Grant[]): Promise<void>[] {
  return Array.from({ length: count }, () => limiter.acquire(request).then(() => void grants.push({ org: request.orgId, at: Date.now() })));
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('in-memory limiter', () => {
  it('grants at most burst + rate·T in any window, and grants everything eventually', async () => {
    const limiter = createMemoryLimiter({ ratePerSecond: 20, burst: 2 });
    const grants: Grant[] = [];
    const all = Promise.all(start(limiter, { orgId: 'a', endpoint: 'ad/get/' }, 40, grants));
    await vi.advanceTimersByTimeAsync(0);
    expect(grants).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(grants.length).toBeLessThanOrEqual(22);
    await vi.advanceTimersByTimeAsync(1000);
    await all;
    const elapsed = Math.max(...grants.map((g) => g.at)) - 1_000_000;
    expect(elapsed).toBeGreaterThanOrEqual(1850);
    expect(elapsed).toBeLessThanOrEqual(2000);
    expect(
      busiestWindow(
        grants.map((g) => g.at),
        1000,
      ),
    ).toBeLessThanOrEqual(22);
  });

  it('serves a late organization promptly while another floods the queue', async () => {
    const limiter = createMemoryLimiter({ ratePerSecond: 10, burst: 1 });
    const grants: Grant[] = [];
    const flood = start(limiter, { orgId: 'a', endpoint: 'ad/get/' }, 100, grants);
    await vi.advanceTimersByTimeAsync(500);
    const few = start(limiter, { orgId: 'b', endpoint: 'tt_video/info/' }, 3, grants);
    const asked = Date.now();
    await Promise.all([...few, vi.advanceTimersByTimeAsync(1000)]);
    const bDone = Math.max(...grants.filter((g) => g.org === 'b').map((g) => g.at));
    // Round-robin: b's three calls alternate with a's, so they finish within ~6 token intervals.
    expect(bDone - asked).toBeLessThanOrEqual(600);
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(flood);
    expect(grants).toHaveLength(103);
  });

  it('alternates between organizations that all wait', async () => {
    const limiter = createMemoryLimiter({ ratePerSecond: 100, burst: 1 });
    const grants: Grant[] = [];
    const waiting = ['a', 'b', 'c'].flatMap((org) => start(limiter, { orgId: org, endpoint: 'ad/get/' }, 4, grants));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(waiting);
    expect(grants.map((g) => g.org).join('')).toBe('abcabcabcabc');
  });

  it('adds the per-advertiser limit of tt_video/authorize without slowing other advertisers', async () => {
    const limiter = createMemoryLimiter({ ratePerSecond: 50, burst: 5 });
    const grants: Grant[] = [];
    const one = start(limiter, { orgId: 'a', endpoint: 'tt_video/authorize/', advertiserId: 'x' }, 5, grants);
    const other = start(limiter, { orgId: 'a', endpoint: 'tt_video/authorize/', advertiserId: 'y' }, 1, []);
    const unrelated = start(limiter, { orgId: 'a', endpoint: 'tt_video/info/', advertiserId: 'x' }, 5, []);
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([...other, ...unrelated]);
    expect(grants).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3000);
    await Promise.all(one);
    // 2 per second with a burst of 1: one token now (it may still queue briefly for the app bucket),
    // then one every 500 ms.
    const times = grants.map((g) => g.at - 1_000_000);
    expect(times[0]).toBeLessThan(100);
    expect(times.slice(1)).toEqual([500, 1000, 1500, 2000]);
  });

  it('rejects a rate or burst that would never grant', () => {
    expect(() => createMemoryLimiter({ ratePerSecond: 0 })).toThrow(RangeError);
    expect(() => createMemoryLimiter({ burst: 0.5 })).toThrow(RangeError);
  });
});
