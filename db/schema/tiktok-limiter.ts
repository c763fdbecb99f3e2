import { bigint, bigserial, doublePrecision, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// The TikTok rate limiter's shared state. App-wide, not tenant data: org keys here are opaque
// labels for fairness (an organization id or "system"), never used to read tenant rows.

/** One token bucket per key (the app, or an app × endpoint × advertiser limit). */
export const tiktokLimiterBuckets = pgTable('tiktok_limiter_buckets', {
  key: text().primaryKey(),
  tokens: doublePrecision().notNull(),
  refilledAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Tokens granted so far; orders organizations by how recently each was served. */
  grants: bigint({ mode: 'number' }).notNull().default(0),
});

/** When each organization last got a token of a bucket; the one served longest ago goes next. */
export const tiktokLimiterOrgs = pgTable(
  'tiktok_limiter_orgs',
  {
    bucketKey: text()
      .notNull()
      .references(() => tiktokLimiterBuckets.key, { onDelete: 'cascade' }),
    orgKey: text().notNull(),
    lastGrant: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucketKey, t.orgKey] })],
);

/** Calls waiting for a token; a row is granted in place and deleted by its owner once seen. */
export const tiktokLimiterWaiters = pgTable(
  'tiktok_limiter_waiters',
  {
    ticket: bigserial({ mode: 'number' }).primaryKey(),
    bucketKey: text()
      .notNull()
      .references(() => tiktokLimiterBuckets.key, { onDelete: 'cascade' }),
    orgKey: text().notNull(),
    /** Refreshed on every poll; rows left behind by a crashed process go stale and are removed. */
    heartbeatAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    grantedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.bucketKey, t.ticket)],
);
