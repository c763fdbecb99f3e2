import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { registerUser, signUpFromForm } from './sign-up';
import { listAccountMail, type MailContext } from '@/lib/mail/account-mail';
import { createInvitation, findInvitationByToken } from '@/lib/tenancy/invitations';
import { listUserOrganizations } from '@/lib/tenancy/organizations';
import { testDatabases } from '@/tests/databases';

const PASSWORD = 'correct horse battery 9';
const mail: MailContext = { mailer: { smtpUrl: undefined, from: 'Sparkcheck <a@b.c>' }, base: 'https://app.example.com' };

for (const target of await testDatabases()) {
  describe(`sign-up from an invitation link on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let org: { id: string; slug: string };
    let ownerId: string;
    beforeAll(async () => {
      handle = await target.open();
      const owner = await registerUser(handle.db, { name: 'Owner', email: 'owner@example.com', password: PASSWORD, orgName: 'Glow Co', orgKind: 'brand' });
      org = owner.organization!;
      ownerId = owner.user.id;
    });
    afterAll(async () => handle.close());

    const invite = (email: string) => createInvitation(handle.db, { orgId: org.id, actor: { userId: ownerId, role: 'owner' }, email, role: 'member' });
    const userByEmail = async (email: string) => (await handle.db.select().from(users).where(eq(users.email, email)))[0];

    it('with the invited address: verified and a member at once, no confirmation mail', async () => {
      const { token } = await invite('invitee@example.com');
      const outcome = await signUpFromForm(handle.db, { name: 'Ivy', email: 'Invitee@Example.com', password: PASSWORD }, { mail, invite: token });
      expect(outcome).toEqual({ joined: { orgSlug: org.slug, email: 'invitee@example.com' } });
      const user = await userByEmail('invitee@example.com');
      expect(user?.emailVerified).toBeInstanceOf(Date);
      expect((await listUserOrganizations(handle.db, user!.id)).map((o) => [o.slug, o.role])).toEqual([[org.slug, 'member']]);
      expect((await findInvitationByToken(handle.db, token)).state).toBe('accepted');
      expect(await listAccountMail(handle.db, { to: 'invitee@example.com' })).toEqual([]);
    });

    it('with another address: an ordinary unverified sign-up that joins nothing', async () => {
      const { token } = await invite('intended@example.com');
      const outcome = await signUpFromForm(handle.db, { name: 'Eve', email: 'someone-else@example.com', password: PASSWORD }, { mail, invite: token });
      expect(outcome).toEqual({ joined: null });
      const user = await userByEmail('someone-else@example.com');
      expect(user?.emailVerified).toBeNull();
      expect(await listUserOrganizations(handle.db, user!.id)).toEqual([]);
      expect((await findInvitationByToken(handle.db, token)).state).toBe('pending');
      expect((await listAccountMail(handle.db, { to: 'someone-else@example.com' }))[0]?.subject).toBe('Confirm your e-mail address for Sparkcheck');
    });

    it('with an unknown link or a taken address: the same answer as any sign-up', async () => {
      expect(await signUpFromForm(handle.db, { name: 'Q', email: 'linkless@example.com', password: PASSWORD }, { mail, invite: 'not-a-token' })).toEqual({ joined: null });
      const { token } = await invite('taken@example.com');
      await registerUser(handle.db, { name: 'T', email: 'taken@example.com', password: PASSWORD, invited: true });
      expect(await signUpFromForm(handle.db, { name: 'M', email: 'taken@example.com', password: PASSWORD }, { mail, invite: token })).toEqual({ joined: null });
      expect((await findInvitationByToken(handle.db, token)).state).toBe('pending');
    });
  });
}
