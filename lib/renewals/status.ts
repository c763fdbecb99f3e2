import type { RenewalStatus } from '@/db/schema/renewals';

// Pure: where a renewal request stands and what that means to a media buyer and to the creator.

/** How long a renewal link works. */
export const RENEWAL_LINK_DAYS = 14;
/** The one reminder e-mail goes out this long after the first, if the creator has not sent a code. */
export const RENEWAL_REMINDER_AFTER_DAYS = 7;

const DAY_MS = 86_400_000;

export type RenewalState = { status: RenewalStatus; expiresAt: Date };

/** Statuses in which the creator can still send a code. */
const OPEN: readonly RenewalStatus[] = ['sent', 'opened', 'code_received', 'failed'];

/** The stored status, with an open request whose link has run out shown as expired. */
export function effectiveStatus({ status, expiresAt }: RenewalState, now: Date): RenewalStatus {
  return OPEN.includes(status) && expiresAt.getTime() <= now.getTime() ? 'expired' : status;
}

/** The creator may still send a code through the link. */
export function isOpen(state: RenewalState, now: Date): boolean {
  return OPEN.includes(effectiveStatus(state, now));
}

export function linkExpiry(now: Date): Date {
  return new Date(now.getTime() + RENEWAL_LINK_DAYS * DAY_MS);
}

/** The one reminder is due: an e-mailed link, still open, nothing sent by the creator, a week old, not reminded yet. */
export function reminderDue(r: RenewalState & { creatorEmail: string | null; createdAt: Date; reminderSentAt: Date | null }, now: Date): boolean {
  const status = effectiveStatus(r, now);
  return r.creatorEmail !== null && r.reminderSentAt === null && (status === 'sent' || status === 'opened') && now.getTime() - r.createdAt.getTime() >= RENEWAL_REMINDER_AFTER_DAYS * DAY_MS;
}

/** The status in words, as the team sees it. */
export const RENEWAL_STATUS_LABELS: Record<RenewalStatus, string> = {
  sent: 'Link sent',
  opened: 'Opened by the creator',
  code_received: 'Code received',
  applied: 'Renewed',
  failed: 'Code not applied',
  expired: 'Link expired',
  revoked: 'Link revoked',
};

export function renewalStatusLabel(status: RenewalStatus): string {
  return RENEWAL_STATUS_LABELS[status];
}
