import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { organizations, tiktokConnections, ttCampaigns } from '@/db/schema';
import { testDatabases } from '@/tests/databases';
import { syncRows } from './upsert';

const campaign = (advertiserId: string, n: number, name = `Campaign ${n}`) => ({
  campaignId: `${advertiserId}-${n}`,
  advertiserId,
  name,
  objectiveType: 'VIDEO_VIEWS',
  budget: 50,
  budgetMode: 'BUDGET_MODE_DAY',
  operationStatus: 'ENABLE',
  secondaryStatus: null,
  createTime: new Date('2026-01-01T00:00:00Z'),
  modifyTime: null,
});

for (const target of await testDatabases()) {
  describe(`syncRows on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let scope: { orgId: string; connectionId: string };
    beforeAll(async () => {
      handle = await target.open();
      const [org] = await handle.db.insert(organizations).values({ name: 'Upsert', slug: 'upsert', kind: 'brand' }).returning();
      const [connection] = await handle.db.insert(tiktokConnections).values({ orgId: org!.id, label: 'x', method: 'access_token', accessTokenSealed: 'x' }).returning();
      scope = { orgId: org!.id, connectionId: connection!.id };
    });
    afterAll(async () => handle.close());

    const sync = (rows: ReturnType<typeof campaign>[], advertiserId: string, now = new Date()) =>
      syncRows(handle.db, ttCampaigns, { ...scope, now, rows, scope: eq(ttCampaigns.advertiserId, advertiserId) });
    const currentOf = (advertiserId: string) =>
      handle.db
        .select()
        .from(ttCampaigns)
        .where(and(eq(ttCampaigns.orgId, scope.orgId), eq(ttCampaigns.advertiserId, advertiserId), isNull(ttCampaigns.removedAt)));

    it('writes more rows than one statement takes, once each, the last copy of a repeated row winning', async () => {
      const rows = Array.from({ length: 1201 }, (_, i) => campaign('a', i));
      const counters = await sync([...rows, campaign('a', 7, 'Renamed on a later page')], 'a');
      expect(counters).toEqual({ fetched: 1201, inserted: 1201, updated: 0, removed: 0 });
      const stored = await currentOf('a');
      expect(stored).toHaveLength(1201);
      expect(stored.find((c) => c.campaignId === 'a-7')?.name).toBe('Renamed on a later page');
    });

    it('updates only changed rows, marks vanished ones removed within the scope only, and brings them back', async () => {
      await sync([campaign('b', 1), campaign('b', 2), campaign('b', 3)], 'b');
      const removedAt = new Date('2026-02-01T00:00:00Z');
      expect(await sync([campaign('b', 1), campaign('b', 2, 'New name')], 'b', removedAt)).toEqual({ fetched: 2, inserted: 0, updated: 1, removed: 1 });
      const [gone] = await handle.db.select().from(ttCampaigns).where(eq(ttCampaigns.campaignId, 'b-3'));
      expect(gone?.removedAt).toEqual(removedAt);
      expect(await currentOf('a')).toHaveLength(1201);

      expect(await sync([campaign('b', 1), campaign('b', 2, 'New name'), campaign('b', 3)], 'b')).toEqual({ fetched: 3, inserted: 0, updated: 1, removed: 0 });
      expect(await currentOf('b')).toHaveLength(3);
      expect(await sync([campaign('b', 1), campaign('b', 2, 'New name'), campaign('b', 3)], 'b')).toEqual({ fetched: 3, inserted: 0, updated: 0, removed: 0 });
    });
  });
}
