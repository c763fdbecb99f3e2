import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditLog, memberships } from '@/db/schema';
import { registerUser } from './sign-up';
import { ConflictError, ForbiddenError, ValidationError } from '@/lib/errors';
import { testDatabases } from '@/tests/databases';
import { acceptInvitation, createInvitation, findInvitationByToken, INVITATION_TTL_MS, listPendingInvitations, revokeInvitation } from './invitations';
import { changeMemberRole, listMembers, removeMember } from './members';
import { listUserOrganizations, renameOrganization } from './organizations';

/** The user's membership in the organization with this slug, as the membership check sees it, or null. */
async function membershipIn(db: DatabaseHandle['db'], { userId, orgSlug }: { userId: string; orgSlug: string }) {
  return (await listUserOrganizations(db, userId)).find((o) => o.slug === orgSlug) ?? null;
}

const PASSWORD = 'correct horse 9';

for (const target of await testDatabases()) {
  describe(`tenancy on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    let n = 0;
    async function newOwner(orgName = 'Glow Co') {
      n += 1;
      const email = `owner${n}@example.com`;
      const { user, organization } = await registerUser(handle.db, { name: `Owner ${n}`, email, password: PASSWORD, orgName, orgKind: 'brand' });
      return { user: { ...user, email }, org: organization! };
    }
    async function newUser(email: string, { verified = true } = {}) {
      const { user } = await registerUser(handle.db, { name: email, email, password: PASSWORD, invited: true }, { verifiedAt: verified ? new Date() : null });
      return user;
    }
    async function addMember(orgId: string, email: string, role: 'admin' | 'member' | 'viewer' | 'owner') {
      const user = await newUser(email);
      await handle.db.insert(memberships).values({ orgId, userId: user.id, role });
      return user;
    }

    describe('sign-up', () => {
      it('creates the user and their first organization with them as owner', async () => {
        const { user, org } = await newOwner('Glow Co');
        expect(org.role).toBe('owner');
        expect(org.slug).toMatch(/^glow-co(-\d+)?$/);
        expect(await listUserOrganizations(handle.db, user.id)).toEqual([expect.objectContaining({ slug: org.slug, role: 'owner', kind: 'brand' })]);
        const audit = await handle.db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
        expect(audit.map((a) => a.action)).toEqual(['org.created']);
      });

      it('derives a free slug when the name is taken', async () => {
        const a = await newOwner('Acme Media');
        const b = await newOwner('Acme Media');
        expect(a.org.slug).toBe('acme-media');
        expect(b.org.slug).toBe('acme-media-2');
      });

      it('refuses a duplicate email, whatever its case, and writes nothing', async () => {
        const { user } = await newOwner();
        const attempt = registerUser(handle.db, { name: 'X', email: user.email.toUpperCase(), password: PASSWORD, orgName: 'Dup Org', orgKind: 'brand' });
        await expect(attempt).rejects.toThrow(ConflictError);
        await expect(attempt).rejects.toThrow(/already exists/);
        expect(await findOrgBySlug('dup-org')).toBeNull();
      });

      it('names the field of a weak password or a bad email', async () => {
        const weak = registerUser(handle.db, { name: 'X', email: 'weak@example.com', password: 'short', orgName: 'Weak', orgKind: 'brand' });
        await expect(weak).rejects.toThrow(ValidationError);
        await expect(weak).rejects.toThrow(/password: Password must be at least 12 characters/);
        await expect(registerUser(handle.db, { name: 'X', email: 'not-an-email', password: PASSWORD, orgName: 'Weak', orgKind: 'brand' })).rejects.toThrow(/email: Enter a valid email address/);
        await expect(registerUser(handle.db, { name: 'X', email: 'letters@example.com', password: 'abcdefghijkl', orgName: 'W', orgKind: 'brand' })).rejects.toThrow(
          /password: Password is too easy to guess/,
        );
      });

      it('requires an organization unless the user signs up from an invitation', async () => {
        await expect(registerUser(handle.db, { name: 'X', email: 'noorg@example.com', password: PASSWORD })).rejects.toThrow(/organization name: Organization name is required/);
        const { organization } = await registerUser(handle.db, { name: 'X', email: 'invitee0@example.com', password: PASSWORD, invited: true });
        expect(organization).toBeNull();
      });
    });

    describe('organization settings', () => {
      it('lets owners rename the organization, audited with the old name; others are refused', async () => {
        const { user, org } = await newOwner('Old Name Co');
        const admin = await addMember(org.id, `renamer-${org.slug}@example.com`, 'admin');
        await expect(renameOrganization(handle.db, { orgId: org.id, actor: { userId: admin.id, role: 'admin' }, name: 'Hijacked' })).rejects.toThrow(ForbiddenError);
        await expect(renameOrganization(handle.db, { orgId: org.id, actor: { userId: user.id, role: 'owner' }, name: ' ' })).rejects.toThrow(ValidationError);
        expect(await renameOrganization(handle.db, { orgId: org.id, actor: { userId: user.id, role: 'owner' }, name: ' New Name Co ' })).toBe('New Name Co');
        expect((await listUserOrganizations(handle.db, user.id)).find((o) => o.id === org.id)).toMatchObject({ name: 'New Name Co', slug: org.slug });
        const [entry] = await handle.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, 'org.renamed')));
        expect(entry).toMatchObject({ actorId: user.id, target: 'New Name Co', meta: { from: 'Old Name Co' } });
      });
    });

    describe('members', () => {
      it('lets an admin change roles below owner but not create or touch owners', async () => {
        const { org } = await newOwner();
        const admin = await addMember(org.id, `admin-${org.slug}@example.com`, 'admin');
        const member = await addMember(org.id, `member-${org.slug}@example.com`, 'member');
        const actor = { userId: admin.id, role: 'admin' as const };
        await changeMemberRole(handle.db, { orgId: org.id, actor, userId: member.id, role: 'viewer' });
        await expect(changeMemberRole(handle.db, { orgId: org.id, actor, userId: member.id, role: 'owner' })).rejects.toThrow(ForbiddenError);
        const ownerId = (await listMembers(handle.db, { orgId: org.id })).find((m) => m.role === 'owner')!.userId;
        await expect(changeMemberRole(handle.db, { orgId: org.id, actor, userId: ownerId, role: 'member' })).rejects.toThrow(/Only an owner/);
        expect((await listMembers(handle.db, { orgId: org.id })).map((m) => [m.email, m.role])).toEqual([
          [expect.stringMatching(/^owner/), 'owner'],
          [admin.email, 'admin'],
          [member.email, 'viewer'],
        ]);
      });

      it('refuses members and viewers any change to others', async () => {
        const { org } = await newOwner();
        const member = await addMember(org.id, `m2-${org.slug}@example.com`, 'member');
        const viewer = await addMember(org.id, `v2-${org.slug}@example.com`, 'viewer');
        await expect(changeMemberRole(handle.db, { orgId: org.id, actor: { userId: member.id, role: 'member' }, userId: viewer.id, role: 'admin' })).rejects.toThrow(ForbiddenError);
        await expect(removeMember(handle.db, { orgId: org.id, actor: { userId: viewer.id, role: 'viewer' }, userId: member.id })).rejects.toThrow(ForbiddenError);
      });

      it('never leaves an organization without an owner', async () => {
        const { user, org } = await newOwner();
        const actor = { userId: user.id, role: 'owner' as const };
        await expect(changeMemberRole(handle.db, { orgId: org.id, actor, userId: user.id, role: 'admin' })).rejects.toThrow(/last owner cannot be demoted/);
        await expect(removeMember(handle.db, { orgId: org.id, actor, userId: user.id })).rejects.toThrow(/last owner/);
        const second = await addMember(org.id, `co-owner-${org.slug}@example.com`, 'owner');
        await removeMember(handle.db, { orgId: org.id, actor, userId: user.id });
        expect(await membershipIn(handle.db, { userId: user.id, orgSlug: org.slug })).toBeNull();
        expect(await membershipIn(handle.db, { userId: second.id, orgSlug: org.slug })).toMatchObject({ role: 'owner' });
      });

      it('lets anyone leave, and records removals in the audit log', async () => {
        const { user, org } = await newOwner();
        const viewer = await addMember(org.id, `leaver-${org.slug}@example.com`, 'viewer');
        const other = await addMember(org.id, `removed-${org.slug}@example.com`, 'member');
        await removeMember(handle.db, { orgId: org.id, actor: { userId: viewer.id, role: 'viewer' }, userId: viewer.id });
        await removeMember(handle.db, { orgId: org.id, actor: { userId: user.id, role: 'owner' }, userId: other.id });
        const actions = await handle.db.select({ action: auditLog.action, meta: auditLog.meta }).from(auditLog).where(eq(auditLog.orgId, org.id));
        expect(actions).toEqual(
          expect.arrayContaining([
            { action: 'member.left', meta: { email: viewer.email, role: 'viewer' } },
            { action: 'member.removed', meta: { email: other.email, role: 'member' } },
          ]),
        );
      });
    });

    describe('invitations', () => {
      it('adds the invited user with the invited role, once', async () => {
        const { user, org } = await newOwner();
        const invitee = `invitee-${org.slug}@example.com`;
        const { token } = await createInvitation(handle.db, { orgId: org.id, actor: { userId: user.id, role: 'owner' }, email: invitee, role: 'member' });
        expect(await findInvitationByToken(handle.db, token)).toMatchObject({ orgSlug: org.slug, email: invitee, role: 'member', state: 'pending' });
        const joined = await newUser(invitee);
        expect(await acceptInvitation(handle.db, { token, user: { id: joined.id, email: invitee } })).toEqual({ orgSlug: org.slug });
        expect(await membershipIn(handle.db, { userId: joined.id, orgSlug: org.slug })).toMatchObject({ role: 'member' });
        await expect(acceptInvitation(handle.db, { token, user: { id: joined.id, email: invitee } })).rejects.toThrow(/already been used/);
        expect(await listPendingInvitations(handle.db, { orgId: org.id })).toEqual([]);
      });

      it('is bound to the invited email address', async () => {
        const { user, org } = await newOwner();
        const { token } = await createInvitation(handle.db, { orgId: org.id, actor: { userId: user.id, role: 'owner' }, email: `right-${org.slug}@example.com`, role: 'viewer' });
        const wrong = await newUser(`wrong-${org.slug}@example.com`);
        await expect(acceptInvitation(handle.db, { token, user: { id: wrong.id, email: wrong.email } })).rejects.toThrow(/This invitation is for right-/);
        expect(await membershipIn(handle.db, { userId: wrong.id, orgSlug: org.slug })).toBeNull();
      });

      it('needs the invited address confirmed', async () => {
        const { user, org } = await newOwner();
        const email = `unconfirmed-${org.slug}@example.com`;
        const invitee = await newUser(email, { verified: false });
        const { token } = await createInvitation(handle.db, { orgId: org.id, actor: { userId: user.id, role: 'owner' }, email, role: 'member' });
        await expect(acceptInvitation(handle.db, { token, user: invitee })).rejects.toThrow(`Confirm ${email} first`);
        expect(await membershipIn(handle.db, { userId: invitee.id, orgSlug: org.slug })).toBeNull();
        expect((await findInvitationByToken(handle.db, token)).state).toBe('pending');
      });

      it('expires after 7 days and can be revoked; a new invitation replaces the old link', async () => {
        const { user, org } = await newOwner();
        const actor = { userId: user.id, role: 'owner' as const };
        const email = `late-${org.slug}@example.com`;
        const invitee = await newUser(email);
        const first = await createInvitation(handle.db, { orgId: org.id, actor, email, role: 'member' });
        const expired = new Date(first.expiresAt.getTime() + 1);
        expect(first.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(INVITATION_TTL_MS);
        await expect(acceptInvitation(handle.db, { token: first.token, user: invitee, now: expired })).rejects.toThrow(/expired/);

        const second = await createInvitation(handle.db, { orgId: org.id, actor, email, role: 'admin' });
        expect((await findInvitationByToken(handle.db, first.token)).state).toBe('revoked');
        await revokeInvitation(handle.db, { orgId: org.id, actor, invitationId: second.id });
        await expect(acceptInvitation(handle.db, { token: second.token, user: invitee })).rejects.toThrow(/revoked/);
        expect(await membershipIn(handle.db, { userId: invitee.id, orgSlug: org.slug })).toBeNull();
      });

      it('refuses invitations from non-admins, owner invitations from admins, and existing members', async () => {
        const { user, org } = await newOwner();
        const member = await addMember(org.id, `plain-${org.slug}@example.com`, 'member');
        const admin = await addMember(org.id, `adm-${org.slug}@example.com`, 'admin');
        await expect(createInvitation(handle.db, { orgId: org.id, actor: { userId: member.id, role: 'member' }, email: 'x@example.com', role: 'viewer' })).rejects.toThrow(ForbiddenError);
        await expect(createInvitation(handle.db, { orgId: org.id, actor: { userId: admin.id, role: 'admin' }, email: 'x@example.com', role: 'owner' })).rejects.toThrow(ForbiddenError);
        await expect(createInvitation(handle.db, { orgId: org.id, actor: { userId: user.id, role: 'owner' }, email: member.email, role: 'viewer' })).rejects.toThrow(/already a member/);
      });

      it('never reveals another organization’s invitation to revoke', async () => {
        const a = await newOwner();
        const b = await newOwner();
        const inv = await createInvitation(handle.db, { orgId: a.org.id, actor: { userId: a.user.id, role: 'owner' }, email: 'cross@example.com', role: 'viewer' });
        await expect(revokeInvitation(handle.db, { orgId: b.org.id, actor: { userId: b.user.id, role: 'owner' }, invitationId: inv.id })).rejects.toThrow(/No pending invitation/);
        expect((await findInvitationByToken(handle.db, inv.token)).state).toBe('pending');
      });
    });

    async function findOrgBySlug(slug: string) {
      const rows = await handle.db.query.organizations.findFirst({ where: (o, { eq: equals }) => and(equals(o.slug, slug)) });
      return rows ?? null;
    }
  });
}
