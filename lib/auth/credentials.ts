import 'server-only';
import { and, eq, gt } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { loginAttempts, users } from '@/db/schema';
import { verifyPassword } from './password';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILED_LOGINS = 5;

export type CredentialCheck =
  | { ok: true; user: { id: string; email: string; name: string | null } }
  | { ok: false; reason: 'unknown_email' | 'wrong_password' | 'no_password' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * Checks an email + password, throttling failed attempts per (email, IP): after MAX_FAILED_LOGINS
 * failures within LOGIN_WINDOW_MS further attempts are refused without checking the password.
 */
export async function checkCredentials(
  db: Database,
  { email, password, ip, now = new Date() }: { email: string; password: string; ip: string; now?: Date },
): Promise<CredentialCheck> {
  const normalized = email.trim().toLowerCase();
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const failures = await db
    .select({ at: loginAttempts.createdAt })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, normalized), eq(loginAttempts.ip, ip), eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since)))
    .orderBy(loginAttempts.createdAt);
  if (failures.length >= MAX_FAILED_LOGINS) {
    const oldest = failures[failures.length - MAX_FAILED_LOGINS]!.at;
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + LOGIN_WINDOW_MS - now.getTime()) / 1000));
    return { ok: false, reason: 'rate_limited', retryAfterSeconds };
  }

  const [user] = await db.select().from(users).where(eq(users.email, normalized));
  let result: CredentialCheck;
  if (!user) result = { ok: false, reason: 'unknown_email' };
  else if (!user.passwordHash) result = { ok: false, reason: 'no_password' };
  else if (!(await verifyPassword(user.passwordHash, password))) result = { ok: false, reason: 'wrong_password' };
  else result = { ok: true, user: { id: user.id, email: user.email, name: user.name } };

  await db.insert(loginAttempts).values({ email: normalized, ip, succeeded: result.ok, createdAt: now });
  return result;
}

export const SIGN_IN_MESSAGES: Record<Exclude<CredentialCheck, { ok: true }>['reason'], string> = {
  unknown_email: 'No account uses that email address. Check it, or create an account.',
  wrong_password: 'Wrong password for that email address.',
  no_password: 'This account signs in with another method; no password is set.',
  rate_limited: 'Too many failed sign-in attempts for this email. Try again later.',
};
