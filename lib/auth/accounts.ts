import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import { AppError, ConflictError, RateLimitedError, ValidationError } from '@/lib/errors';
import { sendAccountMail, type MailContext } from '@/lib/mail/account-mail';
import { hashPassword, passwordSchema, verifyPassword } from './password';
import { endUserSessions } from './sessions';
import { waitInWords } from './wait';
import { ACCOUNT_POLICY, claimAttempt, resetAttempts } from './throttle';
import { consumeToken, dropTokens, issueToken } from './tokens';

type Recipient = { id: string; email: string; name: string | null };

const greeting = (name: string | null) => `Hello${name ? ` ${name}` : ''},`;

/** E-mails a link that proves `email` belongs to the user (at sign-up, or a new address on the profile page). */
export async function sendVerificationMail(db: Database, user: Recipient, { mailer, base, now = new Date() }: MailContext): Promise<void> {
  const token = await issueToken(db, { purpose: 'verify', userId: user.id, email: user.email, now });
  await sendAccountMail(
    db,
    mailer,
    {
      to: user.email,
      subject: 'Confirm your e-mail address for Sparkcheck',
      text: `${greeting(user.name)}\n\nOpen this link within 24 hours to confirm that ${user.email} is your address:\n\n${base}/verify-email?token=${token}\n\nUntil then you can sign in, but not accept invitations or connect TikTok.\nIf you did not ask for this, ignore this e-mail.`,
    },
    now,
  );
}

/** Someone tried to create an account with an address that has one: its owner hears about it; the form answers as usual. */
export async function sendAccountExistsMail(db: Database, user: Recipient, { mailer, base, now = new Date() }: MailContext): Promise<void> {
  await sendAccountMail(
    db,
    mailer,
    {
      to: user.email,
      subject: 'Someone tried to create a Sparkcheck account with your address',
      text: `${greeting(user.name)}\n\nSomebody (perhaps you) tried to create a Sparkcheck account with ${user.email}, which already has one. Nothing was changed.\n\nSign in: ${base}/sign-in\nForgot your password? ${base}/forgot-password`,
    },
    now,
  );
}

/**
 * Uses a verification link: marks the address verified, or — for an address changed on the profile
 * page — makes it the account's address. One-time; an expired or used link says so.
 */
export async function verifyEmail(db: Database, { token, now = new Date() }: { token: string; now?: Date }): Promise<{ email: string }> {
  return db.transaction(async (tx) => {
    const found = await consumeToken(tx, { purpose: 'verify', token, now });
    if (!found) throw new AppError(410, 'This confirmation link has expired or was already used: sign in and ask for a new one from your profile');
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, found.email), ne(users.id, found.userId)));
    if (taken) throw new ConflictError(`${found.email} belongs to another account now; it cannot be moved to yours`);
    const [user] = await tx.update(users).set({ email: found.email, emailVerified: now }).where(eq(users.id, found.userId)).returning({ email: users.email });
    if (!user) throw new AppError(410, 'This confirmation link belongs to an account that no longer exists');
    return user;
  });
}

/**
 * "Forgot password?": e-mails a 30-minute one-time link when the address has an account. The caller
 * answers the same either way, so the form tells nobody whether an address is registered.
 */
export async function requestPasswordReset(db: Database, { email, ...ctx }: { email: string } & MailContext): Promise<void> {
  const now = ctx.now ?? new Date();
  const [user] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, email.trim().toLowerCase()));
  if (!user) return;
  const token = await issueToken(db, { purpose: 'reset', userId: user.id, email: user.email, now });
  await sendAccountMail(
    db,
    ctx.mailer,
    {
      to: user.email,
      subject: 'Reset your Sparkcheck password',
      text: `${greeting(user.name)}\n\nOpen this link within 30 minutes to choose a new password:\n\n${ctx.base}/reset-password?token=${token}\n\nThe link works once. Setting a new password signs you out everywhere.\nIf you did not ask for this, ignore this e-mail: your password stays as it is.`,
    },
    now,
  );
}

function parsePassword(raw: unknown, field = 'password'): string {
  const parsed = passwordSchema.safeParse(raw);
  if (!parsed.success) throw ValidationError.field(field, parsed.error.issues[0]?.message ?? 'Choose another password');
  return parsed.data;
}

/**
 * Sets a new password from a reset link. The link proves the address too (it is marked verified);
 * every session of the user ends and the sign-in slow-down on the account is lifted.
 */
export async function resetPassword(db: Database, { token, password, now = new Date() }: { token: string; password: unknown; now?: Date }): Promise<{ email: string }> {
  const next = parsePassword(password); // before using the link: a refused password does not burn it
  const passwordHash = await hashPassword(next);
  return db.transaction(async (tx) => {
    const found = await consumeToken(tx, { purpose: 'reset', token, now });
    if (!found) throw new AppError(410, 'This reset link has expired or was already used: ask for a new one');
    const [user] = await tx.update(users).set({ passwordHash }).where(eq(users.id, found.userId)).returning({ email: users.email, emailVerified: users.emailVerified });
    if (!user) throw new AppError(410, 'This reset link belongs to an account that no longer exists');
    if (!user.emailVerified && user.email === found.email) await tx.update(users).set({ emailVerified: now }).where(eq(users.id, found.userId));
    await dropTokens(tx, { purpose: 'reset', userId: found.userId });
    await endUserSessions(tx, { userId: found.userId });
    await resetAttempts(tx, `account:${user.email}`);
    return { email: user.email };
  });
}

/**
 * Changes the password of a signed-in user, who must give the current one (guesses count against
 * the account's sign-in slow-down). Every other session ends; `keepSid` (this browser) stays.
 */
export async function changePassword(
  db: Database,
  { userId, current, password, keepSid, now = new Date() }: { userId: string; current: string; password: unknown; keepSid: string; now?: Date },
): Promise<void> {
  const next = parsePassword(password);
  const [user] = await db.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError(410, 'Your account no longer exists');
  const key = `account:${user.email}`;
  const claim = await claimAttempt(db, key, ACCOUNT_POLICY, now);
  if (!claim.ok) throw new RateLimitedError(`Too many wrong passwords: try again in ${waitInWords(claim.retryAfterSeconds)}`, claim.retryAfterSeconds);
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, current))) throw ValidationError.field('current', 'Your current password is not right');
  if (current === next) throw ValidationError.field('password', 'The new password is the same as the current one');
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await endUserSessions(tx, { userId, except: keepSid });
    await dropTokens(tx, { purpose: 'reset', userId });
    await resetAttempts(tx, key);
  });
}

export const profileNameSchema = z.string().trim().min(1, 'Your name is required').max(100, 'Name must be at most 100 characters');

export async function renameUser(db: Database, { userId, name }: { userId: string; name: unknown }): Promise<void> {
  const parsed = profileNameSchema.safeParse(name);
  if (!parsed.success) throw ValidationError.field('name', parsed.error.issues[0]!.message);
  await db.update(users).set({ name: parsed.data }).where(eq(users.id, userId));
}

/**
 * Starts an e-mail change: the new address gets a confirmation link and becomes the account's only
 * when it is opened (verifyEmail). A taken address answers the same and its owner is told.
 */
export async function requestEmailChange(db: Database, { userId, email, ...ctx }: { userId: string; email: string } & MailContext): Promise<void> {
  const [user] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError(410, 'Your account no longer exists');
  if (email === user.email) throw ValidationError.field('email', 'That is already your address');
  const [owner] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, email));
  if (owner) return sendAccountExistsMail(db, owner, ctx);
  await sendVerificationMail(db, { ...user, email }, ctx);
}
