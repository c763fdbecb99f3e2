import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { getDb, type Database } from '@/db/client';
import { requireUser, type SessionUser } from '@/lib/auth/session';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { findMembership } from './organizations';
import { hasRole, type Role } from './roles';

export type OrgContext = {
  db: Database;
  user: SessionUser;
  org: { id: string; name: string; slug: string; kind: 'brand' | 'agency' };
  role: Role;
};

/**
 * The one membership check: session → membership read from Postgres (so a removed member loses
 * access on their next request) → role. An organization you are not in is indistinguishable from
 * one that does not exist.
 */
export async function requireMembership(orgSlug: string, minRole: Role = 'viewer'): Promise<OrgContext> {
  const user = await requireUser();
  const db = await getDb();
  const membership = await findMembership(db, { userId: user.id, orgSlug });
  if (!membership) throw new NotFoundError();
  if (!hasRole(membership.role, minRole)) throw new ForbiddenError();
  const { role, ...org } = membership;
  return { db, user, org, role };
}

/** requireMembership for pages and layouts: signed out → sign-in, foreign → the 404 page. */
export async function requireOrgPage(orgSlug: string, minRole: Role = 'viewer'): Promise<OrgContext> {
  try {
    return await requireMembership(orgSlug, minRole);
  } catch (error) {
    if (error instanceof UnauthenticatedError) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/o/${orgSlug}`)}`);
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}
