import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
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
};

export type OpenOptions =
  | { driver: 'postgres'; url: string; max?: number }
  | { driver: 'pglite'; dataDir?: string /* undefined = in memory */ };

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The one place that knows which driver is in use. */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.driver === 'postgres') {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(options.url, { max: options.max ?? 10, onnotice: () => {} });
    const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Database;
    return { db, driver: 'postgres', url: options.url, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  // Extensions the migrations create (pg_trgm for the ads text search) must be loaded up front.
  const client = await PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), extensions: { pg_trgm } });
  const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Database;
  return { db, driver: 'pglite', close: () => client.close() };
}

// Arbitrary constant: every process that migrates the same database takes the same lock.
const MIGRATION_LOCK = 7_391_004;

/** Applies the committed migrations; safe to call from several processes at once. */
export async function migrate(handle: DatabaseHandle): Promise<void> {
  if (handle.driver === 'pglite') {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(handle.db as never, { migrationsFolder });
    return;
  }
  const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
  const { default: postgres } = await import('postgres');
  // The migrator opens its own transaction, so the lock is held on a separate connection.
  const lock = postgres(handle.url!, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await run(handle.db as never, { migrationsFolder });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    await lock.end({ timeout: 5 });
  }
}

export function optionsFromEnv(e: { DATABASE_URL?: string; DATA_DIR: string }): OpenOptions {
  return e.DATABASE_URL
    ? { driver: 'postgres', url: e.DATABASE_URL }
    : { driver: 'pglite', dataDir: path.resolve(e.DATA_DIR, 'pglite') };
}

type Global = typeof globalThis & { __sparkcheckDb?: Promise<DatabaseHandle> };

/** The process-wide database, opened and migrated once (kept on globalThis across dev reloads). */
export function getDatabaseHandle(): Promise<DatabaseHandle> {
  const g = globalThis as Global;
  g.__sparkcheckDb ??= (async () => {
    const { env } = await import('@/lib/env');
    const handle = await openDatabase(optionsFromEnv(env));
    await migrate(handle);
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
