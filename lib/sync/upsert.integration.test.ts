import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { organizations, tiktokConnections, ttAdGroups, ttCampaigns } from '@/db/schema';
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

    it('stores awkward text, arrays, numbers, times and nulls exactly, and finds them unchanged the next time', async () => {
      const awkward = ['NULL', '', 'say "hi" \\ {a,b}', 'tab\tnew\nline\r', '😀 ünï', ' padded '];
      const rows = awkward.map((text, i) => ({
        adgroupId: `g-${i}`,
        advertiserId: 'g',
        campaignId: i % 2 === 0 ? null : text,
        name: text,
        placementType: null,
        placements: i === 0 ? null : i === 1 ? [] : [text, 'PLACEMENT_TIKTOK', ...(i === 2 ? ['NULL', '{}', ','] : [])],
        budget: i === 3 ? 0.1 + 0.2 : i === 4 ? -1e-7 : i === 5 ? null : 12_345.678,
        budgetMode: 'BUDGET_MODE_DAY',
        scheduleStartTime: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 123)),
        scheduleEndTime: i % 2 === 0 ? null : new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999)),
        optimizationGoal: null,
        operationStatus: 'ENABLE',
        secondaryStatus: null,
        createTime: null,
        modifyTime: null,
      }));
      const write = () => syncRows(handle.db, ttAdGroups, { ...scope, now: new Date(), rows, scope: eq(ttAdGroups.advertiserId, 'g') });
      expect(await write()).toEqual({ fetched: rows.length, inserted: rows.length, updated: 0, removed: 0 });
      const stored = await handle.db
        .select()
        .from(ttAdGroups)
        .where(and(eq(ttAdGroups.orgId, scope.orgId), eq(ttAdGroups.advertiserId, 'g')));
      const content = stored.map(({ orgId, connectionId, syncedAt, removedAt, ...row }) => (void [orgId, connectionId, syncedAt, removedAt], row));
      expect(content.toSorted((a, b) => a.adgroupId.localeCompare(b.adgroupId))).toEqual(rows);
      expect(await write()).toEqual({ fetched: rows.length, inserted: 0, updated: 0, removed: 0 });
    });
  });
}
