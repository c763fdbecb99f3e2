import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { adHealth, adPreviews, organizations } from '@/db/schema';
import type { AfterSync } from '@/lib/sync';
import { connectSandbox, sandboxClientOptions, syncSandbox, type TestConnection } from '@/lib/sync/test-support';
import { generateKey, parseKeyring } from '@/lib/crypto/keyring';
import { createMemoryLimiter, createTikTokClient } from '@/lib/tiktok';
import { testDatabases } from '@/tests/databases';
import { serveSandbox } from '@/tests/sandbox-app';
import { getAdPreview } from './previews';
import { recomputeOrgHealth } from './recompute';
import { healthAfterSync, refreshConnectionHealth } from './refresh';
import { loadAdSnapshot } from './snapshots';

// The seeded sandbox world synced over real HTTP, health recomputed, and every ad of the world's
// manifest checked by id: the stored root cause is the one the world was built to show.

const { sandbox, server } = await serveSandbox({ resetEachTest: true });
const DAY_MS = 24 * 60 * 60 * 1000;
const sandboxNow = () => new Date(sandbox.clock.now());
const expectationNamed = (name: string) => {
  const found = sandbox.world.expectations.find((e) => e.adName === name);
  if (!found) throw new Error(`no seeded ad named ${name}`);
  return found;
};

