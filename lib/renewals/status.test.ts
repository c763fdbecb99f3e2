import { describe, expect, it } from 'vitest';
import { effectiveStatus, isOpen, linkExpiry, reminderDue } from './status';

const now = new Date('2026-12-06T12:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);

describe('renewal request status', () => {
  it('shows an open request whose link ran out as expired, and leaves final ones as they are', () => {
    expect(effectiveStatus({ status: 'opened', expiresAt: later(-1) }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'failed', expiresAt: now }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'applied', expiresAt: later(-1) }, now)).toBe('applied');
    expect(effectiveStatus({ status: 'revoked', expiresAt: later(-1) }, now)).toBe('revoked');
    expect(isOpen({ status: 'failed', expiresAt: later(1) }, now)).toBe(true);
    expect(isOpen({ status: 'applied', expiresAt: later(1) }, now)).toBe(false);
  });

  it('expires a link after 14 days', () => {
    expect(linkExpiry(now)).toEqual(later(14));
  });

  it('reminds once, a week after an e-mailed link nobody acted on', () => {
    const base = { status: 'sent' as const, expiresAt: later(7), creatorEmail: 'c@example.com', createdAt: later(-7), reminderSentAt: null };
    expect(reminderDue(base, now)).toBe(true);
    expect(reminderDue({ ...base, createdAt: later(-6) }, now)).toBe(false);
    expect(reminderDue({ ...base, reminderSentAt: later(-1) }, now)).toBe(false);
    expect(reminderDue({ ...base, creatorEmail: null }, now)).toBe(false);
    expect(reminderDue({ ...base, status: 'code_received' }, now)).toBe(false);
    expect(reminderDue({ ...base, expiresAt: now }, now)).toBe(false);
  });
});
