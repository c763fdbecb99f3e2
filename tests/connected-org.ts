import { randomUUID } from 'node:crypto';
import type { Database } from '@/db/client';
import { discoverAccess, saveConnection } from '@/lib/connections/connections';
import { tiktokClient, type TikTokApp } from '@/lib/connections/tiktok-app';
import type { Keyring } from '@/lib/crypto/keyring';
import { registerUser } from '@/lib/tenancy/sign-up';
import { SANDBOX_ACCESS_TOKEN } from '@/lib/tiktok-sandbox';

/**
 * A new owner and organization with a TikTok connection saved as the connections page saves it:
 * everything `accessToken` reaches on the sandbox behind `app`, the token sealed with `keyring`.
 */
export async function connectedOrg(db: Database, { app, keyring, accessToken = SANDBOX_ACCESS_TOKEN }: { app: TikTokApp; keyring: Keyring; accessToken?: string }) {
  const tag = randomUUID().slice(0, 8);
  const { user, organization } = await registerUser(db, { name: `Owner ${tag}`, email: `owner-${tag}@jobs.example`, password: 'jobs password 1', orgName: `Org ${tag}`, orgKind: 'brand' });
  const orgId = organization!.id;
  const discovered = await discoverAccess(tiktokClient(app, { orgId, accessToken }), app.target);
  const connection = await saveConnection(db, keyring, { orgId, actorId: user.id, method: 'access_token', accessToken, discovered });
  return { orgId, userId: user.id, connectionId: connection.id };
}
