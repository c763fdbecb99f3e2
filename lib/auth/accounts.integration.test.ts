import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { AppError, ValidationError } from '@/lib/errors';
import { listAccountMail, type MailContext } from '@/lib/mail/account-mail';
import { testDatabases } from '@/tests/databases';
import { changePassword, requestEmailChange, requestPasswordReset, resetPassword, verifyEmail } from './accounts';
import { checkCredentials } from './credentials';
import { createSession, sessionIsActive } from './sessions';
import { signUp } from '@/lib/tenancy/sign-up';

const PASSWORD = 'correct horse battery 9';
const T0 = new Date('2026-11-24T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const mail = (now = T0): MailContext => ({ mailer: { smtpUrl: undefined, from: 'Sparkcheck <a@b.c>' }, base: 'https://app.example.com', now });

for (const target of await testDatabases()) {
  describe(`account flows on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    let n = 0;
    const nextEmail = () => `person${++n}@example.com`;
    /** The newest link of this path in the address's mail. */
    async function link(to: string, path: string): Promise<string> {
      const [latest] = (await listAccountMail(handle.db, { to })).filter((m) => m.text.includes(`https://app.example.com${path}?token=`));
      const token = latest?.text.match(/token=([\w-]+)/)?.[1];
      if (!token) throw new Error(`no ${path} link for ${to}`);
      return token;
    }
    async function account(email = nextEmail()) {
      const result = await signUp(handle.db, { name: 'Pat', email, password: PASSWORD, orgName: `Org ${email}`, orgKind: 'brand' }, { mail: mail() });
      if (!result.user) throw new Error('not created');
      return result.user;
    }
    const verifiedAt = async (id: string) => (await handle.db.select({ v: users.emailVerified }).from(users).where(eq(users.id, id)))[0]?.v ?? null;

    describe('sign-up and e-mail verification', () => {
      it('e-mails a one-time confirmation link that marks the address verified', async () => {
        const user = await account();
        expect(await verifiedAt(user.id)).toBeNull();
        const token = await link(user.email, '/verify-email');
        expect(await verifyEmail(handle.db, { token, now: at(5) })).toEqual({ email: user.email });
        expect(await verifiedAt(user.id)).toEqual(at(5));
        await expect(verifyEmail(handle.db, { token, now: at(6) })).rejects.toThrow(/expired or was already used/);
      });

      it('a link older than 24 hours no longer works', async () => {
        const user = await account();
        const token = await link(user.email, '/verify-email');
        await expect(verifyEmail(handle.db, { token, now: at(24 * 60) })).rejects.toThrow(AppError);
        expect(await verifiedAt(user.id)).toBeNull();
      });

      it('a taken address creates nothing, answers like a fresh one and e-mails its owner', async () => {
        const user = await account();
        const before = await handle.db.select({ id: users.id }).from(users);
        const again = await signUp(handle.db, { name: 'Mallory', email: user.email.toUpperCase(), password: 'another pass phrase 7', orgName: 'Other', orgKind: 'agency' }, { mail: mail() });
        expect(again).toEqual({ user: null });
        expect(await handle.db.select({ id: users.id }).from(users)).toHaveLength(before.length);
        const [notice] = await listAccountMail(handle.db, { to: user.email });
        expect(notice?.subject).toBe('Someone tried to create a Sparkcheck account with your address');
        expect(notice?.text).toContain('https://app.example.com/forgot-password');
      });
    });

    describe('password reset', () => {
      it('answers an unknown address without sending anything', async () => {
        const before = (await listAccountMail(handle.db)).length;
        await requestPasswordReset(handle.db, { email: 'nobody-here@example.com', ...mail() });
        expect(await listAccountMail(handle.db)).toHaveLength(before);
      });

      it('sets a new password once, within 30 minutes, and ends every session', async () => {
        const user = await account();
        const phone = await createSession(handle.db, { userId: user.id, ip: '10.1.0.1', userAgent: 'phone', now: T0 });
        await requestPasswordReset(handle.db, { email: user.email, ...mail() });
        const token = await link(user.email, '/reset-password');
        // A refused password does not use up the link.
        await expect(resetPassword(handle.db, { token, password: 'password1234', now: at(10) })).rejects.toThrow(/too easy to guess/);
        expect(await resetPassword(handle.db, { token, password: 'a brand new pass phrase', now: at(10) })).toEqual({ email: user.email });
        expect(await sessionIsActive(handle.db, { sid: phone, userId: user.id, now: at(11) })).toBe(false);
        expect(await verifiedAt(user.id)).toEqual(at(10)); // the link proved the address
        await expect(resetPassword(handle.db, { token, password: 'yet another pass phrase', now: at(12) })).rejects.toThrow(/expired or was already used/);
        expect(await checkCredentials(handle.db, { email: user.email, password: PASSWORD, ip: '10.1.0.2', now: at(13) })).toMatchObject({ reason: 'invalid' });
        expect(await checkCredentials(handle.db, { email: user.email, password: 'a brand new pass phrase', ip: '10.1.0.2', now: at(13) })).toMatchObject({ ok: true });
      });

      it('expires after 30 minutes, and only the newest link works', async () => {
        const user = await account();
        await requestPasswordReset(handle.db, { email: user.email, ...mail() });
        const first = await link(user.email, '/reset-password');
        await requestPasswordReset(handle.db, { email: user.email, ...mail(at(1)) });
        const second = await link(user.email, '/reset-password');
        expect(second).not.toBe(first);
        await expect(resetPassword(handle.db, { token: first, password: 'a brand new pass phrase', now: at(2) })).rejects.toThrow(/expired or was already used/);
        await expect(resetPassword(handle.db, { token: second, password: 'a brand new pass phrase', now: at(31) })).rejects.toThrow(/expired or was already used/);
      });
    });

    describe('password change', () => {
      it('needs the current password and ends every other session', async () => {
        const user = await account();
        const here = await createSession(handle.db, { userId: user.id, ip: '10.2.0.1', userAgent: 'laptop', now: T0 });
        const there = await createSession(handle.db, { userId: user.id, ip: '10.2.0.2', userAgent: 'phone', now: T0 });
        const wrong = changePassword(handle.db, { userId: user.id, current: 'not my password', password: 'a brand new pass phrase', keepSid: here, now: T0 });
        await expect(wrong).rejects.toThrow(ValidationError);
        await expect(wrong).rejects.toThrow('Your current password is not right');
        expect(await sessionIsActive(handle.db, { sid: there, userId: user.id, now: T0 })).toBe(true);
        await changePassword(handle.db, { userId: user.id, current: PASSWORD, password: 'a brand new pass phrase', keepSid: here, now: T0 });
        expect(await sessionIsActive(handle.db, { sid: there, userId: user.id, now: T0 })).toBe(false);
        expect(await sessionIsActive(handle.db, { sid: here, userId: user.id, now: T0 })).toBe(true);
      });
    });

    describe('e-mail change', () => {
      it('moves the account to the new address only when its link is opened', async () => {
        const user = await account();
        const next = nextEmail();
        await requestEmailChange(handle.db, { userId: user.id, email: next, ...mail() });
        expect((await handle.db.select({ email: users.email }).from(users).where(eq(users.id, user.id)))[0]?.email).toBe(user.email);
        await verifyEmail(handle.db, { token: await link(next, '/verify-email'), now: at(1) });
        const [row] = await handle.db.select({ email: users.email, v: users.emailVerified }).from(users).where(eq(users.id, user.id));
        expect(row).toEqual({ email: next, v: at(1) });
      });

      it('to a taken address changes nothing and tells that address’s owner', async () => {
        const user = await account();
        const owner = await account();
        await requestEmailChange(handle.db, { userId: user.id, email: owner.email, ...mail() });
        expect((await listAccountMail(handle.db, { to: owner.email }))[0]?.subject).toBe('Someone tried to create a Sparkcheck account with your address');
        await expect(link(owner.email, '/verify-email').then((token) => verifyEmail(handle.db, { token, now: at(1) }))).resolves.toEqual({ email: owner.email });
        expect((await handle.db.select({ email: users.email }).from(users).where(eq(users.id, user.id)))[0]?.email).toBe(user.email);
      });
    });
  });
}
