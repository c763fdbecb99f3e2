import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '@/db/client';
import { tiktokConnections } from '@/db/schema';
import { connectionAccessToken } from '@/lib/connections/connections';
import { tiktokClient, type TikTokApp } from '@/lib/connections/tiktok-app';
import type { Keyring } from '@/lib/crypto/keyring';
import type { AfterSync } from '@/lib/sync';
import type { CallCounter, TikTokClient } from '@/lib/tiktok';
import { checkAdPreviews, type PreviewCheckResult } from './previews';
import { recomputeOrgHealth, type RecomputeResult } from './recompute';

// When stored health is brought up to date: after every sync that stored data (that connection's
// ads, with preview checks) and on a schedule (every organization, since expiry is a matter of time).

export type HealthRefresh = { health: RecomputeResult; previews: PreviewCheckResult | null };

/**
 * After a connection's sync: evaluate its ads, ask TikTok for the previews that are due, and
 * evaluate again only if a preview's availability changed. Without a client previews are skipped.
 * `now` is the health clock (expiry); `checkedAt` the sync run's clock, for preview answers and their hourly budget.
 */
export async function refreshConnectionHealth(
  db: Database,
  { orgId, connectionId, client, now, checkedAt }: { orgId: string; connectionId: string; client: TikTokClient | null; now?: Date; checkedAt?: Date },
): Promise<HealthRefresh> {
  const health = await recomputeOrgHealth(db, { orgId, connectionId, now });
  if (client === null) return { health, previews: null };
  const previews = await checkAdPreviews(db, client, { orgId, connectionId, checkedAt });
  return { health: previews.changed > 0 ? await recomputeOrgHealth(db, { orgId, connectionId, now }) : health, previews };
}

/** The TikTok client of a connection counting on `calls`, or null when its token cannot be used (then previews wait for a later sync). */
async function connectionClient(db: Database, app: TikTokApp, keyring: Keyring, ids: { orgId: string; connectionId: string }, calls: CallCounter): Promise<TikTokClient | null> {
  try {
    return tiktokClient(app, { orgId: ids.orgId, accessToken: await connectionAccessToken(db, keyring, ids), calls });
  } catch (error) {
    console.error(`[sparkcheck] previews skipped for connection ${ids.connectionId}:`, error instanceof Error ? error.message : error);
    return null;
  }
}

/** The after-sync step an entry point passes to `runSync`: that connection's health, with preview checks through `app`, counted on the run. */
export function healthAfterSync(app: TikTokApp, keyring: Keyring): AfterSync {
  return async (db, { orgId, connectionId, calls, now }) => {
    const ids = { orgId, connectionId };
    await refreshConnectionHealth(db, { ...ids, client: await connectionClient(db, app, keyring, ids, calls), checkedAt: now });
  };
}

/**
 * The schedule's work: every organization with a TikTok connection, one after the other. Listing
 * the organizations is the one cross-organization read (`databases.db`); each recompute runs as
 * its organization (`forOrganization`: row-level security on Postgres).
 */
export async function recomputeAllOrgs(databases: Pick<DatabaseHandle, 'db' | 'forOrganization'>, now = new Date()): Promise<number> {
  const orgs = await databases.db
    .selectDistinct({ orgId: tiktokConnections.orgId })
    .from(tiktokConnections)
    .orderBy(sql`1`);
  for (const { orgId } of orgs) await recomputeOrgHealth(databases.forOrganization(orgId), { orgId, now });
  return orgs.length;
}
