import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { memberships, organizations, users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { createInvitation } from '@/lib/tenancy/invitations';
import { createOrganization } from '@/lib/tenancy/organizations';
import { DEMO_EMAIL, DEMO_ORG_SLUG, DEMO_PASSWORD } from './credentials';

// Teammates of the demo user; they have no password, so nobody can sign in as them.
const DEMO_TEAM = [
  { name: 'Dana Whitfield', email: 'dana@northwind-agency.example', role: 'admin' },
  { name: 'Lee Okafor', email: 'lee@northwind-agency.example', role: 'member' },
  { name: 'Priya Raman', email: 'priya@glowco.example', role: 'viewer' },
] as const;

/** Creates the demo user and organization once; running it again changes nothing. */
export async function seedDemo(db: Database): Promise<{ created: boolean }> {
  const [existing] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_ORG_SLUG));
  // The demo user's address counts as confirmed (demo data seeded before confirmations existed too).
  if (existing) {
    await db
      .update(users)
      .set({ emailVerified: new Date() })
      .where(and(eq(users.email, DEMO_EMAIL), isNull(users.emailVerified)));
    return { created: false };
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = await db.transaction(async (tx) => {
    const [demoUser] = await tx
      .insert(users)
      .values({ name: 'Demo User', email: DEMO_EMAIL, passwordHash, emailVerified: new Date() })
      .onConflictDoUpdate({ target: users.email, set: { passwordHash, emailVerified: new Date() } })
      .returning({ id: users.id });
    if (!demoUser) throw new Error('demo user not created');
    const org = await createOrganization(tx, { name: 'Northwind Agency', slug: DEMO_ORG_SLUG, kind: 'agency', ownerId: demoUser.id });
    for (const teammate of DEMO_TEAM) {
      const [user] = await tx
        .insert(users)
        .values({ name: teammate.name, email: teammate.email })
        .onConflictDoUpdate({ target: users.email, set: { name: teammate.name } })
        .returning({ id: users.id });
      if (user) await tx.insert(memberships).values({ orgId: org.id, userId: user.id, role: teammate.role }).onConflictDoNothing();
    }
    return { orgId: org.id, ownerId: demoUser.id };
  });
  await createInvitation(db, { orgId: ids.orgId, actor: { userId: ids.ownerId, role: 'owner' }, email: 'sam@glowco.example', role: 'viewer' });
  return { created: true };
}
