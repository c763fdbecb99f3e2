import { and, eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { tiktokConnections } from '@/db/schema';
import type { SyncTrigger } from './run-sync';

// What a sync reads. Every run reads what breaks ads often (ads, ad groups, campaigns, identities,
// Spark posts, the posts ads use, BC ad accounts and TikTok-account links). BC members, their
// per-asset permissions and the assets' partners change rarely and cost most of the calls (a call
// per member), so a scheduled run reads them only when they are older than the organization's
// `permission_refresh_hours`, or when someone asked for them since the last read.

export type PermissionFreshness = {
  trigger: SyncTrigger;
  /** When a run last read permissions for this connection; null if never. */
  permissionsSyncedAt: Date | null;
  /** When fresh permissions were last asked for (Refresh permissions, a code batch, an invitation). */
  permissionsRequestedAt: Date | null;
  permissionRefreshHours: number;
  now: Date;
};

/**
 * Whether this run reads BC members and permissions (the slow tier). "Sync now" in the app (and the
 * demo's first sync) always does; scheduled runs and CLI syncs (often run by cron) only when due or
 * asked for (`requestPermissionRefresh`, `sync --refresh-permissions`).
 */
export function readsPermissions({ trigger, permissionsSyncedAt, permissionsRequestedAt, permissionRefreshHours, now }: PermissionFreshness): boolean {
  if (trigger === 'manual' || trigger === 'demo' || permissionsSyncedAt === null) return true;
  if (permissionsRequestedAt !== null && permissionsRequestedAt > permissionsSyncedAt) return true;
  return now.getTime() - permissionsSyncedAt.getTime() >= permissionRefreshHours * 60 * 60 * 1000;
}

/** Asks for fresh members and permissions: the next sync of the organization's connections (or of one) reads them. */
export async function requestPermissionRefresh(db: Queryable, { orgId, connectionId, now = new Date() }: { orgId: string; connectionId?: string; now?: Date }): Promise<void> {
  await db
    .update(tiktokConnections)
    .set({ permissionsRequestedAt: now })
    .where(and(eq(tiktokConnections.orgId, orgId), connectionId === undefined ? undefined : eq(tiktokConnections.id, connectionId)));
}
