import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrate, type DatabaseHandle } from './client';
import { organizations } from './schema';
import { testDatabases } from '@/tests/databases';

for (const target of await testDatabases()) {
  describe(`database client on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    it('applies every committed migration, and applying them again changes nothing', async () => {
      const before = await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      await migrate(handle);
      const after = await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(rows(after)[0]).toEqual(rows(before)[0]);
      expect(Number(rows(after)[0]?.n)).toBeGreaterThan(0);
    });

    it('enforces unique organization slugs', async () => {
      await handle.db.insert(organizations).values({ name: 'One', slug: 'same-slug', kind: 'brand' });
      await expect(handle.db.insert(organizations).values({ name: 'Two', slug: 'same-slug', kind: 'agency' })).rejects.toThrow();
    });
  });
}

function rows(result: unknown): Record<string, unknown>[] {
  return Array.isArray(result) ? result : ((result as { rows: Record<string, unknown>[] }).rows ?? []);
}
