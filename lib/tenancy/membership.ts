import 'server-only';
import { forbidden, notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDatabaseHandle, type Database } from '@/db/client';
import { sessionUserId, type SessionUser } from '@/lib/auth/session';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { loadUserOrganizations, type OrganizationSummary } from './organizations';
import { hasRole, type Role } from './roles';

export type OrgContext = {
  db: Database;
  user: SessionUser;
  /** timeZone: every date this organization's pages show is written in it (lib/dates.ts). */
  org: { id: string; name: string; slug: string; kind: 'brand' | 'agency'; timeZone: string };
  role: Role;
  /** Every organization the user belongs to (the organization switcher). */
  organizations: OrganizationSummary[];
  /** Set when the request came with an API key (`Authorization: Bearer`, lib/api-keys) instead of a session. */
  apiKey?: { id: string; name: string; prefix: string };
};

/** The session's user and memberships, read once per request: the layout and the page share it. */
const loadSession = cache(async () => {
  const userId = await sessionUserId();
  if (!userId) return null;
  // Cross-organization by nature (the switcher lists every membership): read as the login role.
  const handle = await getDatabaseHandle();
  const found = await loadUserOrganizations(handle.db, userId);
  return found && { handle, ...found };
});

/**
 * The one membership check: session → membership read from Postgres (so a removed member loses
 * access on their next request) → role. An organization you are not in is indistinguishable from
 * one that does not exist.
 */
export async function requireMembership(orgSlug: string, minRole: Role = 'viewer'): Promise<OrgContext> {
  const session = await loadSession();
  if (!session) throw new UnauthenticatedError();
  const membership = session.organizations.find((o) => o.slug === orgSlug);
  if (!membership) throw new NotFoundError();
  if (!hasRole(membership.role, minRole)) throw new ForbiddenError();
  const { role, ...org } = membership;
  // Everything this request does for the organization runs under row-level security (db/client.ts).
  return { db: session.handle.forOrganization(org.id), user: session.user, org, role, organizations: session.organizations };
}

/** requireMembership for pages and layouts: signed out → sign-in, foreign → the 404 page, role too low → the 403 page. */
export async function requireOrgPage(orgSlug: string, minRole: Role = 'viewer'): Promise<OrgContext> {
  try {
    return await requireMembership(orgSlug, minRole);
  } catch (error) {
    if (error instanceof UnauthenticatedError) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/o/${orgSlug}`)}`);
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ForbiddenError) forbidden();
    throw error;
  }
}
