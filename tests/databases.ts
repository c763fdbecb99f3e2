import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migrate, openDatabase, type DatabaseHandle } from '@/db/client';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDatabase = {
  name: 'pglite' | 'postgres';
  open: () => Promise<DatabaseHandle & { url?: string }>;
};

async function postgresReachable(): Promise<boolean> {
  const probe = postgres(TEST_DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

/**
 * The databases integration tests run against: PGlite always, and the real Postgres at
 * TEST_DATABASE_URL when it answers (CI starts it, so there it is always included).
 * Each `open()` gives a fresh, migrated, isolated database: PGlite in memory, or a new
 * Postgres database created for the caller and dropped on close.
 */
export async function testDatabases(): Promise<TestDatabase[]> {
  const list: TestDatabase[] = [
    {
      name: 'pglite',
      open: async () => {
        const handle = await openDatabase({ driver: 'pglite' });
        await migrate(handle);
        return handle;
      },
    },
  ];
  if (process.env.CI === 'true' || (await postgresReachable())) {
    list.push({ name: 'postgres', open: openIsolatedPostgres });
  }
  return list;
}

export async function openIsolatedPostgres(): Promise<DatabaseHandle & { url: string }> {
  const name = `sc_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: 'postgres', url: url.toString(), max: 5 });
  await migrate(handle);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const drop = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      await drop.unsafe(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}
