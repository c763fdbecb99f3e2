import { getTableConfig } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { syncRuns, tiktokConnections, ttPermissionChanges } from '@/db/schema';
import { SYNCED_TABLES } from './tables';

// The tenancy rule of the architecture: org_id leads every primary key and index of tenant tables.
describe('sync tables', () => {
  for (const table of [tiktokConnections, syncRuns, ttPermissionChanges, ...SYNCED_TABLES]) {
    const config = getTableConfig(table);
    it(`${config.name} leads its primary key and indexes with org_id`, () => {
      expect(config.primaryKeys).toHaveLength(1);
      expect(config.primaryKeys[0]?.columns[0]?.name).toBe('orgId');
      for (const index of config.indexes) expect((index.config.columns[0] as { name?: string }).name, index.config.name).toBe('orgId');
    });
  }

  it('gives every synced table the connection, sync time and removal mark', () => {
    for (const table of SYNCED_TABLES) {
      const names = getTableConfig(table).columns.map((c) => c.name);
      expect(names.slice(0, 4), getTableConfig(table).name).toEqual(['orgId', 'connectionId', 'syncedAt', 'removedAt']);
      expect(getTableConfig(table).primaryKeys[0]?.columns[1]?.name).toBe('connectionId');
    }
  });
});
