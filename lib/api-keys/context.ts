import 'server-only';
import { getDatabaseHandle } from '@/db/client';
import type { OrgContext } from '@/lib/tenancy/membership';
import type { Role } from '@/lib/tenancy/roles';
import { authenticateApiKey } from './api-keys';

/**
 * requireMembership for a request that carries an API key: the same 404 for another organization
 * and 403 for a role too low, and the request's work runs under row-level security as the key's
 * organization, exactly like a member's.
 */
export async function requireApiKeyMembership(key: string, orgSlug: string | undefined, minRole: Role = 'viewer'): Promise<OrgContext> {
  const handle = await getDatabaseHandle();
  const { apiKey, org, role, user } = await authenticateApiKey(handle.db, key, { orgSlug, minRole });
  return { db: handle.forOrganization(org.id), user, org, role, organizations: [{ ...org, role }], apiKey: { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix } };
}
