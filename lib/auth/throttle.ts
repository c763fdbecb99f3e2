import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { authThrottle } from '@/db/schema';

export type ThrottlePolicy = {
  /** Attempts allowed back to back before the slow-down starts. */
  free: number;
  /** The wait after the last free attempt; it doubles with every further attempt. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** A key whose last attempt is older than this starts again from zero. */
  windowSeconds: number;
};

/** Per account (whatever the address): 5 attempts, then 30 s, 1 min, 2 min … at most 15 min apart. */
export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, windowSeconds: 60 * 60 };
/** Per client address, across all accounts (password spraying): 20 failures, then the same slow-down. */
export const IP_POLICY: ThrottlePolicy = { free: 20, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, windowSeconds: 60 * 60 };

export type Claim = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Claims one attempt for `key` in ONE statement, before any password is checked: the upsert
 * increments the counter only when the key is not slowed down, so concurrent attempts serialize on
 * the row and no more than `free` of them get through. An attempt counts as a failure until
 * `forgive()`/`reset()` takes it back.
 */
export async function claimAttempt(db: Queryable, key: string, policy: ThrottlePolicy, now: Date): Promise<Claim> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const windowStart = sql`${new Date(now.getTime() - policy.windowSeconds * 1000).toISOString()}::timestamptz`;
  const stale = sql`${authThrottle.lastFailureAt} < ${windowStart}`;
  const failures = sql`(case when ${stale} then 1 else ${authThrottle.failures} + 1 end)`;
  const delay = sql`least(${policy.maxDelaySeconds}, ${policy.firstDelaySeconds} * power(2, ${failures} - ${policy.free}))`;
  const [claimed] = await db
    .insert(authThrottle)
    .values({ key, failures: 1, nextAttemptAt: policy.free > 1 ? now : new Date(now.getTime() + policy.firstDelaySeconds * 1000), lastFailureAt: now })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        failures,
        nextAttemptAt: sql`case when ${failures} >= ${policy.free} then ${at} + make_interval(secs => ${delay}) else ${at} end`,
        lastFailureAt: now,
      },
      setWhere: sql`${authThrottle.nextAttemptAt} <= ${at} or ${stale}`,
    })
    .returning({ failures: authThrottle.failures });
  if (claimed) return { ok: true };
  const [row] = await db.select({ next: authThrottle.nextAttemptAt }).from(authThrottle).where(eq(authThrottle.key, key));
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((row?.next.getTime() ?? now.getTime()) - now.getTime()) / 1000)) };
}

/** Takes back one claimed attempt that turned out not to be a failure (a success, or nothing was checked). */
export async function forgiveAttempt(db: Queryable, key: string, policy: ThrottlePolicy, now: Date): Promise<void> {
  const below = sql`${authThrottle.failures} - 1 < ${policy.free}`;
  await db
    .update(authThrottle)
    .set({
      failures: sql`greatest(${authThrottle.failures} - 1, 0)`,
      nextAttemptAt: sql`case when ${below} then ${now.toISOString()}::timestamptz else ${authThrottle.nextAttemptAt} end`,
    })
    .where(eq(authThrottle.key, key));
}

/** Clears a key: the account's owner proved the password. */
export async function resetAttempts(db: Queryable, key: string): Promise<void> {
  await db.delete(authThrottle).where(eq(authThrottle.key, key));
}
