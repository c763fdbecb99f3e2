import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { RateLimitedError } from '@/lib/errors';
import { openDatabase } from '@/db/client';
import { testDatabases } from '@/tests/databases';
import { ABUSE_LIMITS, enforceAbuseLimit } from './limits';

const T0 = new Date('2026-12-06T10:15:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

for (const target of await testDatabases()) {
  describe(`abuse limits on ${target.name}`, () => {
    let handle: DatabaseHandle & { url?: string };
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    it('allows the limit per person, then answers 429 with Retry-After to the end of the window and a sentence', async () => {
      const max = ABUSE_LIMITS.invitation.limits[0].max;
      for (let i = 0; i < max; i += 1) await enforceAbuseLimit(handle.db, 'invitation', { user: 'u-1', org: 'o-1' }, T0);
      const error = await enforceAbuseLimit(handle.db, 'invitation', { user: 'u-1', org: 'o-1' }, T0).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).status).toBe(429);
      // 10:15 → the hour's window ends at 11:00.
      expect((error as RateLimitedError).retryAfterSeconds).toBe(45 * 60);
      expect((error as RateLimitedError).message).toBe(`Too many invitations: at most ${max} an hour per person. Try again in 45 minutes.`);
      // Another person of the same organization still may, until the organization's own limit.
      await enforceAbuseLimit(handle.db, 'invitation', { user: 'u-2', org: 'o-1' }, T0);
      // The next window starts afresh.
      await enforceAbuseLimit(handle.db, 'invitation', { user: 'u-1', org: 'o-1' }, later(45 * 60));
    });

    it('limits an organization across its people', async () => {
      const orgMax = ABUSE_LIMITS['alert-test'].limits[1].max;
      for (let i = 0; i < orgMax; i += 1) await enforceAbuseLimit(handle.db, 'alert-test', { user: `tester-${i}`, org: 'o-busy' }, T0);
      await expect(enforceAbuseLimit(handle.db, 'alert-test', { user: 'tester-new', org: 'o-busy' }, T0)).rejects.toThrow(/per organization/);
    });

    it('limits sign-ups per client address, and does not count when the address is unknown', async () => {
      const max = ABUSE_LIMITS.signup.limits[0].max;
      for (let i = 0; i < max; i += 1) await enforceAbuseLimit(handle.db, 'signup', { ip: '203.0.113.9' }, T0);
      await expect(enforceAbuseLimit(handle.db, 'signup', { ip: '203.0.113.9' }, T0)).rejects.toThrow(/sign-ups from your network/);
      await enforceAbuseLimit(handle.db, 'signup', { ip: '203.0.113.10' }, T0);
      for (let i = 0; i < max + 2; i += 1) await enforceAbuseLimit(handle.db, 'signup', { ip: null }, T0);
    });

    if (target.name === 'postgres') {
      it('holds exactly across concurrent requests on several connections', async () => {
        const pool = await openDatabase({ driver: 'postgres', url: handle.url!, max: 4 });
        try {
          const max = ABUSE_LIMITS['organization-create'].limits[0].max;
          const outcomes = await Promise.allSettled(Array.from({ length: max * 4 }, () => enforceAbuseLimit(pool.db, 'organization-create', { user: 'racer' }, T0)));
          expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(max);
        } finally {
          await pool.close();
        }
      });
    }
  });
}
