import 'server-only';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import { hashPassword, verifyPassword } from './password';
import { ACCOUNT_POLICY, claimAttempt, forgiveAttempt, IP_POLICY, resetAttempts } from './throttle';

export type CredentialCheck =
  { ok: true; user: { id: string; email: string; name: string | null } } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

let dummyHash: Promise<string> | undefined;
/** Verified against when the address has no password, so an unknown address costs the same time as a wrong password. */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not a real password, only spends the time of a real check');
  return dummyHash;
}

/**
 * Checks an email + password. Before any password is checked the attempt is claimed per client IP
 * and per account (lib/auth/throttle.ts); an unknown address and a wrong password give the same
 * answer after the same work.
 */
export async function checkCredentials(db: Database, { email, password, ip, now = new Date() }: { email: string; password: string; ip: string; now?: Date }): Promise<CredentialCheck> {
  const normalized = email.trim().toLowerCase();
  const ipKey = `ip:${ip}`;
  const accountKey = `account:${normalized}`;
  const byIp = await claimAttempt(db, ipKey, IP_POLICY, now);
  if (!byIp.ok) return { ok: false, reason: 'rate_limited', retryAfterSeconds: byIp.retryAfterSeconds };
  const byAccount = await claimAttempt(db, accountKey, ACCOUNT_POLICY, now);
  if (!byAccount.ok) {
    await forgiveAttempt(db, ipKey, IP_POLICY, now); // nothing was checked
    return { ok: false, reason: 'rate_limited', retryAfterSeconds: byAccount.retryAfterSeconds };
  }

  const [user] = await db.select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash }).from(users).where(eq(users.email, normalized));
  const matches = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user?.passwordHash || !matches) return { ok: false, reason: 'invalid' };
  await resetAttempts(db, accountKey);
  await forgiveAttempt(db, ipKey, IP_POLICY, now);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

export const SIGN_IN_MESSAGES = {
  invalid: 'Wrong email or password.',
  rate_limited: 'Too many failed sign-in attempts. Try again later.',
} as const satisfies Record<Exclude<CredentialCheck, { ok: true }>['reason'], string>;