for (const target of await testDatabases()) {
  describe(`ad health on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    async function syncAndRefresh(connection?: TestConnection) {
      const c = connection ?? (await connectSandbox(handle.db, sandbox.world));
      const run = await syncSandbox(handle.db, server.url, c);
      expect(run.status).toBe('succeeded');
      const client = createTikTokClient({ ...sandboxClientOptions(server.url), orgId: c.orgId });
      const refresh = await refreshConnectionHealth(handle.db, { ...c, client, now: sandboxNow() });
      return { connection: c, refresh };
    }
    const rowsOf = (c: TestConnection) => handle.db.select().from(adHealth).where(eq(adHealth.orgId, c.orgId));
    const rowOf = async (c: TestConnection, adId: string) =>
      (
        await handle.db
          .select()
          .from(adHealth)
          .where(and(eq(adHealth.orgId, c.orgId), eq(adHealth.adId, adId)))
      )[0];

    it('stores the root cause the seeded world expects for every ad', async () => {
      const { connection, refresh } = await syncAndRefresh();
      const expectations = sandbox.world.expectations;
      expect(expectations.length).toBeGreaterThan(50);
      const rows = new Map((await rowsOf(connection)).map((r) => [r.adId, r]));
      expect(rows.size).toBe(expectations.length);
      expect(refresh.health.evaluated).toBe(expectations.length);
      // Only ads passing every pillar were asked for a preview, and one of them has none.
      expect(refresh.previews).toMatchObject({ failed: 0, unavailable: 1 });

      for (const expected of expectations) {
        const row = rows.get(expected.adId);
        const label = `${expected.adName} (${expected.note})`;
        expect(row, label).toBeDefined();
        if (expected.deleted) {
          expect(row?.status, label).toBe('deleted');
          continue;
        }
        expect({ rootCause: row?.rootCauseCode, severity: row?.findings.find((f) => f.code === row.rootCauseCode)?.severity ?? null }, label).toEqual({
          rootCause: expected.rootCause,
          severity: expected.severity,
        });
        for (const code of expected.also) expect(row?.findingCodes, label).toContain(code);
        const spark = !(expected.rootCause === 'IDENTITY_CUSTOM' && expected.severity === 'info');
        const status = !spark ? 'not_spark' : expected.severity === 'blocking' ? 'blocking' : expected.severity === 'warning' ? 'warning' : 'healthy';
        expect(row?.status, label).toBe(status);
        expect(row?.blockingSince !== null, label).toBe(status === 'blocking');
      }
    });

    it('fills the list columns the ads page filters and groups on', async () => {
      const { connection } = await syncAndRefresh();
      const pending = await rowOf(connection, expectationNamed('@northwind.outlet – link pending').adId);
      expect(pending).toMatchObject({
        advertiserName: 'Northwind US',
        campaignName: 'Brand account – BC posts',
        adgroupName: 'Brand posts',
        identityType: 'BC_AUTH_TT',
        identityHandle: 'northwind.outlet',
        rootCausePillar: 'business_center',
        rootCauseSubject: `tt_account:${sandbox.world.ref('tt:northwindOutlet')}`,
      });
      // Ad name, the handle with its '@' (so "@outlet" and "outlet" both find it) and the ad id, lower-cased.
      expect(pending?.searchText).toBe(`@northwind.outlet – link pending @northwind.outlet ${pending?.adId}`);

      const wrong = await rowOf(connection, expectationNamed('@jonas.outdoors post under @mia.makes').adId);
      expect(wrong).toMatchObject({ identityHandle: 'mia.makes', postHandle: 'jonas.outdoors', itemId: sandbox.world.ref('post:jonas3') });
      expect(wrong?.authEndTime).toBeInstanceOf(Date);
      // The wrong identity, and the caption lock every authorized post has.
      expect(wrong?.findingPillars).toEqual(['identity', 'post']);
      expect(wrong?.findingCodes).toEqual(['IDENTITY_WRONG_HANDLE', 'CAPTION_LOCKED']);

      // One fix for every ad on this post in this ad account: apply the creator's code there.
      const missing = await rowOf(connection, expectationNamed('@ava.dance – code never applied here').adId);
      expect(missing?.rootCauseSubject).toBe(`post:${sandbox.world.ref('advertiser:northwindEu')}:${sandbox.world.ref('post:ava1')}`);
    });

    it('stores what TikTok said about the preview, readable for the ad page', async () => {
      const { connection } = await syncAndRefresh();
      const noPreview = expectationNamed('@northwind – no preview');
      expect(await getAdPreview(handle.db, { orgId: connection.orgId, adId: noPreview.adId })).toMatchObject({ previewUrl: null, reason: expect.stringContaining('temporarily unavailable') });
      const healthy = expectationNamed('@northwind spring walk-through');
      expect((await getAdPreview(handle.db, { orgId: connection.orgId, adId: healthy.adId }))?.previewUrl).toMatch(/^https:\/\/ads\.tiktok\.com\//);
      // A blocking ad is not asked: its missing preview has a known reason.
      const blocked = expectationNamed('@northwind.outlet – link pending');
      expect(await getAdPreview(handle.db, { orgId: connection.orgId, adId: blocked.adId })).toBeNull();
      // The snapshot the ad page renders carries the stored outcome.
      expect((await loadAdSnapshot(handle.db, { orgId: connection.orgId, adId: noPreview.adId }))?.preview).toMatchObject({ previewUrl: null });

      // A second refresh right away asks nothing again.
      const client = createTikTokClient({ ...sandboxClientOptions(server.url), orgId: connection.orgId });
      const again = await refreshConnectionHealth(handle.db, { ...connection, client, now: sandboxNow() });
      expect(again.previews).toEqual({ checked: 0, unavailable: 0, failed: 0, changed: 0 });
    });

    it('flips an expiring authorization to expired when time passes, and keeps blocking_since while it stays blocking', async () => {
      const { connection } = await syncAndRefresh();
      const ava = expectationNamed('@ava.dance – ends in 3 days');
      expect(await rowOf(connection, ava.adId)).toMatchObject({ status: 'warning', rootCauseCode: 'AUTH_EXPIRING_SOON', blockingSince: null });

      sandbox.clock.advance(4 * DAY_MS);
      const later = sandboxNow();
      await recomputeOrgHealth(handle.db, { orgId: connection.orgId, now: later });
      const expired = await rowOf(connection, ava.adId);
      expect(expired).toMatchObject({ status: 'blocking', rootCauseCode: 'AUTH_EXPIRED', severityRank: 3, blockingSince: later });
      // Another ad of the same window was blocking before and stays so since its first time.
      const jonas = await rowOf(connection, expectationNamed('@jonas.outdoors – expired').adId);
      expect(jonas?.blockingSince?.getTime()).toBeLessThan(later.getTime());

      // A sync that now reads EXPIRED from TikTok, and a recompute a day later: still blocking since the same moment.
      await syncSandbox(handle.db, server.url, connection);
      await recomputeOrgHealth(handle.db, { orgId: connection.orgId, now: new Date(later.getTime() + DAY_MS) });
      expect(await rowOf(connection, ava.adId)).toMatchObject({ rootCauseCode: 'AUTH_EXPIRED', blockingSince: later });
    });

    it('uses the organization’s expiry window', async () => {
      const connection = await connectSandbox(handle.db, sandbox.world);
      await handle.db.update(organizations).set({ expiryWindowDays: 2 }).where(eq(organizations.id, connection.orgId));
      await syncAndRefresh(connection);
      // Ends in 3 days: outside a 2-day window, and the ad group runs continuously.
      expect((await rowOf(connection, expectationNamed('@ava.dance – ends in 3 days').adId))?.status).toBe('healthy');
      // Ends before its ad group: still warned.
      expect((await rowOf(connection, expectationNamed('@jonas.outdoors – ends before flight').adId))?.rootCauseCode).toBe('AUTH_EXPIRING_SOON');
    });

    it('deletes the health and preview of an ad TikTok no longer returns, and clears blocking_since when fixed', async () => {
      const { connection } = await syncAndRefresh();
      const world = sandbox.world;
      const healthy = expectationNamed('@northwind spring walk-through');
      const tree = world.adTree(healthy.advertiserId);
      world.setAdTree(healthy.advertiserId, { ...tree, ads: tree.ads.filter((ad) => ad.adId !== healthy.adId) });
      const outlet = expectationNamed('@northwind.outlet – link pending');
      expect((await rowOf(connection, outlet.adId))?.blockingSince).toBeInstanceOf(Date);
      // The owner scans the QR code and the BC holds Existing posts.
      world.updateBcTtAccount(world.ref('bc:brand'), world.ref('tt:northwindOutlet'), { linkStatus: 'LINKED', roles: ['POST'] });

      const { refresh } = await syncAndRefresh(connection);
      expect(refresh.health.removed).toBe(1);
      expect(await rowOf(connection, healthy.adId)).toBeUndefined();
      expect(
        await handle.db
          .select()
          .from(adPreviews)
          .where(and(eq(adPreviews.orgId, connection.orgId), eq(adPreviews.adId, healthy.adId))),
      ).toEqual([]);
      expect(await rowOf(connection, outlet.adId)).toMatchObject({ status: 'healthy', rootCauseCode: null, blockingSince: null });
    });

    it('asks for previews within the organization’s hourly budget and counts them on the sync run', async () => {
      const connection = await connectSandbox(handle.db, sandbox.world);
      await handle.db.update(organizations).set({ previewChecksPerHour: 10, syncIntervalMinutes: 30 }).where(eq(organizations.id, connection.orgId));
      const afterSync: AfterSync = async (db, run) => {
        const client = createTikTokClient({ ...sandboxClientOptions(server.url), orgId: run.orgId, calls: run.calls });
        await refreshConnectionHealth(db, { ...connection, client, now: sandboxNow(), checkedAt: run.now });
      };
      const t0 = new Date('2026-12-01T10:00:00Z');
      const previewsAt = async (minutes: number) => {
        const run = await syncSandbox(handle.db, server.url, connection, { trigger: 'schedule', now: () => new Date(t0.getTime() + minutes * 60_000), afterSync: [afterSync] });
        expect(run.status).toBe('succeeded');
        return run.apiCallsByEndpoint['creative/ads_preview/create/'] ?? 0;
      };
      // Half the hour's budget per run on a 30-minute schedule; nothing left a minute later; the window moves on.
      expect(await previewsAt(0)).toBe(5);
      expect(await previewsAt(30)).toBe(5);
      expect(await previewsAt(31)).toBe(0);
      expect(await previewsAt(91)).toBe(5);
      const checked = await handle.db.select().from(adPreviews).where(eq(adPreviews.orgId, connection.orgId));
      expect(checked).toHaveLength(15);
    });

    it('shows two BC TikTok accounts answering to one identity name as its own finding, not as a guess', async () => {
      const world = sandbox.world;
      const brand = world.ref('bc:brand');
      // A second account in the brand BC whose asset name is also @northwind (TikTok names assets, it does not key them by identity).
      world.addTtAccount({
        ttAccountId: 'a1b2c3d4-0000-4000-8000-000000000001',
        assetId: '7999999999999999991',
        authCodeIdentityId: '6999999999999999991',
        handle: 'northwind',
        displayName: 'Northwind (old)',
      });
      world.linkTtAccount({
        bcId: brand,
        ttAccountId: 'a1b2c3d4-0000-4000-8000-000000000001',
        linkStatus: 'LINKED',
        roles: ['POST'],
        canPush: false,
        adsOnlyMode: true,
        assignedAdvertiserIds: new Set(),
      });
      const { connection } = await syncAndRefresh();
      const walkThrough = await rowOf(connection, expectationNamed('@northwind spring walk-through').adId);
      expect(walkThrough).toMatchObject({ status: 'warning', rootCauseCode: 'BC_ACCOUNT_AMBIGUOUS' });
      // Accounts with a name of their own are still matched.
      expect(await rowOf(connection, expectationNamed('@lumen.creators – roundup').adId)).toMatchObject({ status: 'healthy' });
    });

    it('keeps organizations apart and recomputes one connection without touching another organization', async () => {
      const a = (await syncAndRefresh()).connection;
      const b = (await syncAndRefresh()).connection;
      const before = await rowsOf(b);
      await recomputeOrgHealth(handle.db, { orgId: a.orgId, now: new Date(sandbox.clock.now() + 400 * DAY_MS) });
      expect(await rowsOf(b)).toEqual(before);
      expect((await rowsOf(a)).every((r) => r.orgId === a.orgId)).toBe(true);
    });
  });
}

describe('health after a sync', () => {
  it('is stored by the after-sync step the entry points pass to the sync', async () => {
    const [target] = await testDatabases();
    const handle = await target!.open();
    const app = {
      target: { baseUrl: `${server.url}/open_api/v1.3/`, appId: null, appSecret: null, portalAuthUrl: `${server.url}/portal/auth`, sandbox: true },
      limiter: createMemoryLimiter({ ratePerSecond: 1000, burst: 1000 }),
    };
    try {
      const connection = await connectSandbox(handle.db, sandbox.world);
      const run = await syncSandbox(handle.db, server.url, connection, { afterSync: [healthAfterSync(app, parseKeyring(generateKey()))] });
      // The test connection's token is not sealed by lib/crypto: health is stored, previews wait for a usable token.
      expect(run).toMatchObject({ status: 'succeeded', errors: [] });
      const rows = await handle.db.select().from(adHealth).where(eq(adHealth.orgId, connection.orgId));
      expect(rows).toHaveLength(sandbox.world.expectations.length);
      expect(rows.filter((r) => r.status === 'blocking').length).toBeGreaterThan(10);
    } finally {
      await handle.close();
    }
  });
});
