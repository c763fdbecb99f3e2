import type { Database } from '@/db/client';
import { signUp } from '@/lib/auth/sign-up';
import { NotFoundError } from '@/lib/errors';
import type { MailContext } from '@/lib/mail/account-mail';
import { acceptInvitation, emailSchema, findInvitationByToken } from '@/lib/tenancy/invitations';

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
