import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { testDatabases } from '@/tests/databases';
import { checkCredentials } from './credentials';
import { hashPassword } from './password';
import { createSession, endSession, endUserSessions, listSessions, sessionIsActive } from './sessions';
import { ACCOUNT_POLICY, claimAttempt, IP_POLICY } from './throttle';

const PASSWORD = 'correct horse battery 9';
const T0 = new Date('2026-11-24T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

for (const target of await testDatabases()) {
  describe(`accounts on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let passwordHash: string;
    beforeAll(async () => {
      handle = await target.open();
      passwordHash = await hashPassword(PASSWORD);
    });
    afterAll(async () => handle.close());

    let n = 0;
    async function newUser() {
      n += 1;
      const [user] = await handle.db
        .insert(users)
        .values({ name: `User ${n}`, email: `user${n}@example.com`, passwordHash })
        .returning();
      return user!;
    }

    describe('sign-in', () => {
      it('answers an unknown address exactly like a wrong password, and accepts the right one', async () => {
        const user = await newUser();
        const unknown = await checkCredentials(handle.db, { email: 'nobody@example.com', password: PASSWORD, ip: '10.0.1.1', now: T0 });
        const wrong = await checkCredentials(handle.db, { email: user.email, password: 'wrong password 1', ip: '10.0.1.1', now: T0 });
        expect(unknown).toEqual({ ok: false, reason: 'invalid' });
        expect(wrong).toEqual(unknown);
        expect(await checkCredentials(handle.db, { email: ` ${user.email.toUpperCase()} `, password: PASSWORD, ip: '10.0.1.1', now: T0 })).toMatchObject({
          ok: true,
          user: { id: user.id },
        });
      });

      it('slows an account down progressively from any address, and a success clears the count', async () => {
        const user = await newUser();
        for (let i = 0; i < ACCOUNT_POLICY.free; i++) {
          // Every attempt from another address: rotating addresses does not escape the account's count.
          expect(await checkCredentials(handle.db, { email: user.email, password: `wrong ${i}`, ip: `10.0.2.${i}`, now: T0 })).toMatchObject({ reason: 'invalid' });
        }
        const first = await checkCredentials(handle.db, { email: user.email, password: PASSWORD, ip: '10.0.2.99', now: T0 });
        expect(first).toEqual({ ok: false, reason: 'rate_limited', retryAfterSeconds: 30 });
        // After the wait one more guess is checked; failing it doubles the wait.
        expect(await checkCredentials(handle.db, { email: user.email, password: 'wrong again', ip: '10.0.2.99', now: at(30) })).toMatchObject({ reason: 'invalid' });
        expect(await checkCredentials(handle.db, { email: user.email, password: PASSWORD, ip: '10.0.2.99', now: at(31) })).toEqual({
          ok: false,
          reason: 'rate_limited',
          retryAfterSeconds: 59,
        });
        // Not a lock: the owner gets in once the wait is over, and that resets the account's count.
        expect(await checkCredentials(handle.db, { email: user.email, password: PASSWORD, ip: '10.0.2.99', now: at(90) })).toMatchObject({ ok: true });
        for (let i = 0; i < ACCOUNT_POLICY.free; i++) {
          expect(await checkCredentials(handle.db, { email: user.email, password: `wrong ${i}`, ip: '10.0.2.50', now: at(91) })).toMatchObject({ reason: 'invalid' });
        }
      });

      it('caps the wait at 15 minutes and forgets failures after an hour of quiet', async () => {
        const key = `account:cap-${target.name}@example.com`;
        let now = T0;
        let wait = 0;
        for (let i = 0; i < 12; i++) {
          const claim = await claimAttempt(handle.db, key, ACCOUNT_POLICY, now);
          expect(claim.ok).toBe(true);
          const blocked = await claimAttempt(handle.db, key, ACCOUNT_POLICY, now);
          wait = blocked.ok ? 0 : blocked.retryAfterSeconds;
          now = new Date(now.getTime() + wait * 1000);
        }
        expect(wait).toBe(ACCOUNT_POLICY.maxDelaySeconds);
        const quiet = new Date(now.getTime() + ACCOUNT_POLICY.windowSeconds * 1000 + 1000);
        for (let i = 0; i < ACCOUNT_POLICY.free; i++) expect((await claimAttempt(handle.db, key, ACCOUNT_POLICY, quiet)).ok).toBe(true);
      });

      it('stops password spraying from one address across many accounts', async () => {
        const ip = '10.0.3.1';
        for (let i = 0; i < IP_POLICY.free; i++) {
          expect(await checkCredentials(handle.db, { email: `spray${i}@example.com`, password: 'Summer2026!', ip, now: T0 })).toMatchObject({ reason: 'invalid' });
        }
        const user = await newUser();
        expect(await checkCredentials(handle.db, { email: user.email, password: PASSWORD, ip, now: T0 })).toMatchObject({ reason: 'rate_limited', retryAfterSeconds: 30 });
        // Another address is not affected.
        expect(await checkCredentials(handle.db, { email: user.email, password: PASSWORD, ip: '10.0.3.2', now: T0 })).toMatchObject({ ok: true });
      });

      it('lets successful sign-ins from a shared address through without counting them', async () => {
        const user = await newUser();
        for (let i = 0; i < IP_POLICY.free + 5; i++) {
          expect(await checkCredentials(handle.db, { email: user.email, password: PASSWORD, ip: '10.0.4.1', now: T0 })).toMatchObject({ ok: true });
        }
      });

      it('checks no more passwords than the limit allows when 30 guesses arrive at once', async () => {
        const user = await newUser();
        const results = await Promise.all(Array.from({ length: 30 }, (_, i) => checkCredentials(handle.db, { email: user.email, password: `parallel guess ${i}`, ip: `10.0.5.${i}`, now: T0 })));
        expect(results.filter((r) => r.ok === false && r.reason === 'invalid')).toHaveLength(ACCOUNT_POLICY.free);
        expect(results.filter((r) => r.ok === false && r.reason === 'rate_limited')).toHaveLength(30 - ACCOUNT_POLICY.free);
      });
    });

    describe('sessions', () => {
      it('is live until it is ended, by itself or with all of the user’s sessions', async () => {
        const user = await newUser();
        const a = await createSession(handle.db, { userId: user.id, ip: '10.0.6.1', userAgent: 'Firefox', now: T0 });
        const b = await createSession(handle.db, { userId: user.id, ip: '10.0.6.2', userAgent: 'Safari', now: at(60) });
        const c = await createSession(handle.db, { userId: user.id, ip: '10.0.6.3', userAgent: null, now: at(120) });
        expect(await sessionIsActive(handle.db, { sid: a, userId: user.id, now: at(200) })).toBe(true);
        expect((await listSessions(handle.db, { userId: user.id, now: at(200) })).map((s) => s.userAgent)).toEqual([null, 'Safari', 'Firefox']);

        expect(await endSession(handle.db, { sid: a, userId: user.id })).toBe(true);
        expect(await sessionIsActive(handle.db, { sid: a, userId: user.id, now: at(200) })).toBe(false);

        // Another user's id does not end or validate the session.
        const other = await newUser();
        expect(await endSession(handle.db, { sid: b, userId: other.id })).toBe(false);
        expect(await sessionIsActive(handle.db, { sid: b, userId: other.id, now: at(200) })).toBe(false);

        expect(await endUserSessions(handle.db, { userId: user.id, except: c })).toBe(1);
        expect(await sessionIsActive(handle.db, { sid: b, userId: user.id, now: at(200) })).toBe(false);
        expect(await sessionIsActive(handle.db, { sid: c, userId: user.id, now: at(200) })).toBe(true);
      });

      it('ends after 30 days and when the user is deleted', async () => {
        const user = await newUser();
        const sid = await createSession(handle.db, { userId: user.id, ip: '10.0.7.1', userAgent: null, now: T0 });
        expect(await sessionIsActive(handle.db, { sid, userId: user.id, now: at(30 * 24 * 3600 - 1) })).toBe(true);
        expect(await sessionIsActive(handle.db, { sid, userId: user.id, now: at(30 * 24 * 3600) })).toBe(false);
        await handle.db.delete(users).where(eq(users.id, user.id));
        expect(await sessionIsActive(handle.db, { sid, userId: user.id, now: at(60) })).toBe(false);
      });
    });
  });
}
