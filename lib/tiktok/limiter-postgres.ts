import { and, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { tiktokLimiterBuckets as buckets, tiktokLimiterOrgs as orgs, tiktokLimiterWaiters as waiters } from '@/db/schema';
import { createLimiter, type Bucket, type BucketStore, type Limiter, type LimiterConfig } from './limiter';

export type PostgresBucketStoreOptions = {
  /** A waiter not heard from for this long belongs to a dead process and is removed. */
  staleAfterMs?: number;
  /** Longest sleep between two polls; bounds how late a granted waiter notices its token. */
  maxPollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /**
   * The clock that times refills and heartbeats, in epoch milliseconds. Default: the database's
   * clock, one for every process. Tests pass a simulated one (the same for every process).
   */
  now?: () => number;
};

type Distribution = { granted: number[]; tokensLeft: number };

/**
 * Token buckets in Postgres, shared by every process on the database.
 *
 * A caller enqueues a waiter row, then polls. Each poll tries to lock the bucket row (SKIP LOCKED:
 * if another process holds it, that process is already handing out tokens; NO KEY UPDATE, so the
 * foreign-key checks of new waiters do not queue behind it), refills it from the
 * database clock, and grants the available whole tokens to waiting rows round-robin between
 * organizations: first each organization's oldest waiter, in order of who was served longest ago,
 * then each one's second, and so on. The owner of a granted row sees it on its next poll.
 */
export function createPostgresBucketStore(db: Database, options: PostgresBucketStoreOptions = {}): BucketStore {
  const staleAfterMs = options.staleAfterMs ?? 10_000;
  const maxPollMs = options.maxPollMs ?? 50;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const clock = (): SQL => (options.now ? sql`${new Date(options.now()).toISOString()}::timestamptz` : sql`clock_timestamp()`);

  async function enqueue(bucket: Bucket, orgKey: string): Promise<number> {
    await db.insert(buckets).values({ key: bucket.key, tokens: bucket.burst, refilledAt: clock() }).onConflictDoNothing();
    const [row] = await db.insert(waiters).values({ bucketKey: bucket.key, orgKey, heartbeatAt: clock() }).returning({ ticket: waiters.ticket });
    if (!row) throw new Error(`could not enqueue a waiter on ${bucket.key}`);
    return row.ticket;
  }

  /** Null when another process holds the bucket (it is granting right now). */
  function distribute(bucket: Bucket): Promise<Distribution | null> {
    return db.transaction(async (tx) => {
      const lockable = tx.select({ key: buckets.key }).from(buckets).where(eq(buckets.key, bucket.key)).for('no key update', { skipLocked: true });
      // The database clock, not each process's, times the refill; it never runs backwards.
      const at = clock();
      const [state] = await tx
        .update(buckets)
        .set({
          tokens: sql`least(${bucket.burst}::double precision, ${buckets.tokens} + greatest(0, extract(epoch from ${at} - ${buckets.refilledAt}))::double precision * ${bucket.ratePerSecond}::double precision)`,
          refilledAt: sql`greatest(${buckets.refilledAt}, ${at})`,
        })
        .where(inArray(buckets.key, lockable))
        .returning({ tokens: buckets.tokens, grants: buckets.grants });
      if (!state) return null;

      await tx.delete(waiters).where(and(eq(waiters.bucketKey, bucket.key), lt(waiters.heartbeatAt, sql`${at} - ${staleAfterMs}::int * interval '1 millisecond'`)));

      const available = Math.floor(state.tokens);
      if (available < 1) return { granted: [], tokensLeft: state.tokens };

      const queue = tx.$with('queue').as(
        tx
          .select({
            ticket: waiters.ticket,
            orgKey: waiters.orgKey,
            round: sql<number>`row_number() over (partition by ${waiters.orgKey} order by ${waiters.ticket})`.as('round'),
            lastGrant: orgs.lastGrant,
          })
          .from(waiters)
          .leftJoin(orgs, and(eq(orgs.bucketKey, waiters.bucketKey), eq(orgs.orgKey, waiters.orgKey)))
          .where(and(eq(waiters.bucketKey, bucket.key), isNull(waiters.grantedAt))),
      );
      const chosen = await tx
        .with(queue)
        .select({ ticket: queue.ticket, orgKey: queue.orgKey })
        .from(queue)
        .orderBy(queue.round, sql`${queue.lastGrant} asc nulls first`, queue.ticket)
        .limit(available);
      if (chosen.length === 0) return { granted: [], tokensLeft: state.tokens };

      const tickets = chosen.map((c) => c.ticket);
      await tx.update(waiters).set({ grantedAt: at }).where(inArray(waiters.ticket, tickets));
      const lastGrantByOrg = new Map(chosen.map((c, i) => [c.orgKey, state.grants + i + 1]));
      await tx
        .insert(orgs)
        .values([...lastGrantByOrg].map(([orgKey, lastGrant]) => ({ bucketKey: bucket.key, orgKey, lastGrant })))
        .onConflictDoUpdate({ target: [orgs.bucketKey, orgs.orgKey], set: { lastGrant: sql`excluded.last_grant` } });
      await tx
        .update(buckets)
        .set({ tokens: sql`${buckets.tokens} - ${chosen.length}`, grants: sql`${buckets.grants} + ${chosen.length}` })
        .where(eq(buckets.key, bucket.key));
      return { granted: tickets, tokensLeft: state.tokens - chosen.length };
    });
  }

  /** Refreshes the waiter's heartbeat and reports whether it has been granted, or was expired. */
  async function check(ticket: number): Promise<'granted' | 'waiting' | 'gone'> {
    const [row] = await db.update(waiters).set({ heartbeatAt: clock() }).where(eq(waiters.ticket, ticket)).returning({ grantedAt: waiters.grantedAt });
    if (!row) return 'gone';
    return row.grantedAt ? 'granted' : 'waiting';
  }

  function pollDelay(bucket: Bucket, outcome: Distribution | null): number {
    // Null: another process is granting right now; look again shortly.
    const untilNextToken = outcome ? ((1 - Math.min(1, outcome.tokensLeft)) / bucket.ratePerSecond) * 1000 : maxPollMs / 5;
    const base = Math.min(maxPollMs, Math.max(2, untilNextToken));
    // Jitter keeps the processes' polls from falling into lockstep.
    return base * (0.75 + random() / 2);
  }

  return {
    async take(bucket, orgKey) {
      let ticket = await enqueue(bucket, orgKey);
      try {
        for (;;) {
          const outcome = await distribute(bucket);
          if (outcome?.granted.includes(ticket)) return;
          await sleep(pollDelay(bucket, outcome));
          const state = await check(ticket);
          if (state === 'granted') return;
          // Expired during a stall longer than staleAfterMs: rejoin at the back.
          if (state === 'gone') ticket = await enqueue(bucket, orgKey);
        }
      } finally {
        // A row left behind (database unreachable) expires as stale; the caller's error matters more.
        await db
          .delete(waiters)
          .where(eq(waiters.ticket, ticket))
          .catch(() => {});
      }
    },
  };
}

export function createPostgresLimiter(db: Database, config: LimiterConfig & PostgresBucketStoreOptions = {}): Limiter {
  return createLimiter(createPostgresBucketStore(db, config), config);
}
