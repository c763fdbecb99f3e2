import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditLog, codeBatches, codeBatchItems, invitations, memberships, organizations, syncRuns, tiktokConnections } from '@/db/schema';
import { ForbiddenError, ValidationError } from '@/lib/errors';
import { testDatabases } from '@/tests/databases';
import { createInvitation } from './invitations';
import { listDeletedOrganizations, deleteOrganization, purgeDeletedOrganization } from './org-deletion';
import { createOrganization, listUserOrganizations } from './organizations';
import { registerUser } from './sign-up';

const PASSWORD = 'correct horse 9';

for (const target of await testDatabases()) {
  describe(`deleting an organization on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    let n = 0;
    /** An organization with a member, a pending invitation, a TikTok connection, a sync run and a batch holding a sealed code. */
    async function populatedOrg(orgName: string) {
      n += 1;
      const { user, organization } = await registerUser(handle.db, { name: `Owner ${n}`, email: `del-owner${n}@example.com`, password: PASSWORD, orgName, orgKind: 'brand' });
      const org = organization!;
      const { user: member } = await registerUser(handle.db, { name: 'Member', email: `del-member${n}@example.com`, password: PASSWORD, invited: true }, { verifiedAt: new Date() });
      await handle.db.insert(memberships).values({ orgId: org.id, userId: member.id, role: 'admin' });
      await createInvitation(handle.forOrganization(org.id), { orgId: org.id, actor: { userId: user.id, role: 'owner' }, email: `del-invitee${n}@example.com`, role: 'member' });
      const connectionId = randomUUID();
      await handle.db.insert(tiktokConnections).values({ orgId: org.id, id: connectionId, label: 'TikTok', method: 'access_token', accessTokenSealed: 'sealed-token' });
      await handle.db.insert(syncRuns).values({ orgId: org.id, connectionId, trigger: 'manual' });
      const batchId = randomUUID();
      await handle.db.insert(codeBatches).values({ orgId: org.id, id: batchId, idempotencyKey: 'k', requestHash: 'h', source: 'web', advertiserIds: ['1'] });
      await handle.db
        .insert(codeBatchItems)
        .values({ orgId: org.id, batchId, id: randomUUID(), position: 0, advertiserId: '1', connectionId, codeMasked: '#A…', codeSha256: 'x', codeSealed: 'sealed-code' });
      return { owner: user, member, org };
    }

    it('needs an owner who types the organization’s name', async () => {
      const { owner, member, org } = await populatedOrg('Tidy Brand');
      const db = handle.forOrganization(org.id);
      await expect(deleteOrganization(db, { orgId: org.id, actor: { userId: member.id, role: 'admin' }, confirmName: 'Tidy Brand' })).rejects.toThrow(ForbiddenError);
      await expect(deleteOrganization(db, { orgId: org.id, actor: { userId: owner.id, role: 'owner' }, confirmName: 'tidy brand' })).rejects.toThrow(ValidationError);
      await expect(deleteOrganization(db, { orgId: org.id, actor: { userId: owner.id, role: 'owner' }, confirmName: '' })).rejects.toThrow(
        "Type the organization's name, Tidy Brand, to confirm that it and all its data are deleted",
      );
      expect(await listUserOrganizations(handle.db, owner.id)).toEqual([expect.objectContaining({ id: org.id })]);
      const [connection] = await handle.db.select().from(tiktokConnections).where(eq(tiktokConnections.orgId, org.id));
      expect(connection!.accessTokenSealed).toBe('sealed-token');
    });

    it('locks everyone out and erases tokens and codes at once; the job removes the rest and keeps the audit entry', async () => {
      const { owner, member, org } = await populatedOrg('Gone Co');
      await deleteOrganization(handle.forOrganization(org.id), { orgId: org.id, actor: { userId: owner.id, role: 'owner' }, confirmName: ' Gone Co ' });

      // At once: no member reaches it (requireMembership answers 404), no invitation can join it, secrets are gone.
      expect(await listUserOrganizations(handle.db, owner.id)).toEqual([]);
      expect(await listUserOrganizations(handle.db, member.id)).toEqual([]);
      expect(await handle.db.select().from(invitations).where(eq(invitations.orgId, org.id))).toEqual([]);
      const [connection] = await handle.db.select().from(tiktokConnections).where(eq(tiktokConnections.orgId, org.id));
      expect(connection).toMatchObject({ accessTokenSealed: '', status: 'disconnected' });
      const [item] = await handle.db.select().from(codeBatchItems).where(eq(codeBatchItems.orgId, org.id));
      expect(item!.codeSealed).toBeNull();
      // The slug is free again.
      const again = await createOrganization(handle.db, { name: 'Gone Co', kind: 'brand', ownerId: owner.id });
      expect(again.slug).toBe(org.slug);

      expect(await listDeletedOrganizations(handle.db)).toContain(org.id);
      expect(await purgeDeletedOrganization(handle.db, org.id)).toBe(true);
      for (const table of [tiktokConnections, syncRuns, codeBatches, codeBatchItems, memberships]) {
        expect(await handle.db.select().from(table).where(eq(table.orgId, org.id))).toEqual([]);
      }
      const audit = await handle.db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
      expect(audit.find((a) => a.action === 'org.deleted')).toMatchObject({ actorId: owner.id, target: 'Gone Co', meta: { slug: org.slug } });
      const [row] = await handle.db.select().from(organizations).where(eq(organizations.id, org.id));
      expect(row!.deletedAt).toBeInstanceOf(Date);
    });

    it('purges only deleted organizations', async () => {
      const { org } = await populatedOrg('Still Here');
      expect(await purgeDeletedOrganization(handle.db, org.id)).toBe(false);
      expect(await handle.db.select().from(tiktokConnections).where(eq(tiktokConnections.orgId, org.id))).toHaveLength(1);
    });
  });
}
