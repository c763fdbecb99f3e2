import type { Queryable } from '@/db/client';
import { sendAccountMail, type MailContext } from '@/lib/mail/account-mail';
import { ROLE_LABELS, type Role } from './roles';

/** The invitation link for a token, on the base e-mailed links use. */
export function invitationUrl(base: string, token: string): string {
  return `${base}/invite/${encodeURIComponent(token)}`;
}

/** E-mails the invitee their link (SMTP, or the account-mail outbox). */
export async function sendInvitationMail(
  db: Queryable,
  { email, role, orgName, inviter, token }: { email: string; role: Role; orgName: string; inviter: string; token: string },
  { mailer, base, now }: MailContext,
): Promise<void> {
  await sendAccountMail(
    db,
    mailer,
    {
      to: email,
      subject: `${inviter} invited you to ${orgName} on Sparkcheck`,
      text: `Hello,\n\n${inviter} invited ${email} to join ${orgName} on Sparkcheck as ${ROLE_LABELS[role]}.\n\nOpen this link within 7 days to accept:\n\n${invitationUrl(base, token)}\n\nNew to Sparkcheck? Create your account from that link with this address; it joins ${orgName} straight away.`,
    },
    now,
  );
}
