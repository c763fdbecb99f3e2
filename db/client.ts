import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { lockDataDir } from './data-dir-lock';
import * as schema from './schema';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything that runs queries: the database or an open transaction. */
export type Queryable = Database | Transaction;

/**
 * Runs raw SQL and returns its rows, whichever driver is in use: postgres.js answers with the rows
 * themselves, PGlite with a result that holds them. The one place outside this file's opening code
 * that knows the two drivers differ.
 */
export async function executeRows<T extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

export type DatabaseHandle = {
  db: Database;
  driver: 'postgres' | 'pglite';
  /** The connection URL (postgres only). */
  url?: string;
  close: () => Promise<void>;
  /**
   * The database as one organization sees it. On Postgres every statement (and every transaction)
   * runs as `sparkcheck_app` with `app.org_id` set for that transaction only, so row-level security
   * hides other organizations' rows even if a query forgets its `org_id` filter. On PGlite (one
   * process, superuser) it is the same database: the application's own scoping is the guard there.
   */
  forOrganization: (orgId: string) => Database;
};

export type OpenOptions = { driver: 'postgres'; url: string; max?: number } | { driver: 'pglite'; dataDir?: string /* undefined = in memory */ };

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The one place that knows which driver is in use. */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.driver === 'postgres') {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(options.url, { max: options.max ?? 10, onnotice: () => {} });
    const db = drizzle({ client: ownerClient(client) as never, schema, casing: 'snake_case' }) as unknown as Database;
    const scoped = new Map<string, Database>();
    const forOrganization = (orgId: string) => {
      let found = scoped.get(orgId);
      if (!found) {
        if (scoped.size >= 1000) scoped.clear();
        found = drizzle({ client: organizationClient(client, orgId) as never, schema, casing: 'snake_case' }) as unknown as Database;
        scoped.set(orgId, found);
      }
      return found;
    };
    return { db, driver: 'postgres', url: options.url, close: () => client.end({ timeout: 5 }), forOrganization };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  // One process per data folder: a second one opening the same files would corrupt the first one's view.
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  try {
    if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
    // Extensions the migrations create (pg_trgm for the ads text search) must be loaded up front.
    const client = await PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), extensions: { pg_trgm } });
    const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Database;
    return { db, driver: 'pglite', close: () => client.close().finally(unlock), forOrganization: () => db };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** The role organization-scoped work runs as (migration 0012): not superuser, not BYPASSRLS. */
export const APP_ROLE = 'sparkcheck_app';

type PostgresClient = import('postgres').Sql;
type PostgresTransaction = import('postgres').TransactionSql;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one place the organization is set: inside a transaction, the role and `app.org_id` for that
 * transaction only (`set_config(…, true)`), so a pooled connection never carries them to the next
 * caller. The organization id (a UUID, checked) is written into the statement: a statement without
 * parameters needs no round trip to ask their types and is never prepared, so it can always be
 * pipelined (postgres.js stalls a pipeline in which a prepared statement must be prepared again).
 */
function scopeTransaction(tx: PostgresClient | PostgresTransaction, orgId: string) {
  if (!UUID.test(orgId)) throw new Error(`an organization id is a UUID, not ${JSON.stringify(orgId)}`);
  return tx.unsafe(`select set_config('role', '${APP_ROLE}', true), set_config('app.org_id', '${orgId.toLowerCase()}', true)`, [], { prepare: false });
}

/** Reads with more parameters than this (long `in` lists) are not prepared: each length would be one more statement kept. */
const PREPARED_PARAMETERS_MAX = 100;

/**
 * Drizzle asks postgres.js not to prepare its statements, so each one with parameters costs a round
 * trip in which Postgres parses it and says their types, before the one that runs it. A read with
 * parameters is prepared instead: parsed once per connection, then sent in one go (and pipelined).
 * Only reads: the pages repeat the same few, while writes vary with their batch sizes and, if
 * postgres.js re-sent one (below), would be applied outside the organization's scope.
 */
function preparedOptions(query: string, params: unknown[] | undefined, options: unknown): object {
  const n = params?.length ?? 0;
  const read = n > 0 && n <= PREPARED_PARAMETERS_MAX && /^\s*select\b/i.test(query);
  return { ...(options as object), ...(read ? { prepare: true } : {}) };
}

/** The owner's client for drizzle: postgres.js, with its reads prepared (`preparedOptions`). */
function ownerClient(client: PostgresClient) {
  return {
    options: client.options,
    unsafe: (query: string, params?: unknown[], options?: unknown) => client.unsafe(query, params as never, preparedOptions(query, params, options) as never),
    begin: client.begin.bind(client),
  };
}

