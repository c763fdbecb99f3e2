import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { syncRuns, tiktokConnections } from '@/db/schema';
import { connectionAccessToken } from '@/lib/connections/connections';
import { getKeyring, getTikTokApp, tiktokClient } from '@/lib/connections/tiktok-app';
import { registerAfterSync } from '@/lib/sync';
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
async function connectionClient(db: Database, ids: { orgId: string; connectionId: string }, calls: CallCounter): Promise<TikTokClient | null> {
  try {
    return tiktokClient(getTikTokApp(db), { orgId: ids.orgId, accessToken: await connectionAccessToken(db, getKeyring(), ids), calls });
  } catch (error) {
    console.error(`[sparkcheck] previews skipped for connection ${ids.connectionId}:`, error instanceof Error ? error.message : error);
    return null;
  }
}

let unregister: (() => void) | null = null;

/** Recompute health after every sync this process runs. Safe to call more than once; returns how to stop (tests). */
export function registerHealthAfterSync(): () => void {
  unregister ??= registerAfterSync(async (db, { orgId, runId, calls, now }) => {
    const [run] = await db.select({ connectionId: syncRuns.connectionId }).from(syncRuns).where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId)));
    if (!run) return;
    const ids = { orgId, connectionId: run.connectionId };
    await refreshConnectionHealth(db, { ...ids, client: await connectionClient(db, ids, calls), checkedAt: now });
  });
  return () => {
    unregister?.();
    unregister = null;
  };
}

/** The schedule's work: every organization with a TikTok connection, one after the other. */
export async function recomputeAllOrgs(db: Database, now = new Date()): Promise<number> {
  const orgs = await db.selectDistinct({ orgId: tiktokConnections.orgId }).from(tiktokConnections).orderBy(sql`1`);
  for (const { orgId } of orgs) await recomputeOrgHealth(db, { orgId, now });
  return orgs.length;
}
