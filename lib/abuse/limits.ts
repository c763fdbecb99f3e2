import { sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { abuseLimitWindows } from '@/db/schema';
import { env } from '@/lib/env';
import { RateLimitedError } from '@/lib/errors';

// Abuse limits on what costs us or others something (e-mails sent, Slack posts, TikTok calls,
// accounts and organizations created). Counted in Postgres, so every web process shares them,
// with one statement per request: fixed windows, one row per bucket (see db/schema/abuse.ts).
// Why our own and not a library: the limits must hold across processes without another service
// (no Redis here), and an atomic upsert in the database we already run is all that takes.

type Scope = 'user' | 'org' | 'ip' | 'token' | 'key';
type Limit = { per: Scope; max: number };

export type AbuseAction = keyof typeof ABUSE_LIMITS;

const HOUR = 3600;

/** What each action allows per window, per person, per organization or per client address. */
export const ABUSE_LIMITS = {
  invitation: {
    what: 'invitations',
    windowSeconds: HOUR,
    limits: [
      { per: 'user', max: 30 },
      { per: 'org', max: 60 },
    ],
  },
  'alert-channel': {
    what: 'new alert channels',
    windowSeconds: HOUR,
    limits: [
      { per: 'user', max: 20 },
      { per: 'org', max: 30 },
    ],
  },
  'alert-test': {
    what: 'test alerts',
    windowSeconds: HOUR,
    limits: [
      { per: 'user', max: 10 },
      { per: 'org', max: 20 },
    ],
  },
  'code-batch': {
    what: 'creator-code batches',
    windowSeconds: HOUR,
    limits: [
      { per: 'user', max: 30 },
      { per: 'org', max: 60 },
    ],
  },
  'renewal-request': {
    what: 'renewal links',
    windowSeconds: HOUR,
    limits: [
      { per: 'user', max: 60 },
      { per: 'org', max: 200 },
    ],
  },
  // The creator's public page and its code box: per link and per client address.
  'renewal-view': {
    what: 'visits to this renewal page',
    windowSeconds: HOUR,
    limits: [
      { per: 'token', max: 120 },
      { per: 'ip', max: 300 },
    ],
  },
  'renewal-submit': {
    what: 'codes sent',
    windowSeconds: HOUR,
    limits: [
      { per: 'token', max: 20 },
      { per: 'ip', max: 60 },
    ],
  },
  'organization-create': { what: 'new organizations', windowSeconds: HOUR, limits: [{ per: 'user', max: 5 }] },
  /** Every request made with one API key (lib/api-keys), REST and MCP alike. */
  'api-key': { what: 'requests with this API key', windowSeconds: HOUR, limits: [{ per: 'key', max: 3600 }] },
  signup: { what: 'sign-ups from your network', windowSeconds: HOUR, limits: [{ per: 'ip', max: env.SIGNUPS_PER_IP_PER_HOUR }] },
} as const satisfies Record<string, { what: string; windowSeconds: number; limits: readonly Limit[] }>;

const WHO: Record<Scope, string> = { user: 'per person', org: 'per organization', ip: 'per network address', token: 'for this link', key: 'per API key' };

function inWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * Counts one request of `action` against each of its limits, atomically for every process; throws
 * RateLimitedError (429, Retry-After, a sentence) when one is exceeded. A scope whose key is
 * missing (no client address known) is not counted.
 */
export async function enforceAbuseLimit(db: Queryable, action: AbuseAction, keys: Partial<Record<Scope, string | null>>, now: Date = new Date()): Promise<void> {
  const spec = ABUSE_LIMITS[action];
  const windowMs = spec.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const counted = (spec.limits as readonly Limit[]).flatMap((limit) => {
    const key = keys[limit.per];
    return key ? [{ ...limit, bucket: `${action}:${limit.per}:${key}` }] : [];
  });
  if (counted.length === 0) return;
  const rows = await upsertHits(
    db,
    counted.map((c) => c.bucket),
    windowStart,
  );
  for (const limit of counted) {
    const hits = rows.get(limit.bucket) ?? 0;
    if (hits > limit.max) {
      const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
      throw new RateLimitedError(`Too many ${spec.what}: at most ${limit.max} an hour ${WHO[limit.per]}. Try again in ${inWords(retryAfter)}.`, retryAfter);
    }
  }
}

async function upsertHits(db: Queryable, buckets: string[], windowStart: Date): Promise<Map<string, number>> {
  const w = abuseLimitWindows;
  const rows = await db
    .insert(w)
    .values(buckets.map((bucket) => ({ bucket, windowStart, hits: 1 })))
    .onConflictDoUpdate({
      target: w.bucket,
      // A new window starts the count again.
      set: { hits: sql`case when ${w.windowStart} = excluded.window_start then ${w.hits} + 1 else 1 end`, windowStart: sql`excluded.window_start` },
    })
    .returning({ bucket: w.bucket, hits: w.hits });
  return new Map(rows.map((r) => [r.bucket, r.hits]));
}
