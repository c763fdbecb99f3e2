import { z } from 'zod';

export const rateLimitConfigSchema = z.object({
  /** App-wide requests per second across all paths (TikTok's Basic tier is 10); null turns it off. */
  globalQps: z.number().positive().nullable(),
  /** Requests per second per endpoint path, e.g. `{ "ad/get": 5 }`. */
  pathQps: z.record(z.string(), z.number().positive()),
  /** Per advertiser on `/tt_video/authorize/` (answered with 40133); null turns it off. */
  authorizeQpsPerAdvertiser: z.number().positive().nullable(),
});

export type RateLimitConfig = z.infer<typeof rateLimitConfigSchema>;

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  globalQps: 10,
  pathQps: {},
  // Unknown in the real API: the exact authorize QPS; it is only known to throttle sooner, per advertiser.
  authorizeQpsPerAdvertiser: 3,
};

export const NO_RATE_LIMITS: RateLimitConfig = { globalQps: null, pathQps: {}, authorizeQpsPerAdvertiser: null };

const WINDOW_MS = 1000;

/** Sliding one-second windows on the wall clock: throughput is real time even when the sandbox clock is frozen. */
export class RateLimiter {
  private config: RateLimitConfig;
  private readonly windows = new Map<string, number[]>();

  constructor(
    config: RateLimitConfig,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.config = { ...config, pathQps: { ...config.pathQps } };
  }

  get settings(): RateLimitConfig {
    return { ...this.config, pathQps: { ...this.config.pathQps } };
  }

  configure(patch: Partial<RateLimitConfig>): void {
    this.config = { ...this.config, ...patch, pathQps: { ...(patch.pathQps ?? this.config.pathQps) } };
    this.windows.clear();
  }

  /** App-level check for one request to `path`; counts the request only when admitted. */
  admit(path: string): boolean {
    const checks: [string, number | null | undefined][] = [
      ['*', this.config.globalQps],
      [`path:${path}`, this.config.pathQps[path]],
    ];
    const now = this.now();
    if (checks.some(([key, limit]) => limit != null && this.load(key, now) >= limit)) return false;
    for (const [key, limit] of checks) if (limit != null) this.record(key, now);
    return true;
  }

  /** Per-advertiser check on the authorize path: null when admitted, else the current load and limit. */
  admitAdvertiser(advertiserId: string): { qps: number; limit: number } | null {
    const limit = this.config.authorizeQpsPerAdvertiser;
    if (limit === null) return null;
    const key = `advertiser:${advertiserId}`;
    const now = this.now();
    const qps = this.load(key, now);
    if (qps >= limit) return { qps: qps + 1, limit };
    this.record(key, now);
    return null;
  }

  private load(key: string, now: number): number {
    const stamps = this.windows.get(key);
    if (stamps === undefined) return 0;
    while (stamps.length > 0 && (stamps[0] ?? 0) <= now - WINDOW_MS) stamps.shift();
    return stamps.length;
  }

  private record(key: string, now: number): void {
    const stamps = this.windows.get(key);
    if (stamps === undefined) this.windows.set(key, [now]);
    else stamps.push(now);
  }
}
