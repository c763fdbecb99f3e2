import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { memberships, organizations, tiktokConnections } from '@/db/schema';
import { discoverAccess, saveConnection } from '@/lib/connections/connections';
import { getKeyring, tiktokClient, type TikTokApp } from '@/lib/connections/tiktok-app';
import type { JobQueue } from '@/lib/jobs/queue';
import { requestOrgSync } from '@/lib/jobs/sync-requests';
import { SANDBOX_ACCESS_TOKEN } from '@/lib/tiktok-sandbox';
import { DEMO_ORG_SLUG } from './credentials';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Demo start: connect the demo organization to the sandbox this server mounts, once, and sync it, so
 * a newcomer sees real-looking data everywhere. Runs after the server listens (the sandbox is served
 * by the same process), waiting up to a minute for it to answer. Finding the demo organization by
 * its slug reads across organizations; the rest runs as that organization (`forOrganization`).
 */
export async function connectDemoOrganization(
  databases: Pick<DatabaseHandle, 'db' | 'forOrganization'>,
  app: TikTokApp,
  queue: JobQueue,
): Promise<'connected' | 'already connected' | 'no demo organization'> {
  const [org] = await databases.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_ORG_SLUG));
  if (!org) return 'no demo organization';
  const db = databases.forOrganization(org.id);
  const [existing] = await db.select({ id: tiktokConnections.id }).from(tiktokConnections).where(eq(tiktokConnections.orgId, org.id)).limit(1);
  if (existing) return 'already connected';
  const [owner] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, org.id), eq(memberships.role, 'owner')))
    .limit(1);
  if (!owner) return 'no demo organization';

  for (let attempt = 0; ; attempt++) {
    const ready = await fetch(`${app.target.baseUrl}bc/get/`, { headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN } }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (attempt >= 120) throw new Error(`the demo sandbox did not answer at ${app.target.baseUrl}`);
    await sleep(500);
  }
  const client = tiktokClient(app, { orgId: org.id, accessToken: SANDBOX_ACCESS_TOKEN });
  await saveConnection(db, getKeyring(), {
    orgId: org.id,
    actorId: owner.userId,
    method: 'access_token',
    accessToken: SANDBOX_ACCESS_TOKEN,
    label: 'Northwind BCs (sandbox)',
    discovered: await discoverAccess(client, app.target),
  });
  await requestOrgSync(db, queue, { orgId: org.id, trigger: 'demo' });
  return 'connected';
}
