/** The key for calls made on behalf of no organization (app-level jobs, OAuth). */
export const SYSTEM_ORG = 'system';

export type LimiterRequest = {
  /** Organization the call is for, or SYSTEM_ORG; tokens are shared round-robin between them. */
  orgId: string;
  /** The API path, e.g. `tt_video/authorize/`. */
  endpoint: string;
  advertiserId?: string;
};

export type Limiter = {
  /** Resolves when the call may be sent. Every attempt, retries included, acquires again. */
  acquire(request: LimiterRequest): Promise<void>;
};

export type RateLimit = {
  ratePerSecond: number;
  /** Tokens that may accumulate while idle; any window of T seconds grants at most burst + rate·T. */
  burst: number;
};

export type Bucket = RateLimit & { key: string };

/** Where the token counts live: memory for one process, Postgres for all of them. */
export type BucketStore = {
  /** Waits for one token of `bucket`; waiting organizations are served round-robin. */
  take(bucket: Bucket, orgKey: string): Promise<void>;
};

export type LimiterConfig = {
  /** Names the TikTok app whose quota this is; apps with different credentials get different buckets. */
  appKey?: string;
  ratePerSecond?: number;
  burst?: number;
  /** Extra limits applied per advertiser on the given endpoints, on top of the app-wide one. */
  perAdvertiser?: Record<string, RateLimit>;
};

export const DEFAULT_RATE_PER_SECOND = 8;
// A burst of 2 at 8/s keeps any one-second window at ≤ 10 calls, the Basic tier's QPS.
export const DEFAULT_BURST = 2;
/** `/tt_video/authorize/` throttles per advertiser well below the app tier (reference §3.4, §6.1). */
export const DEFAULT_PER_ADVERTISER: Record<string, RateLimit> = {
  'tt_video/authorize/': { ratePerSecond: 2, burst: 1 },
};

export function createLimiter(store: BucketStore, config: LimiterConfig = {}): Limiter {
  const appKey = config.appKey ?? 'default';
  const app: Bucket = {
    key: `app:${appKey}`,
    ratePerSecond: config.ratePerSecond ?? DEFAULT_RATE_PER_SECOND,
    burst: config.burst ?? DEFAULT_BURST,
  };
  const perAdvertiser = config.perAdvertiser ?? DEFAULT_PER_ADVERTISER;
  for (const limit of [app, ...Object.values(perAdvertiser)]) {
    if (!(limit.ratePerSecond > 0) || !(limit.burst >= 1)) {
      throw new RangeError(`rate limits need ratePerSecond > 0 and burst >= 1, got ${JSON.stringify(limit)}`);
    }
  }

  return {
    async acquire({ orgId, endpoint, advertiserId }) {
      const extra = advertiserId === undefined ? undefined : perAdvertiser[endpoint];
      // The narrower bucket first, so a call waiting on its advertiser does not hold an app-wide token.
      if (extra) await store.take({ key: `${app.key}:${endpoint}:${advertiserId}`, ...extra }, orgId);
      await store.take(app, orgId);
    },
  };
}

type Waiter = { ticket: number; grant: () => void };

type MemoryBucket = {
  tokens: number;
  refilledAt: number;
  grants: number;
  /** Grant number of each organization's most recent token: the smallest is served next. */
  lastGrant: Map<string, number>;
  queues: Map<string, Waiter[]>;
  timer: ReturnType<typeof setTimeout> | undefined;
};

/** A single-process store, for unit tests and code paths without a database. */
export function createMemoryBucketStore(options: { now?: () => number } = {}): BucketStore {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, MemoryBucket>();
  let tickets = 0;

  function nextOrg(state: MemoryBucket): string | undefined {
    let best: { org: string; lastGrant: number; ticket: number } | undefined;
    for (const [org, queue] of state.queues) {
      const lastGrant = state.lastGrant.get(org) ?? 0;
      const ticket = queue[0]?.ticket ?? Infinity;
      if (!best || lastGrant < best.lastGrant || (lastGrant === best.lastGrant && ticket < best.ticket)) {
        best = { org, lastGrant, ticket };
      }
    }
    return best?.org;
  }

  function pump(bucket: Bucket, state: MemoryBucket): void {
    const at = now();
    state.tokens = Math.min(bucket.burst, state.tokens + ((at - state.refilledAt) / 1000) * bucket.ratePerSecond);
    state.refilledAt = at;
    for (let org = nextOrg(state); org !== undefined && state.tokens >= 1; org = nextOrg(state)) {
      const queue = state.queues.get(org) ?? [];
      const waiter = queue.shift();
      if (queue.length === 0) state.queues.delete(org);
      if (!waiter) continue;
      state.tokens -= 1;
      state.grants += 1;
      state.lastGrant.set(org, state.grants);
      waiter.grant();
    }
    if (state.queues.size > 0 && state.timer === undefined) {
      const waitMs = Math.ceil(((1 - state.tokens) / bucket.ratePerSecond) * 1000);
      state.timer = setTimeout(() => {
        state.timer = undefined;
        pump(bucket, state);
      }, waitMs);
    }
  }

  return {
    take(bucket, orgKey) {
      let state = buckets.get(bucket.key);
      if (!state) {
        state = {
          tokens: bucket.burst,
          refilledAt: now(),
          grants: 0,
          lastGrant: new Map(),
          queues: new Map(),
          timer: undefined,
        };
        buckets.set(bucket.key, state);
      }
      const ready = state;
      return new Promise<void>((grant) => {
        const queue = ready.queues.get(orgKey) ?? [];
        queue.push({ ticket: ++tickets, grant });
        ready.queues.set(orgKey, queue);
        pump(bucket, ready);
      });
    },
  };
}

export function createMemoryLimiter(config: LimiterConfig & { now?: () => number } = {}): Limiter {
  return createLimiter(createMemoryBucketStore({ now: config.now }), config);
}
