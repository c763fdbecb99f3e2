import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import { hashPassword, passwordSchema } from '@/lib/auth/password';
import { ConflictError, ValidationError } from '@/lib/errors';
import { emailSchema } from './invitations';
import { createOrganization, newOrganizationSchema, type OrganizationSummary } from './organizations';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const signUpSchema = z
  .object({
    name: z.string().trim().min(1, 'Your name is required').max(100, 'Name must be at most 100 characters'),
    email: emailSchema,
    password: passwordSchema,
    orgName: z.preprocess(blankToUndefined, newOrganizationSchema.shape.name.optional()),
    orgSlug: newOrganizationSchema.shape.slug,
    orgKind: z.preprocess(blankToUndefined, newOrganizationSchema.shape.kind.optional()),
    /** Signing up from an invitation link: the first organization is the one the invitation joins. */
    invited: z.preprocess((v) => v === true || v === 'true' || v === '1', z.boolean()).default(false),
  })
  .superRefine((v, ctx) => {
    if (v.invited) return;
    if (!v.orgName) ctx.addIssue({ code: 'custom', path: ['orgName'], message: 'Organization name is required' });
    if (!v.orgKind) ctx.addIssue({ code: 'custom', path: ['orgKind'], message: 'Choose brand or agency' });
  });
export type SignUpInput = z.input<typeof signUpSchema>;

/** Creates the user and, unless they came through an invitation, their first organization (as owner). */
export async function registerUser(
  db: Database,
  raw: unknown,
): Promise<{ user: { id: string; email: string }; organization: OrganizationSummary | null }> {
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'sign-up');
  const input = parsed.data;
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) throw new ConflictError(`An account with ${input.email} already exists: sign in instead`);
    const [user] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash })
      .onConflictDoNothing()
      .returning({ id: users.id, email: users.email });
    if (!user) throw new ConflictError(`An account with ${input.email} already exists: sign in instead`);
    const organization =
      input.orgName && input.orgKind
        ? await createOrganization(tx, { name: input.orgName, slug: input.orgSlug, kind: input.orgKind, ownerId: user.id })
        : null;
    return { user, organization };
  });
}
