import { and, eq, getTableColumns, isNull, sql, type SQL } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { getTableConfig, type AnyPgColumn, type AnyPgTable } from 'drizzle-orm/pg-core';
import type { Queryable } from '@/db/client';
import type { StreamCounters } from '@/db/schema';

/** A table written by the sync: it carries these columns and a primary key starting with (org_id, connection_id). */
export type SyncedTable = AnyPgTable & { orgId: AnyPgColumn; connectionId: AnyPgColumn; syncedAt: AnyPgColumn; removedAt: AnyPgColumn };

type SyncManaged = 'orgId' | 'connectionId' | 'syncedAt' | 'removedAt';

/** A row as the sync builds it; the helper adds the organization, connection and timestamps. */
export type SyncedRow<T extends SyncedTable> = Omit<T['$inferInsert'], SyncManaged>;

export type SyncRowsOptions<T extends SyncedTable> = {
  orgId: string;
  connectionId: string;
  now: Date;
  /** Every row of the scope, as TikTok returns it now. */
  rows: readonly SyncedRow<T>[];
  /** Which existing rows the snapshot covers (e.g. one advertiser's); those not in `rows` are marked removed. */
  scope?: SQL;
};

// 500 rows of the widest table stay far below Postgres' 65,535 bind parameters per statement.
const CHUNK_SIZE = 500;
const SYNC_MANAGED = new Set<string>(['orgId', 'connectionId', 'syncedAt', 'removedAt']);

type Column = [name: string, column: AnyPgColumn];
/** A synced table's own key columns (without the org_id, connection_id every row of one sync shares) and its content columns. */
type Layout = { keys: Column[]; data: Column[] };
const layouts = new WeakMap<AnyPgTable, Layout>();

function layoutOf(table: SyncedTable): Layout {
  const cached = layouts.get(table);
  if (cached) return cached;
  const config = getTableConfig(table);
  const primaryKey = config.primaryKeys[0];
  if (!primaryKey) throw new Error(`${config.name} has no primary key`);
  // getTableConfig builds its own column objects; names identify them.
  const keyNames = new Set(primaryKey.columns.map((c) => c.name));
  const columns = Object.entries(getTableColumns(table) as Record<string, AnyPgColumn>).filter(([name]) => !SYNC_MANAGED.has(name));
  const layout: Layout = { keys: columns.filter(([, c]) => keyNames.has(c.name)), data: columns.filter(([, c]) => !keyNames.has(c.name)) };
  layouts.set(table, layout);
  return layout;
}

export function chunks<T>(items: readonly T[], size = CHUNK_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `excluded.<column>`: the value the conflicting INSERT proposed. */
function excluded(col: AnyPgColumn): SQL {
  const name = col.keyAsName ? toSnakeCase(col.name) : col.name;
  return sql.raw(`excluded."${name.replaceAll('"', '""')}"`);
}

function keyOf(layout: Layout, row: Record<string, unknown>): string {
  return JSON.stringify(layout.keys.map(([name]) => row[name] ?? null));
}

/**
 * Makes the rows of `scope` equal to `rows`: inserts the new, updates only rows whose content
 * changed (so an unchanged snapshot writes nothing, not even a new row version), brings back rows
 * marked removed, and marks removed the rows TikTok no longer returns. Never deletes.
 */
export async function syncRows<T extends SyncedTable>(db: Queryable, table: T, options: SyncRowsOptions<T>): Promise<StreamCounters> {
  const { orgId, connectionId, now } = options;
  const layout = layoutOf(table);
  // TikTok's offset pagination can repeat a row when the list shifts between pages; a row may
  // appear only once in an INSERT … ON CONFLICT DO UPDATE.
  const unique = new Map<string, Record<string, unknown>>();
  for (const row of options.rows as readonly Record<string, unknown>[]) unique.set(keyOf(layout, row), row);
  const counters: StreamCounters = { fetched: unique.size, inserted: 0, updated: 0, removed: 0 };

  const dataColumns = layout.data.map(([, c]) => c);
  const keyColumns = layout.keys.map(([, c]) => c);
  const set = Object.fromEntries([...layout.data.map(([name, c]) => [name, excluded(c)]), ['syncedAt', excluded(table.syncedAt)], ['removedAt', sql`null`]]);
  const changed = sql`(${sql.join(dataColumns, sql`, `)}) is distinct from (${sql.join(dataColumns.map(excluded), sql`, `)}) or ${table.removedAt} is not null`;
  const target = [table.orgId, table.connectionId, ...keyColumns];

  for (const chunk of chunks([...unique.values()])) {
    const written = await db
      .insert(table)
      .values(chunk.map((row) => ({ ...row, orgId, connectionId, syncedAt: now, removedAt: null })) as never)
      .onConflictDoUpdate({ target, set: set as never, setWhere: changed })
      // A freshly inserted row has xmax 0, an updated one does not; rows left alone are not returned.
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    for (const { inserted } of written) counters[inserted ? 'inserted' : 'updated'] += 1;
  }

  const owned = and(eq(table.orgId, orgId), eq(table.connectionId, connectionId), isNull(table.removedAt), options.scope);
  const current = await db
    .select(Object.fromEntries(layout.keys))
    .from(table as AnyPgTable)
    .where(owned);
  const gone = current.filter((row) => !unique.has(keyOf(layout, row)));
  for (const chunk of chunks(gone)) {
    const tuples = chunk.map((row) => sql`(${sql.join(layout.keys.map(([name]) => sql`${row[name]}`), sql`, `)})`);
    const removed = await db
      .update(table)
      .set({ removedAt: now } as never)
      .where(and(owned, sql`(${sql.join(keyColumns, sql`, `)}) in (${sql.join(tuples, sql`, `)})`))
      .returning({ one: sql<number>`1` });
    counters.removed += removed.length;
  }
  return counters;
}
