import 'server-only';
import { eq } from 'drizzle-orm';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { ForbiddenError, UnauthenticatedError } from '@/lib/errors';
import { env } from '@/lib/env';
import { signOut } from './auth';
import { resolveAuthSecret } from './secret';
import { readSessionToken, sessionCookieName } from './session-token';
import { endSession, endUserSessions, sessionIsActive } from './sessions';

export type SessionUser = { id: string; email: string; name: string | null; emailVerified: Date | null };

/** Accepting an invitation and connecting TikTok need a confirmed address. */
export function requireVerified(user: SessionUser, toDo: string): void {
  if (!user.emailVerified) throw new ForbiddenError(`Confirm ${user.email} before you ${toDo}: open the link we e-mailed you, or send a new one from your profile page`);
}

/**
 * The session cookie's user and session row id (not yet checked against the database), or null. A
 * cookie from before session rows existed carries no sid: it is signed out.
 */
export async function sessionCookie(): Promise<{ userId: string; sid: string } | null> {
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  const name = sessionCookieName({ authUrl: process.env.AUTH_URL, forwardedProto: requestHeaders.get('x-forwarded-proto') });
  return readSessionToken({ cookies: jar.getAll(), name, secret: resolveAuthSecret(env) });
}

/**
 * The user id of a live session, or null when signed out: the JWT's session row must still exist
 * (sign-out, "sign out everywhere", a password change or deleting the user remove it). Once per request.
 */
export const sessionUserId = cache(async (): Promise<string | null> => {
  const cookie = await sessionCookie();
  if (!cookie) return null;
  return (await sessionIsActive(await getDb(), cookie)) ? cookie.userId : null;
});

/** The signed-in user, read from the database (a deleted user is signed out), or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const id = await sessionUserId();
  if (!id) return null;
  const db = await getDb();
  const [user] = await db.select({ id: users.id, email: users.email, name: users.name, emailVerified: users.emailVerified }).from(users).where(eq(users.id, id));
  return user ?? null;
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new UnauthenticatedError();
  return user;
}

/** Ends this browser's session row, then clears its cookie. */
export async function endCurrentSession(): Promise<void> {
  const cookie = await sessionCookie();
  if (cookie) await endSession(await getDb(), cookie);
  await signOut({ redirect: false });
}

/** "Sign out everywhere": ends every session of the signed-in user, this one included. */
export async function endAllSessions(): Promise<number> {
  const user = await requireUser();
  const ended = await endUserSessions(await getDb(), { userId: user.id });
  await signOut({ redirect: false });
  return ended;
}
