import { desc, eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { accountMail } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { env, isDemoMode, type Env } from '@/lib/env';
import { sendSmtp } from './smtp';

/** How account e-mail (verification, password reset, invitations) leaves: SMTP, or the account-mail outbox. */
export type AccountMailer = { smtpUrl: string | undefined; from: string };

export type AccountMessage = { to: string; subject: string; text: string };

/** Where account e-mail goes and the base its links start with (see linkBase). */
export type MailContext = { mailer: AccountMailer; base: string; now?: Date };

/** The mail context of a request whose app origin (lib/http's appOrigin: APP_URL, else where the request went) is `origin`. */
export function mailContextFor(origin: string, e: Env = env): MailContext {
  return { mailer: { smtpUrl: e.SMTP_URL, from: e.ALERTS_FROM }, base: linkBase(origin, e) };
}

/**
 * Sends an account e-mail. With SMTP it goes out in the background (the answer to the request
 * must not take longer when an address exists); without, it is kept in the account-mail outbox.
 */
export async function sendAccountMail(db: Queryable, mailer: AccountMailer, message: AccountMessage, now = new Date()): Promise<void> {
  if (!mailer.smtpUrl) {
    await db.insert(accountMail).values({ ...message, createdAt: now });
    return;
  }
  void sendSmtp(mailer.smtpUrl, { from: mailer.from, ...message }).catch((error: unknown) =>
    console.error(`[sparkcheck] account e-mail "${message.subject}" to ${message.to} was not sent:`, error instanceof Error ? error.message : error),
  );
}

/** The outbox is readable by anyone who reaches the app, so only in demo mode or development. */
export function outboxReadable(e: Pick<Env, 'NODE_ENV' | 'DEMO' | 'DATABASE_URL'>): boolean {
  return isDemoMode(e as Env) || e.NODE_ENV === 'development';
}

export type OutboxMessage = { id: number; to: string; subject: string; text: string; createdAt: Date };

export async function listAccountMail(db: Queryable, { to, limit = 50 }: { to?: string; limit?: number } = {}): Promise<OutboxMessage[]> {
  return db
    .select()
    .from(accountMail)
    .where(to ? eq(accountMail.to, to.trim().toLowerCase()) : undefined)
    .orderBy(desc(accountMail.createdAt), desc(accountMail.id))
    .limit(limit);
}

/**
 * The base of links in account e-mail. Never taken from a production request's Host header (a
 * forged Host would send a reset link to another site): production needs APP_URL.
 */
export function linkBase(appOrigin: string, e: Pick<Env, 'APP_URL' | 'NODE_ENV' | 'DEMO' | 'DATABASE_URL'> = env): string {
  if (!e.APP_URL && e.NODE_ENV === 'production' && !isDemoMode(e as Env)) {
    throw new AppError(503, 'E-mailed links need APP_URL (the address people open Sparkcheck at); ask the administrator to set it');
  }
  return appOrigin;
}