/**
 * A postgres.js look-alike for drizzle: each statement runs in its own transaction scoped to the
 * organization; drizzle's transactions are scoped once at their start.
 *
 * On a connection reserved for it, `begin`, the scope, the statement and `commit` are issued at once
 * and postgres.js pipelines them; Postgres runs them in order, so the statement always runs inside
 * the scoped transaction: one round trip. The exception is a statement with parameters that is not
 * prepared on that connection yet (a write, or a read's first time): postgres.js first asks Postgres
 * for their types, and that costs two more (begin, scope and the question; the statement; commit).
 * If the scope or the statement fails, the transaction is aborted and `commit` answers as a rollback;
 * the connection goes back to the pool only after that, so no setting outlives it.
 *
 * When Postgres refuses a prepared statement as out of date (a table changed under it), postgres.js
 * prepares and sends it again by itself, but by then our `commit` has been sent: the second try runs
 * outside the scoped transaction, as the owner. Only reads are prepared, so nothing was written; its
 * rows are thrown away and the statement runs again here, scoped (and prepared afresh).
 */
function organizationClient(client: PostgresClient, orgId: string) {
  const run = async (query: string, params: unknown[] | undefined, options: unknown, values: boolean): Promise<unknown> => {
    const connection = await client.reserve();
    try {
      for (let attempt = 1; ; attempt++) {
        const statement = connection.unsafe(query, params as never, preparedOptions(query, params, options) as never);
        const [begun, scoped, answered, committed] = await Promise.allSettled([
          connection.unsafe('begin', [], { prepare: false }),
          scopeTransaction(connection, orgId),
          values ? statement.values() : statement,
          connection.unsafe('commit', [], { prepare: false }),
        ]);
        // The statement's own error says the most; a failed begin or scope makes it fail too.
        for (const step of [answered, begun, scoped, committed]) if (step.status === 'rejected') throw step.reason;
        const retried = (statement as unknown as { retried?: unknown }).retried;
        if (!retried) return (answered as PromiseFulfilledResult<unknown>).value;
        if (attempt === 2) throw retried;
      }
    } finally {
      connection.release();
    }
  };
  return {
    options: client.options,
    unsafe: (query: string, params?: unknown[], options?: unknown) => ({
      values: () => run(query, params, options, true),
      then: <A, B>(ok: (rows: unknown) => A, fail?: (error: unknown) => B) => run(query, params, options, false).then(ok, fail),
    }),
    // postgres.js waits for `begin`; the scope leaves with the transaction's first statement (queries on
    // a transaction's connection run in the order they were issued), and the transaction fails if it fails.
    begin: <T>(work: (tx: PostgresTransaction) => Promise<T>) =>
      client.begin(async (tx) => {
        const scope = scopeTransaction(tx, orgId);
        const scoped = scope.then(
          () => null,
          (error: unknown) => error,
        );
        const result = await work(tx);
        const error = await scoped;
        if (error) throw error;
        return result;
      }),
  };
}

// Arbitrary constant: every process that migrates the same database takes the same lock.
const MIGRATION_LOCK = 7_391_004;

/**
 * Applies the committed migrations; safe to call from several processes at once. On Postgres they
 * run as `migrationUrl`'s role (MIGRATION_DATABASE_URL: the owner) when given, else as the app's.
 */
export async function migrate(handle: DatabaseHandle, { migrationUrl }: { migrationUrl?: string } = {}): Promise<void> {
  if (handle.driver === 'pglite') {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(handle.db as never, { migrationsFolder });
    return;
  }
  const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const url = migrationUrl ?? handle.url!;
  const owner = url === handle.url ? null : postgres(url, { max: 1, onnotice: () => {} });
  // The migrator opens its own transaction, so the lock is held on a separate connection.
  const lock = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await run((owner ? drizzle({ client: owner }) : handle.db) as never, { migrationsFolder });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    await lock.end({ timeout: 5 });
    await owner?.end({ timeout: 5 });
  }
}

export function optionsFromEnv(e: { DATABASE_URL?: string; DATA_DIR: string }): OpenOptions {
  return e.DATABASE_URL ? { driver: 'postgres', url: e.DATABASE_URL } : { driver: 'pglite', dataDir: path.resolve(e.DATA_DIR, 'pglite') };
}

type Global = typeof globalThis & { __sparkcheckDb?: Promise<DatabaseHandle> };

/** The process-wide database, opened and migrated once (kept on globalThis across dev reloads). */
export function getDatabaseHandle(): Promise<DatabaseHandle> {
  const g = globalThis as Global;
  g.__sparkcheckDb ??= (async () => {
    const { env } = await import('@/lib/env');
    const handle = await openDatabase(optionsFromEnv(env));
    await migrate(handle, { migrationUrl: env.MIGRATION_DATABASE_URL });
    return handle;
  })().catch((error: unknown) => {
    g.__sparkcheckDb = undefined;
    throw error;
  });
  return g.__sparkcheckDb;
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db;
}
