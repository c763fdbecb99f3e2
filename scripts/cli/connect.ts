import type { DatabaseHandle } from '@/db/client';
import { accessTokenInputSchema, discoverAccess, saveConnection, type ConnectionView, type Discovered } from '@/lib/connections/connections';
import { getKeyring, tiktokClient } from '@/lib/connections/tiktok-app';
import { getTikTokApp } from '@/lib/wiring/tiktok';
import { ValidationError } from '@/lib/errors';
import { findFirstOwner, findOrganizationBySlug, type OrganizationRef } from '@/lib/tenancy/operator';

/**
 * `connect`: what the "Connect with an access token" route does, as the organization's first owner:
 * TikTok validates the token and says what it reaches, then the connection is stored sealed (and audited).
 */
export async function connectWithAccessToken(
  databases: Pick<DatabaseHandle, 'db' | 'forOrganization'>,
  input: { orgSlug: string; accessToken: string; label?: string },
): Promise<{ org: OrganizationRef; connection: ConnectionView; discovered: Discovered }> {
  const parsed = accessTokenInputSchema.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'access token');
  const { accessToken, label } = parsed.data;
  const org = await findOrganizationBySlug(databases.db, input.orgSlug);
  const db = databases.forOrganization(org.id);
  const actorId = await findFirstOwner(db, org);
  const app = getTikTokApp(databases.db);
  const discovered = await discoverAccess(tiktokClient(app, { orgId: org.id, accessToken }), app.target);
  const connection = await saveConnection(db, getKeyring(), { orgId: org.id, actorId, method: 'access_token', accessToken, label, discovered });
  return { org, connection, discovered };
}
