import 'server-only';
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
/**
 * Rows per upsert statement. The upsert sends one array parameter per column (unnest), so this
 * bounds the statement's size, not its parameter count; measured by `npm run bench:sync`.
 */
const UPSERT_CHUNK_SIZE = 1000;
const SYNC_MANAGED = new Set<string>(['orgId', 'connectionId', 'syncedAt', 'removedAt']);

export type Column = [name: string, column: AnyPgColumn];
/**
 * A synced table's own key columns (without the org_id, connection_id every row of one sync shares),
 * its content columns, and every column an INSERT lists, in the order Drizzle lists them.
 */
type Layout = { keys: Column[]; data: Column[]; insert: Column[] };
const layouts = new WeakMap<AnyPgTable, Layout>();

function layoutOf(table: SyncedTable): Layout {
  const cached = layouts.get(table);
  if (cached) return cached;
  const config = getTableConfig(table);
  const primaryKey = config.primaryKeys[0];
  if (!primaryKey) throw new Error(`${config.name} has no primary key`);
  // getTableConfig builds its own column objects; names identify them.
  const keyNames = new Set(primaryKey.columns.map((c) => c.name));
  const all = Object.entries(getTableColumns(table) as Record<string, AnyPgColumn>);
  const columns = all.filter(([name]) => !SYNC_MANAGED.has(name));
  // The upsert writes every column of every row (no per-row DEFAULT): a row without a value stores
  // NULL, so no synced column may rely on a default or be generated.
  const unsupported = columns.find(([, c]) => c.hasDefault || c.defaultFn !== undefined || c.onUpdateFn !== undefined || c.generated !== undefined || c.generatedIdentity !== undefined);
  if (unsupported) throw new Error(`${config.name}.${unsupported[1].name} has a default or is generated, which syncRows cannot write`);
  const layout: Layout = { keys: columns.filter(([, c]) => keyNames.has(c.name)), data: columns.filter(([, c]) => !keyNames.has(c.name)), insert: all };
  layouts.set(table, layout);
  return layout;
}

export function chunks<T>(items: readonly T[], size = CHUNK_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `excluded.<column>`: the value the conflicting INSERT proposed. */
export function excluded(col: AnyPgColumn): SQL {
  const name = col.keyAsName ? toSnakeCase(col.name) : col.name;
  return sql.raw(`excluded."${name.replaceAll('"', '""')}"`);
}

/** A value as Postgres' text input takes it, after the column's own mapping (dates → ISO, json → text, arrays → array literal). */
function textOf(column: AnyPgColumn, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const mapped: unknown = column.mapToDriverValue(value);
  if (mapped === null || mapped === undefined) return null;
  if (typeof mapped === 'string') return mapped;
  if (typeof mapped === 'number' || typeof mapped === 'bigint' || typeof mapped === 'boolean') return String(mapped);
  if (mapped instanceof Date) return mapped.toISOString();
  throw new Error(`${column.name}: cannot send a ${typeof mapped} value as text`);
}

/** A one-dimensional text[] literal: every element quoted (so any text survives), NULL bare. */
function textArray(values: (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)).join(',')}}`;
}

/**
 * A chunk of rows as `select <every column> from unnest(<one text[] per varying column>)`: one
 * array parameter per column instead of one parameter per value, which is much cheaper to build in
 * Drizzle and to bind in Postgres. Each value is cast back to its column's type. Columns named in
 * `constants` take that one value for every row. Feed it to `db.insert(table).select(…)`.
 */
export function unnestRows(columns: readonly Column[], rows: readonly Record<string, unknown>[], constants: Record<string, unknown> = {}): SQL {
  const arrays: SQL[] = [];
  const select = columns.map(([name, column]) => {
    const type = sql.raw(column.getSQLType());
    if (Object.hasOwn(constants, name)) return sql`${textOf(column, constants[name])}::${type}`;
    const alias = sql.raw(`c${arrays.length}`);
    arrays.push(sql`${textArray(rows.map((row) => textOf(column, row[name])))}::text[]`);
    return sql`u.${alias}::${type}`;
  });
  const aliases = sql.raw(arrays.map((_, i) => `c${i}`).join(', '));
  return sql`select ${sql.join(select, sql`, `)} from unnest(${sql.join(arrays, sql`, `)}) as u(${aliases})`;
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

  const managed = { orgId, connectionId, syncedAt: now, removedAt: null };
  for (const chunk of chunks([...unique.values()], UPSERT_CHUNK_SIZE)) {
    const written = await db
      .insert(table)
      .select(unnestRows(layout.insert, chunk, managed))
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
    const tuples = chunk.map(
      (row) =>
        sql`(${sql.join(
          layout.keys.map(([name]) => sql`${row[name]}`),
          sql`, `,
        )})`,
    );
    const removed = await db
      .update(table)
      .set({ removedAt: now } as never)
      .where(and(owned, sql`(${sql.join(keyColumns, sql`, `)}) in (${sql.join(tuples, sql`, `)})`))
      .returning({ one: sql<number>`1` });
    counters.removed += removed.length;
  }
  return counters;
}
