import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import { sendAccountExistsMail, sendVerificationMail } from '@/lib/auth/accounts';
import { hashPassword, passwordSchema } from '@/lib/auth/password';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import type { MailContext } from '@/lib/mail/account-mail';
import { acceptInvitation, emailSchema, findInvitationByToken } from './invitations';
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

/**
 * Creates the user and, unless they came through an invitation, their first organization (as owner).
 * `verifiedAt`: the address is already proven (an invitation link e-mailed to it). A taken address is a ConflictError.
 */
export async function registerUser(
  db: Database,
  raw: unknown,
  { verifiedAt = null }: { verifiedAt?: Date | null } = {},
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
      .values({ name: input.name, email: input.email, passwordHash, emailVerified: verifiedAt })
      .onConflictDoNothing()
      .returning({ id: users.id, email: users.email });
    if (!user) throw new ConflictError(`An account with ${input.email} already exists: sign in instead`);
    const organization = input.orgName && input.orgKind ? await createOrganization(tx, { name: input.orgName, slug: input.orgSlug, kind: input.orgKind, ownerId: user.id }) : null;
    return { user, organization };
  });
}

export type SignUpResult = { user: { id: string; email: string }; organization: OrganizationSummary | null } | { user: null };

/**
 * The sign-up form: registers the user and e-mails a confirmation link (none when `verified`, see
 * registerUser). A taken address creates nothing and e-mails its owner instead; the caller answers
 * both the same (after the same password hashing), so sign-up tells nobody who has an account.
 */
export async function signUp(db: Database, raw: unknown, { mail, verified = false }: { mail: MailContext; verified?: boolean }): Promise<SignUpResult> {
  try {
    const result = await registerUser(db, raw, { verifiedAt: verified ? (mail.now ?? new Date()) : null });
    if (!verified) {
      const name = signUpSchema.shape.name.safeParse((raw as { name?: unknown }).name).data ?? null;
      await sendVerificationMail(db, { ...result.user, name }, mail);
    }
    return result;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const email = signUpSchema.shape.email.parse((raw as { email?: unknown }).email);
    const [owner] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, email));
    if (owner) await sendAccountExistsMail(db, owner, mail);
    return { user: null };
  }
}

/** What the sign-up form may say: the same for a fresh and a taken address, unless an invitation link proved the address. */
export type SignUpOutcome = { joined: { orgSlug: string; email: string } } | { joined: null };

export const CHECK_EMAIL_MESSAGE = 'Check your e-mail: we sent a link to confirm your address. You can sign in meanwhile.';

/**
 * Sign-up, optionally from an invitation link. The link was e-mailed to the invited address, so
 * signing up with that address from it proves the address: the account starts verified and joins
 * the organization at once. Otherwise (or for a taken address) it is an ordinary sign-up.
 */
export async function signUpFromForm(db: Database, raw: Record<string, unknown>, { mail, invite }: { mail: MailContext; invite?: string }): Promise<SignUpOutcome> {
  let proven = false;
  if (invite) {
    const email = emailSchema.safeParse(raw.email);
    try {
      const invitation = await findInvitationByToken(db, invite, mail.now);
      proven = email.success && invitation.state === 'pending' && invitation.email === email.data;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  const result = await signUp(db, { ...raw, invited: Boolean(invite) }, { mail, verified: proven });
  if (!result.user || !proven || !invite) return { joined: null };
  const { orgSlug } = await acceptInvitation(db, { token: invite, user: result.user, now: mail.now });
  return { joined: { orgSlug, email: result.user.email } };
}
