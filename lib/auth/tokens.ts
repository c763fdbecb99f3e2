import { createHash, randomBytes } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { verificationTokens } from '@/db/schema';

/** What a one-time link proves: an address (sign-up or a changed e-mail), or the right to set a new password. */
export type TokenPurpose = 'verify' | 'reset';

export const VERIFY_TTL_MS = 24 * 60 * 60 * 1000;
export const RESET_TTL_MS = 30 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Issues a one-time link token in Auth.js's verification_tokens table, stored as its SHA-256 only.
 * Issuing replaces the user's earlier tokens of the same purpose: only the newest link works.
 * The identifier is `purpose:userId:email`.
 */
export async function issueToken(db: Queryable, { purpose, userId, email, now = new Date() }: { purpose: TokenPurpose; userId: string; email: string; now?: Date }): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const ttl = purpose === 'reset' ? RESET_TTL_MS : VERIFY_TTL_MS;
  await db.delete(verificationTokens).where(like(verificationTokens.identifier, `${purpose}:${userId}:%`));
  await db.insert(verificationTokens).values({ identifier: `${purpose}:${userId}:${email}`, token: hashToken(token), expires: new Date(now.getTime() + ttl) });
  return token;
}

/** Uses up a token (one statement: a second use finds nothing); null when unknown, used or expired. */
export async function consumeToken(db: Queryable, { purpose, token, now = new Date() }: { purpose: TokenPurpose; token: string; now?: Date }): Promise<{ userId: string; email: string } | null> {
  const [row] = await db
    .delete(verificationTokens)
    .where(and(eq(verificationTokens.token, hashToken(token)), like(verificationTokens.identifier, `${purpose}:%`)))
    .returning();
  if (!row || row.expires <= now) return null;
  const [, userId, ...email] = row.identifier.split(':');
  return userId ? { userId, email: email.join(':') } : null;
}

/** Drops every outstanding token of the user (a password reset ends the other reset links too). */
export async function dropTokens(db: Queryable, { purpose, userId }: { purpose: TokenPurpose; userId: string }): Promise<void> {
  await db.delete(verificationTokens).where(like(verificationTokens.identifier, `${purpose}:${userId}:%`));
}
