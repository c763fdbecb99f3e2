import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Queryable } from '@/db/client';
import { memberships, organizations, users } from '@/db/schema';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { emailSchema } from './invitations';
import { createOrganization, newOrganizationSchema, orgSlugSchema, type OrganizationSummary } from './organizations';

// Organizations as the operator sees them from the command line: there is no session, so the
// organization is named by its slug and actions that need a user are taken as its first owner.

export const operatorOrganizationSchema = z.object({
  name: newOrganizationSchema.shape.name,
  slug: orgSlugSchema,
  kind: newOrganizationSchema.shape.kind.default('brand'),
  ownerEmail: emailSchema,
});

/**
 * Creates an organization owned by an existing user, found by email; the slug is required and must
 * be free. The input is as typed on the command line and checked here.
 */
export async function createOrganizationForUser(
  db: Database,
  raw: { name: string; slug: string; ownerEmail: string; kind?: string },
): Promise<OrganizationSummary & { owner: { id: string; email: string } }> {
  const parsed = operatorOrganizationSchema.safeParse(raw);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'organization');
  const { ownerEmail, ...organization } = parsed.data;
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, ownerEmail));
    if (!owner) throw new NotFoundError(`No user with the email ${ownerEmail}: they must sign up first`);
    return { ...(await createOrganization(tx, { ...organization, ownerId: owner.id })), owner };
  });
}

/** timeZone: the organization's (lib/dates.ts), for the dates the command line prints. */
export type OrganizationRef = { id: string; name: string; slug: string; timeZone?: string };

export async function findOrganizationBySlug(db: Queryable, slug: string): Promise<OrganizationRef> {
  const wanted = slug.trim().toLowerCase();
  const [org] = await db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.slug, wanted));
  if (!org) throw new NotFoundError(`No organization with the slug "${wanted}"`);
  return org;
}

/** The owner who has been one longest: the user the command line acts as inside the organization. */
export async function findFirstOwner(db: Queryable, org: OrganizationRef): Promise<string> {
  const [owner] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, org.id), eq(memberships.role, 'owner')))
    .orderBy(asc(memberships.createdAt), asc(memberships.userId))
    .limit(1);
  if (!owner) throw new ConflictError(`Organization "${org.slug}" has no owner to act as`);
  return owner.userId;
}
