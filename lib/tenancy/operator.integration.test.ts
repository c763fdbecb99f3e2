import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditLog, memberships, organizations, users } from '@/db/schema';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { testDatabases } from '@/tests/databases';
import { createOrganizationForUser, findFirstOwner, findOrganizationBySlug } from './operator';

for (const target of await testDatabases()) {
  describe(`organizations from the command line on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let ownerId: string;
    beforeAll(async () => {
      handle = await target.open();
      const [user] = await handle.db.insert(users).values({ name: 'Olivia', email: 'olivia@operator.example' }).returning();
      ownerId = user!.id;
    });
    afterAll(async () => handle.close());

    it('creates the organization with the existing user as its owner, audited, and finds it by slug', async () => {
      const org = await createOrganizationForUser(handle.db, { name: 'Acme Agency', slug: ' Acme ', ownerEmail: 'Olivia@Operator.example', kind: 'agency' });
      expect(org).toMatchObject({ name: 'Acme Agency', slug: 'acme', kind: 'agency', role: 'owner', owner: { id: ownerId, email: 'olivia@operator.example' } });
      expect(await handle.db.select({ userId: memberships.userId, role: memberships.role }).from(memberships).where(eq(memberships.orgId, org.id))).toEqual([{ userId: ownerId, role: 'owner' }]);
      expect((await handle.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, org.id))).map((r) => r.action)).toEqual(['org.created']);

      const found = await findOrganizationBySlug(handle.db, 'ACME');
      expect(found).toEqual({ id: org.id, name: 'Acme Agency', slug: 'acme', timeZone: 'UTC' });
      expect(await findFirstOwner(handle.db, found)).toBe(ownerId);
    });

    it('is a brand unless told otherwise', async () => {
      expect(await createOrganizationForUser(handle.db, { name: 'Brandy', slug: 'brandy', ownerEmail: 'olivia@operator.example' })).toMatchObject({ kind: 'brand' });
    });

    it('refuses an unknown owner, a taken, invalid or reserved slug, and a bad kind, creating nothing', async () => {
      const count = async () => (await handle.db.select().from(organizations)).length;
      const existing = await count();
      const attempt = (input: Partial<Parameters<typeof createOrganizationForUser>[1]>) =>
        createOrganizationForUser(handle.db, { name: 'Another', slug: 'another', ownerEmail: 'olivia@operator.example', ...input });

      await expect(attempt({ ownerEmail: 'nobody@operator.example' })).rejects.toThrow(new NotFoundError('No user with the email nobody@operator.example: they must sign up first'));
      await expect(attempt({ slug: 'acme' })).rejects.toThrow(new ConflictError('The slug "acme" is already taken'));
      await expect(attempt({ slug: 'Not a slug!' })).rejects.toThrow(/slug: Slug may contain only lowercase letters/);
      await expect(attempt({ slug: 'admin' })).rejects.toThrow(/slug: That slug is reserved/);
      await expect(attempt({ kind: 'enterprise' })).rejects.toThrow(/kind: Kind must be brand or agency/);
      await expect(attempt({ ownerEmail: 'not-an-email' })).rejects.toBeInstanceOf(ValidationError);
      expect(await count()).toBe(existing);
    });

    it('names a missing organization', async () => {
      await expect(findOrganizationBySlug(handle.db, 'missing')).rejects.toThrow(new NotFoundError('No organization with the slug "missing"'));
    });
  });
}
