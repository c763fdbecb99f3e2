import { and, eq, min, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { organizations, tiktokConnections, type SyncTrigger } from '@/db/schema';

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

export type PermissionsState = {
  /** The oldest permission read over the active connections (null: some connection never read them). */
  readAt: Date | null;
  /** A refresh asked for and not yet read. */
  pending: boolean;
  refreshHours: number;
};

/** How fresh the organization's team permissions are, as the Team pages say it. */
export async function getPermissionsState(db: Queryable, { orgId }: { orgId: string }): Promise<PermissionsState> {
  const [row] = await db
    .select({
      refreshHours: organizations.permissionRefreshHours,
      oldest: min(tiktokConnections.permissionsSyncedAt),
      unread: sql<number>`count(*) filter (where ${tiktokConnections.permissionsSyncedAt} is null)::int`,
      pending: sql<boolean>`coalesce(bool_or(${tiktokConnections.permissionsRequestedAt} > coalesce(${tiktokConnections.permissionsSyncedAt}, '-infinity'::timestamptz)), false)`,
    })
    .from(organizations)
    .leftJoin(tiktokConnections, and(eq(tiktokConnections.orgId, organizations.id), eq(tiktokConnections.status, 'active')))
    .where(eq(organizations.id, orgId))
    .groupBy(organizations.id);
  if (!row) return { readAt: null, pending: false, refreshHours: 24 };
  return { readAt: Number(row.unread) > 0 ? null : row.oldest, pending: row.pending, refreshHours: row.refreshHours };
}
