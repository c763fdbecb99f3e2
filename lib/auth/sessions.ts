import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, ne } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { sessions } from '@/db/schema';

/** As long as the JWT cookie lives. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Records a new signed-in browser; the returned id travels in the JWT as `sid`. */
export async function createSession(db: Queryable, { userId, ip, userAgent, now = new Date() }: { userId: string; ip: string; userAgent: string | null; now?: Date }): Promise<string> {
  const sid = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({
    sessionToken: sid,
    userId,
    ip,
    userAgent: userAgent?.slice(0, 300) ?? null,
    createdAt: now,
    expires: new Date(now.getTime() + SESSION_TTL_MS),
  });
  return sid;
}

/** True while the session row exists, belongs to the user and has not expired: checked on every request. */
export async function sessionIsActive(db: Queryable, { sid, userId, now = new Date() }: { sid: string; userId: string; now?: Date }): Promise<boolean> {
  const [row] = await db
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.sessionToken, sid), eq(sessions.userId, userId), gt(sessions.expires, now)));
  return Boolean(row);
}

/** Ends one session of the user (its cookie stops working on the next request). */
export async function endSession(db: Queryable, { sid, userId }: { sid: string; userId: string }): Promise<boolean> {
  const ended = await db
    .delete(sessions)
    .where(and(eq(sessions.sessionToken, sid), eq(sessions.userId, userId)))
    .returning({ sid: sessions.sessionToken });
  return ended.length > 0;
}

/** Ends every session of the user, or every one but `except` (the browser that asked). */
export async function endUserSessions(db: Queryable, { userId, except }: { userId: string; except?: string }): Promise<number> {
  const ended = await db
    .delete(sessions)
    .where(except ? and(eq(sessions.userId, userId), ne(sessions.sessionToken, except)) : eq(sessions.userId, userId))
    .returning({ sid: sessions.sessionToken });
  return ended.length;
}

export type SessionView = { sid: string; createdAt: Date; ip: string | null; userAgent: string | null; expires: Date };

export async function listSessions(db: Queryable, { userId, now = new Date() }: { userId: string; now?: Date }): Promise<SessionView[]> {
  return db
    .select({ sid: sessions.sessionToken, createdAt: sessions.createdAt, ip: sessions.ip, userAgent: sessions.userAgent, expires: sessions.expires })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expires, now)))
    .orderBy(desc(sessions.createdAt));
}
