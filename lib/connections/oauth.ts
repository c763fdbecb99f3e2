import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { memberships, organizations } from '@/db/schema';
import type { Keyring } from '@/lib/crypto/keyring';
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { hasRole } from '@/lib/tenancy/roles';
import { tiktokClient, type TikTokApp } from './tiktok-app';
import { discoverAccess, saveConnection, type ConnectionView } from './connections';
import { createOAuthState, verifyOAuthState } from './oauth-state';

/** The TikTok for Business consent URL (the sandbox's in demo mode) that comes back to `redirectUri`. */
export function authorizationUrl(
  app: TikTokApp,
  {
    secret,
    orgId,
    userId,
    connectionId,
    redirectUri,
    origin,
  }: {
    secret: string;
    orgId: string;
    userId: string;
    connectionId?: string;
    redirectUri: string;
    origin: string;
  },
): string {
  if (!app.target.appId) throw new ValidationError('TIKTOK_APP_ID must be set to connect TikTok with OAuth');
  const url = new URL(app.target.portalAuthUrl, origin);
  url.searchParams.set('app_id', app.target.appId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', createOAuthState(secret, { orgId, userId, connectionId }));
  return url.toString();
}

/**
 * The OAuth callback: the state must be ours, unexpired, for this user, who must still be an admin of
 * the organization; then the one-hour, single-use auth_code becomes a long-lived token, stored sealed.
 */
export async function completeAuthorization(
  db: Database,
  app: TikTokApp,
  keyring: Keyring,
  { secret, state, authCode, userId }: { secret: string; state: string; authCode: string; userId: string },
): Promise<{ orgSlug: string; connection: ConnectionView }> {
  const payload = verifyOAuthState(secret, state);
  if (payload.userId !== userId) throw new ForbiddenError('This TikTok authorization was started by another user');
  const [membership] = await db
    .select({ role: memberships.role, slug: organizations.slug })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.orgId, payload.orgId), eq(memberships.userId, userId)));
  if (!membership) throw new NotFoundError();
  if (!hasRole(membership.role, 'admin')) throw new ForbiddenError('Only admins and owners can connect TikTok');
  if (!app.target.appId || !app.target.appSecret) throw new ValidationError('TIKTOK_APP_ID and TIKTOK_APP_SECRET must be set to connect TikTok');

  const exchanged = await tiktokClient(app, { orgId: payload.orgId }).exchangeAuthCode({
    app_id: app.target.appId,
    secret: app.target.appSecret,
    auth_code: authCode,
  });
  const client = tiktokClient(app, { orgId: payload.orgId, accessToken: exchanged.access_token });
  const connection = await saveConnection(db, keyring, {
    orgId: payload.orgId,
    actorId: userId,
    method: 'oauth',
    accessToken: exchanged.access_token,
    scopes: exchanged.scope ?? [],
    discovered: await discoverAccess(client, app.target),
    connectionId: payload.connectionId,
  });
  return { orgSlug: membership.slug, connection };
}
