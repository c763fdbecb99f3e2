import 'server-only';
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { getTableConfig, unionAll } from 'drizzle-orm/pg-core';
import type { Queryable } from '@/db/client';
import { syncRuns, tiktokConnections } from '@/db/schema';
import { SYNCED_TABLES } from './tables';

export type SyncRun = typeof syncRuns.$inferSelect;

type RunFilter = { orgId: string; connectionId?: string };

const runsOf = ({ orgId, connectionId }: RunFilter) => and(eq(syncRuns.orgId, orgId), connectionId === undefined ? undefined : eq(syncRuns.connectionId, connectionId));

export async function getSyncRun(db: Queryable, { orgId, runId }: { orgId: string; runId: string }): Promise<SyncRun | null> {
  const [run] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId)));
  return run ?? null;
}

export const SYNC_RUNS_PAGE_SIZE = 20;

/** Newest first, one page at a time (pages start at 1). */
export async function listSyncRuns(
  db: Queryable,
  { page = 1, pageSize = SYNC_RUNS_PAGE_SIZE, ...filter }: RunFilter & { page?: number; pageSize?: number },
): Promise<{ runs: SyncRun[]; total: number; page: number; pageSize: number }> {
  const safePage = Math.max(1, Math.floor(page));
  const safeSize = Math.min(100, Math.max(1, Math.floor(pageSize)));
  const [runs, [totals]] = await Promise.all([
    db
      .select()
      .from(syncRuns)
      .where(runsOf(filter))
      .orderBy(desc(syncRuns.createdAt), desc(syncRuns.id))
      .limit(safeSize)
      .offset((safePage - 1) * safeSize),
    db.select({ total: count() }).from(syncRuns).where(runsOf(filter)),
  ]);
  return { runs, total: totals?.total ?? 0, page: safePage, pageSize: safeSize };
}

/** What the sync bar shows: the newest run, whether the organization has an active connection to sync, and when this was read. */
export async function syncBarState(db: Queryable, { orgId }: { orgId: string }): Promise<{ lastRun: SyncRun | null; hasConnection: boolean; readAt: Date }> {
  const hasConnection = sql<boolean>`exists (select 1 from ${tiktokConnections} where ${tiktokConnections.orgId} = ${orgId} and ${tiktokConnections.status} = 'active')`;
  // One statement once the organization has synced; before its first run, a second asks for the connection alone.
  const [latest] = await db.select({ run: syncRuns, hasConnection }).from(syncRuns).where(eq(syncRuns.orgId, orgId)).orderBy(desc(syncRuns.createdAt), desc(syncRuns.id)).limit(1);
  const readAt = new Date();
  if (latest) return { lastRun: latest.run, hasConnection: latest.hasConnection, readAt };
  const [connected] = await db.select({ hasConnection }).from(tiktokConnections).where(eq(tiktokConnections.orgId, orgId)).limit(1);
  return { lastRun: null, hasConnection: connected?.hasConnection ?? false, readAt };
}

/** Current (not removed) rows of each synced table, by SQL table name, in one query. */
export async function countSyncedRows(db: Queryable, { orgId, connectionId }: RunFilter): Promise<Record<string, number>> {
  const countOf = (table: (typeof SYNCED_TABLES)[number]) =>
    db
      .select({ table: sql<string>`${getTableConfig(table).name}::text`.as('table_name'), rows: count().as('rows') })
      .from(table)
      .where(and(eq(table.orgId, orgId), isNull(table.removedAt), connectionId === undefined ? undefined : eq(table.connectionId, connectionId)));
  const [first, second, ...rest] = SYNCED_TABLES;
  const counted = await unionAll(countOf(first), countOf(second), ...rest.map(countOf));
  return Object.fromEntries(
    SYNCED_TABLES.map((table) => {
      const name = getTableConfig(table).name;
      return [name, counted.find((c) => c.table === name)?.rows ?? 0];
    }),
  );
}
