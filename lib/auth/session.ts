import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { UnauthenticatedError } from '@/lib/errors';
import { auth } from './auth';

export type SessionUser = { id: string; email: string; name: string | null };

/** The user id of the session cookie (not yet checked against the database), or null when signed out. */
export async function sessionUserId(): Promise<string | null> {
  const session = await auth();
  return session?.user?.id ?? null;
}

/** The signed-in user, read from the database (a deleted user is signed out), or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const id = await sessionUserId();
  if (!id) return null;
  const db = await getDb();
  const [user] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, id));
  return user ?? null;
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new UnauthenticatedError();
  return user;
}
