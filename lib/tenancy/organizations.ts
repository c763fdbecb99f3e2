import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Queryable } from '@/db/client';
import { memberships, organizations, users } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/session';
import { audit } from '@/lib/audit/audit';
import { isTimeZone } from '@/lib/dates';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import type { Role } from './roles';

const RESERVED_SLUGS = new Set(['new', 'api', 'admin', 'sandbox', 'settings']);

export const orgSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'Slug must be at least 2 characters')
  .max(40, 'Slug must be at most 40 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Slug may contain only lowercase letters, digits and single dashes')
  .refine((s) => !RESERVED_SLUGS.has(s), 'That slug is reserved');

export const newOrganizationSchema = z.object({
  name: z.string().trim().min(2, 'Organization name must be at least 2 characters').max(80, 'Organization name must be at most 80 characters'),
  slug: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), orgSlugSchema.optional()),
  kind: z.enum(['brand', 'agency'], { error: 'Kind must be brand or agency' }),
});
export const organizationSettingsSchema = z
  .object({
    syncIntervalMinutes: z.coerce
      .number({ error: 'The sync schedule must be a number of minutes' })
      .int('The sync schedule must be whole minutes')
      .refine((m) => m === 0 || (m >= 15 && m <= 24 * 60), 'Sync every 15 minutes to 24 hours, or 0 to turn the schedule off')
      .optional(),
    permissionRefreshHours: z.coerce
      .number({ error: 'How often team permissions are read must be a number of hours' })
      .int('How often team permissions are read must be whole hours')
      .min(1, 'Read team permissions at most every hour')
      .max(7 * 24, 'Read team permissions at least once a week')
      .optional(),
    previewChecksPerHour: z.coerce
      .number({ error: 'Preview checks must be a number of checks an hour' })
      .int('Preview checks must be a whole number')
      .min(0, 'Preview checks cannot be negative')
      .max(2_000, 'At most 2,000 preview checks an hour')
      .optional(),
    timeZone: z
      .string({ error: 'The timezone must be a name such as Europe/Berlin or UTC' })
      .max(64, 'The timezone must be a name such as Europe/Berlin or UTC')
      .refine(isTimeZone, { error: (issue) => `“${String(issue.input).slice(0, 64)}” is not a timezone Sparkcheck knows; choose one from the list, such as Europe/Berlin or UTC` })
      .optional(),
  })
  .refine(
    (s) => Object.values(s).some((v) => v !== undefined),
    'Give at least one setting: the sync schedule (syncIntervalMinutes), permission reads (permissionRefreshHours), preview checks (previewChecksPerHour) or the timezone (timeZone)',
  );

export type NewOrganization = z.infer<typeof newOrganizationSchema>;

/** timeZone: the IANA name every date of the organization is shown in (lib/dates.ts). */
export type OrganizationSummary = { id: string; name: string; slug: string; kind: 'brand' | 'agency'; timeZone: string; role: Role };

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return base.length >= 2 && !RESERVED_SLUGS.has(base) ? base : `org-${base || 'workspace'}`;
}

async function freeSlug(db: Queryable, wanted: string): Promise<string> {
  const taken = await db
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(sql`${organizations.slug} = ${wanted} or ${organizations.slug} like ${`${wanted}-%`}`);
  const used = new Set(taken.map((t) => t.slug));
  if (!used.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!used.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

/**
 * Creates an organization owned by `ownerId`. An explicit slug that is taken is an error naming it;
 * a slug derived from the name gets a numeric suffix instead.
 */
export async function createOrganization(db: Queryable, input: NewOrganization & { ownerId: string }): Promise<OrganizationSummary> {
  let slug: string;
  if (input.slug) {
    const [existing] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, input.slug));
    if (existing) throw new ConflictError(`The slug "${input.slug}" is already taken`);
    slug = input.slug;
  } else {
    slug = await freeSlug(db, slugify(input.name));
  }
  const [org] = await db.insert(organizations).values({ name: input.name, slug, kind: input.kind }).returning();
  if (!org) throw new Error('insert returned no organization');
  await db.insert(memberships).values({ orgId: org.id, userId: input.ownerId, role: 'owner' });
  await audit(db, org.id, input.ownerId, 'org.created', org.slug, { name: org.name, kind: org.kind });
  return { id: org.id, name: org.name, slug: org.slug, kind: org.kind, timeZone: org.timeZone, role: 'owner' };
}

export async function listUserOrganizations(db: Queryable, userId: string): Promise<OrganizationSummary[]> {
  return (await loadUserOrganizations(db, userId))?.organizations ?? [];
}

/**
 * The user and every organization they belong to (by name), in one statement; null when the user no
 * longer exists. A page's layout and the page itself share this one read per request.
 */
export async function loadUserOrganizations(db: Queryable, userId: string): Promise<{ user: SessionUser; organizations: OrganizationSummary[] } | null> {
  const rows = await db
    .select({
      user: { id: users.id, email: users.email, name: users.name, emailVerified: users.emailVerified },
      org: { id: organizations.id, name: organizations.name, slug: organizations.slug, kind: organizations.kind, timeZone: organizations.timeZone },
      role: memberships.role,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(users.id, userId))
    .orderBy(asc(organizations.name));
  const [first] = rows;
  if (!first) return null;
  // A left-joined row without an organization means the user belongs to none.
  const memberOf = rows.flatMap(({ org, role }) => (org && role ? [{ ...org, role }] : []));
  return { user: first.user, organizations: memberOf };
}

/** Owners rename their organization (the address /o/<slug> stays); audited with the old name. */
export async function renameOrganization(db: Database, { orgId, actor, name }: { orgId: string; actor: { userId: string; role: Role }; name: unknown }): Promise<string> {
  if (actor.role !== 'owner') throw new ForbiddenError('Only owners can rename the organization');
  const parsed = newOrganizationSchema.shape.name.safeParse(name);
  if (!parsed.success) throw ValidationError.field('name', parsed.error.issues[0]!.message);
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId)).for('update');
    if (!before) throw new NotFoundError();
    await tx.update(organizations).set({ name: parsed.data }).where(eq(organizations.id, orgId));
    await audit(tx, orgId, actor.userId, 'org.renamed', parsed.data, { from: before.name });
    return parsed.data;
  });
}
