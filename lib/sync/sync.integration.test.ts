import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import {
  syncRuns,
  tiktokConnections,
  ttAdGroups,
  ttAds,
  ttBcMembers,
  ttBcTiktokAccounts,
  ttBusinessCenters,
  ttIdentities,
  ttIdentityPosts,
  ttMemberAssetRoles,
  ttPermissionChanges,
  ttSparkPosts,
} from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { createTikTokClient } from '@/lib/tiktok';
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES } from '@/lib/tiktok-sandbox';
import { testDatabases } from '@/tests/databases';
import { serveSandbox } from '@/tests/sandbox-app';
import { countSyncedRows, getSyncRun, listSyncRuns, syncBarState } from './queries';
import { hashAuthCode } from './rows';
import { createSyncRun, runSync } from './run-sync';
import { getPermissionsState, requestPermissionRefresh } from './tiers';
import { SYNCED_TABLES } from './tables';
import { connectSandbox, expectedWorld, rowVersions, sandboxClientOptions, snapshotRows, syncSandbox, type TestConnection } from './test-support';

// The sync against the sandbox over real HTTP, into PGlite and (when reachable) real Postgres.

const { sandbox, server } = await serveSandbox({ resetEachTest: true });

const ref = (name: string) => sandbox.world.ref(name);
const zeroChanges = (counters: Record<string, { inserted: number; updated: number; removed: number }>) => Object.values(counters).every((c) => c.inserted === 0 && c.updated === 0 && c.removed === 0);

for (const target of await testDatabases()) {
  describe(`sync on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    const connect = (overrides?: Parameters<typeof connectSandbox>[2]) => connectSandbox(handle.db, sandbox.world, overrides);
    const sync = (connection: TestConnection, overrides?: Parameters<typeof syncSandbox>[3]) => syncSandbox(handle.db, server.url, connection, overrides);
    const current = <T extends (typeof SYNCED_TABLES)[number]>(table: T, connection: TestConnection) => and(eq(table.orgId, connection.orgId), eq(table.connectionId, connection.connectionId));

    it('fills every table as the seeded world says', async () => {
      const connection = await connect();
      const progress: number[] = [];
      const run = await sync(connection, { onProgress: (p) => progress.push(p.done) });
      const expected = expectedWorld(sandbox.world);

      expect(run).toMatchObject({ status: 'succeeded', errors: [], progressTotal: 1 + expected.bcIds.length + expected.advertiserIds.length });
      expect(run.progressDone).toBe(run.progressTotal);
      expect(progress).toEqual(Array.from({ length: run.progressTotal }, (_, i) => i + 1));
      expect(run.apiCalls).toBeGreaterThan(run.progressTotal);
      expect(run.finishedAt).toBeInstanceOf(Date);
      expect(await countSyncedRows(handle.db, connection)).toEqual(expected.counts);
      for (const [table, rows] of Object.entries(expected.counts)) {
        expect(run.counters[table], table).toEqual({ fetched: rows, inserted: rows, updated: 0, removed: 0 });
      }
      const [stored] = await handle.db.select().from(tiktokConnections).where(eq(tiktokConnections.id, connection.connectionId));
      expect(stored?.lastSyncedAt).toEqual(run.finishedAt);

      const db = handle.db;
      // A TikTok account whose link waits for the owner to scan the QR code.
      const [outlet] = await db
        .select()
        .from(ttBcTiktokAccounts)
        .where(and(current(ttBcTiktokAccounts, connection), eq(ttBcTiktokAccounts.ttAccountId, ref('ttAsset:northwindOutlet'))));
      expect(outlet).toMatchObject({ bcId: ref('bc:brand'), relationStatus: 'PENDING', name: '@northwind.outlet' });

      // An invitee who has not accepted: no user_id, keyed by e-mail, with the role they were invited with.
      const inviteeKey = 'email:new.hire@northwind.example';
      const [invitee] = await db
        .select()
        .from(ttBcMembers)
        .where(and(current(ttBcMembers, connection), eq(ttBcMembers.memberKey, inviteeKey)));
      expect(invitee).toMatchObject({ userId: null, relationStatus: 'PENDING', userEmail: 'new.hire@northwind.example' });
      const inviteeRoles = await db
        .select()
        .from(ttMemberAssetRoles)
        .where(and(current(ttMemberAssetRoles, connection), eq(ttMemberAssetRoles.memberKey, inviteeKey)));
      expect(inviteeRoles).toEqual([expect.objectContaining({ assetType: 'ADVERTISER', assetId: ref('advertiser:northwindUs'), advertiserRole: 'ANALYST' })]);

      // A grant the BC itself does not hold: Chloe has POST on @northwind.kitchen, the BC only LIVE.
      const [chloeKitchen] = await db
        .select()
        .from(ttMemberAssetRoles)
        .where(and(current(ttMemberAssetRoles, connection), eq(ttMemberAssetRoles.memberKey, ref('user:chloe')), eq(ttMemberAssetRoles.assetId, ref('ttAsset:northwindKitchen'))));
      const [bcKitchen] = await db
        .select()
        .from(ttBcTiktokAccounts)
        .where(and(current(ttBcTiktokAccounts, connection), eq(ttBcTiktokAccounts.ttAccountId, ref('ttAsset:northwindKitchen'))));
      expect(chloeKitchen?.ttAccountRoles).toEqual(['LIVE', 'POST']);
      expect(bcKitchen?.ttAccountRoles).toEqual(['LIVE']);

      // An authorization whose window has passed, and the code kept only masked and hashed.
      const expiredAuth = sandbox.world.authorization(ref('advertiser:clientCo'), ref('post:zoe2'))!;
      const [expired] = await db
        .select()
        .from(ttSparkPosts)
        .where(and(current(ttSparkPosts, connection), eq(ttSparkPosts.itemId, ref('post:zoe2'))));
      expect(expired).toMatchObject({ advertiserId: ref('advertiser:clientCo'), adAuthStatus: 'EXPIRED', authCodeSha256: hashAuthCode(expiredAuth.authCode) });
      expect(expired!.authEndTime!.getTime()).toBe(expiredAuth.authEndMs);
      expect(expired!.authEndTime!.getTime()).toBeLessThan(sandbox.clock.now());
      expect(expired!.authCodeMasked).toContain('…');
      expect(JSON.stringify(await snapshotRows(db, connection))).not.toContain(expiredAuth.authCode);

      // A deleted ad is kept, flagged, and current.
      const deletedAd = sandbox.world.expectations.find((e) => e.deleted)!;
      const [deleted] = await db
        .select()
        .from(ttAds)
        .where(and(current(ttAds, connection), eq(ttAds.adId, deletedAd.adId)));
      expect(deleted).toMatchObject({ deleted: true, operationStatus: 'DELETE', removedAt: null, name: deletedAd.adName });

      // Ad groups keep their scheduled end; continuous ones have none.
      const groups = await db.select().from(ttAdGroups).where(current(ttAdGroups, connection));
      expect(groups.some((g) => g.scheduleEndTime instanceof Date) && groups.some((g) => g.scheduleEndTime === null)).toBe(true);

      // The post an ad uses through the TT_USER identity of @kai.travel.
      const [kaiPost] = await db
        .select()
        .from(ttIdentityPosts)
        .where(and(current(ttIdentityPosts, connection), eq(ttIdentityPosts.itemId, ref('post:kai1'))));
      expect(kaiPost).toMatchObject({ identityType: 'TT_USER', identityId: ref('identity:kaiUser'), identityAuthorizedBcId: '', status: 'ITEM_STATUS_HESITATE_RECOMMEND' });
    });

    it('changes nothing when the same snapshot is synced again', async () => {
      const connection = await connect();
      const first = await sync(connection);
      const rows = await snapshotRows(handle.db, connection);
      const versions = await rowVersions(handle.db, connection);
      const second = await sync(connection);
      expect(second.status).toBe('succeeded');
      expect(zeroChanges(second.counters)).toBe(true);
      for (const [table, counters] of Object.entries(first.counters)) expect(second.counters[table]?.fetched, table).toBe(counters.fetched);
      expect(await snapshotRows(handle.db, connection)).toEqual(rows);
      expect(await rowVersions(handle.db, connection)).toEqual(versions);
      expect(await handle.db.select().from(ttPermissionChanges).where(eq(ttPermissionChanges.orgId, connection.orgId))).toEqual([]);
    });

    it('marks what TikTok stops returning as removed, and clears the mark when it comes back', async () => {
      const connection = await connect();
      await sync(connection);
      const world = sandbox.world;
      const marco = world.member(ref('bc:brand'), ref('user:marco'))!;
      const mia1 = world.authorization(ref('advertiser:northwindUs'), ref('post:mia1'))!;
      world.removeMember(ref('bc:brand'), ref('user:marco'));
      world.unbindAuthorization(mia1.advertiserId, mia1.itemId);

      const removedRun = await sync(connection);
      const marcoRow = and(current(ttBcMembers, connection), eq(ttBcMembers.memberKey, ref('user:marco')));
      const miaRow = and(current(ttSparkPosts, connection), eq(ttSparkPosts.advertiserId, mia1.advertiserId), eq(ttSparkPosts.itemId, mia1.itemId));
      const [gone] = await handle.db.select().from(ttBcMembers).where(marcoRow);
      expect(gone?.removedAt).toBeInstanceOf(Date);
      expect((await handle.db.select().from(ttSparkPosts).where(miaRow))[0]?.removedAt).toBeInstanceOf(Date);
      const marcoRoles = await handle.db
        .select()
        .from(ttMemberAssetRoles)
        .where(and(current(ttMemberAssetRoles, connection), eq(ttMemberAssetRoles.memberKey, ref('user:marco'))));
      expect(marcoRoles.length).toBeGreaterThan(0);
      expect(marcoRoles.every((r) => r.removedAt !== null)).toBe(true);
      expect(removedRun.counters.tt_bc_members).toMatchObject({ removed: 1, inserted: 0, updated: 0 });
      expect(removedRun.counters.tt_spark_posts).toMatchObject({ removed: 1 });
      expect(removedRun.counters.tt_member_asset_roles).toMatchObject({ removed: marcoRoles.length });
      const expected = expectedWorld(world);
      expect(await countSyncedRows(handle.db, connection)).toEqual(expected.counts);

      world.addMember(marco);
      world.putAuthorization(mia1);
      const backRun = await sync(connection);
      expect((await handle.db.select().from(ttBcMembers).where(marcoRow))[0]?.removedAt).toBeNull();
      expect((await handle.db.select().from(ttSparkPosts).where(miaRow))[0]?.removedAt).toBeNull();
      expect(backRun.counters.tt_bc_members).toMatchObject({ inserted: 0, updated: 1, removed: 0 });
      expect(await countSyncedRows(handle.db, connection)).toEqual(expectedWorld(world).counts);
    });

    it('records who gained, lost or changed permissions on which asset, in which run', async () => {
      const connection = await connect();
      await sync(connection);
      const world = sandbox.world;
      const brand = ref('bc:brand');
      world.setMemberTtAccountRoles(brand, ref('user:marco'), ref('tt:northwind'), ['LIVE', 'POST']);
      world.setMemberTtAccountRoles(brand, ref('user:hannah'), ref('tt:northwind'), []);
      world.setMemberAdvertiserRole(brand, ref('user:leo'), ref('advertiser:northwindEu'), 'ANALYST');

      const run = await sync(connection);
      const changes = await handle.db.select().from(ttPermissionChanges).where(eq(ttPermissionChanges.orgId, connection.orgId)).orderBy(ttPermissionChanges.memberName);
      const common = { syncRunId: run.id, connectionId: connection.connectionId, bcId: brand };
      expect(changes).toEqual([
        expect.objectContaining({
          ...common,
          memberName: 'Hannah Schulz',
          memberEmail: 'hannah@northwind.example',
          assetType: 'TT_ACCOUNT',
          assetId: ref('ttAsset:northwind'),
          assetName: '@northwind',
          change: 'lost',
          before: ['POST'],
          after: [],
        }),
        expect.objectContaining({
          ...common,
          memberName: 'Leo Park',
          assetType: 'ADVERTISER',
          assetId: ref('advertiser:northwindEu'),
          assetName: 'Northwind EU',
          change: 'gained',
          before: [],
          after: ['ANALYST'],
        }),
        expect.objectContaining({
          ...common,
          memberName: 'Marco Bianchi',
          memberKey: ref('user:marco'),
          assetType: 'TT_ACCOUNT',
          assetId: ref('ttAsset:northwind'),
          change: 'changed',
          before: ['POST'],
          after: ['LIVE', 'POST'],
        }),
      ]);
      expect(run.counters.tt_permission_changes).toMatchObject({ inserted: 3 });
      await sync(connection);
      expect(await handle.db.select().from(ttPermissionChanges).where(eq(ttPermissionChanges.orgId, connection.orgId))).toHaveLength(3);
    });

    it('counts every TikTok call per endpoint on the run, and a scheduled run reads permissions only when due or asked for', async () => {
      const connection = await connect();
      const t0 = new Date('2026-12-01T10:00:00Z');
      const at = (minutes: number) => () => new Date(t0.getTime() + minutes * 60_000);
      const full = await sync(connection, { now: at(0) });
      expect(full.readPermissions).toBe(true);
      expect(Object.values(full.apiCallsByEndpoint).reduce((a, b) => a + b, 0)).toBe(full.apiCalls);
      // Ad-account roles come per ad account; TikTok-account permissions only per member.
      expect(full.apiCallsByEndpoint).toMatchObject({
        'bc/member/get/': expect.any(Number),
        'bc/asset/member/get/': expect.any(Number),
        'bc/asset/get/': expect.any(Number),
        'ad/get/': expect.any(Number),
      });

      const brand = ref('bc:brand');
      sandbox.world.setMemberAdvertiserRole(brand, ref('user:leo'), ref('advertiser:northwindEu'), 'ANALYST');
      const scheduled = await sync(connection, { trigger: 'schedule', now: at(30) });
      expect(scheduled).toMatchObject({ status: 'succeeded', readPermissions: false });
      // Of the permission tier only the pending invitations are asked for: one call per chosen BC.
      const chosenBcs = await handle.db.select().from(ttBusinessCenters).where(current(ttBusinessCenters, connection));
      expect(scheduled.apiCallsByEndpoint['bc/member/get/']).toBe(chosenBcs.length);
      for (const path of ['bc/asset/get/', 'bc/asset/member/get/', 'bc/asset/partner/get/']) expect(scheduled.apiCallsByEndpoint[path], path).toBeUndefined();
      expect(scheduled.apiCallsByEndpoint['ad/get/']).toBe(full.apiCallsByEndpoint['ad/get/']);
      expect(scheduled.apiCalls).toBeLessThan(full.apiCalls);
      // Members and permissions stay as the last read stored them: nothing removed, no change seen yet.
      expect(zeroChanges(scheduled.counters)).toBe(true);

      // Asked for (Refresh permissions): the next scheduled run reads them and sees Leo's new role.
      expect(await getPermissionsState(handle.db, connection)).toEqual({ readAt: at(0)(), pending: false, refreshHours: 24 });
      await requestPermissionRefresh(handle.db, { ...connection, now: at(40)() });
      expect(await getPermissionsState(handle.db, connection)).toMatchObject({ readAt: at(0)(), pending: true });
      const asked = await sync(connection, { trigger: 'schedule', now: at(60) });
      expect(asked.readPermissions).toBe(true);
      expect(await getPermissionsState(handle.db, connection)).toMatchObject({ readAt: at(60)(), pending: false });
      expect(asked.counters.tt_permission_changes).toMatchObject({ inserted: 1 });

      // Otherwise once the organization's interval (default a day) has passed.
      expect((await sync(connection, { trigger: 'schedule', now: at(60 + 23 * 60) })).readPermissions).toBe(false);
      expect((await sync(connection, { trigger: 'schedule', now: at(60 + 24 * 60) })).readPermissions).toBe(true);
      const [stored] = await handle.db.select().from(tiktokConnections).where(eq(tiktokConnections.id, connection.connectionId));
      expect(stored?.permissionsSyncedAt).toEqual(at(60 + 24 * 60)());
    });

    it('a scheduled run reads the permission tier when an invitation was accepted or sent since the last read', async () => {
      const connection = await connect();
      const t0 = new Date('2026-12-01T10:00:00Z');
      const at = (minutes: number) => () => new Date(t0.getTime() + minutes * 60_000);
      await sync(connection, { now: at(0) });
      expect((await sync(connection, { trigger: 'schedule', now: at(30) })).readPermissions).toBe(false);

      // new.hire accepts in TikTok: the next scheduled run reads members and permissions, and the Team data has them bound.
      const newHireId = '7900000000000000001';
      sandbox.world.acceptInvitation(ref('bc:brand'), 'new.hire@northwind.example', newHireId);
      const accepted = await sync(connection, { trigger: 'schedule', now: at(60) });
      expect(accepted.readPermissions).toBe(true);
      const members = await handle.db
        .select()
        .from(ttBcMembers)
        .where(and(current(ttBcMembers, connection), isNull(ttBcMembers.removedAt)));
      expect(members.find((m) => m.userEmail === 'new.hire@northwind.example')).toMatchObject({ memberKey: newHireId, userId: newHireId, relationStatus: 'BOUND' });
      expect(members.some((m) => m.memberKey === 'email:new.hire@northwind.example')).toBe(false);
      expect((await sync(connection, { trigger: 'schedule', now: at(90) })).readPermissions).toBe(false);

      // A new invitation sent in TikTok: the same.
      sandbox.world.addMember({
        bcId: ref('bc:brand'),
        userId: null,
        userName: 'second.hire',
        userEmail: 'second.hire@northwind.example',
        userRole: 'STANDARD',
        relationStatus: 'PENDING',
        financeRole: null,
        advertiserRoles: new Map(),
        ttAccountRoles: new Map(),
      });
      expect((await sync(connection, { trigger: 'schedule', now: at(120) })).readPermissions).toBe(true);
      const [invited] = await handle.db
        .select()
        .from(ttBcMembers)
        .where(and(current(ttBcMembers, connection), eq(ttBcMembers.memberKey, 'email:second.hire@northwind.example')));
      expect(invited).toMatchObject({ relationStatus: 'PENDING', removedAt: null });
    });

    it('ends with the same rows as a clean run while TikTok throttles, fails, hangs and truncates', async () => {
      const clean = await connect();
      const cleanRun = await sync(clean);
      const faulty = await connect();
      // Scripted, not timed: each fault arrives on cue, whatever the speed of this machine.
      sandbox.faults.configure({
        hangMs: 120_000,
        script: [
          { path: 'ad/get', faults: ['error_50000', 'timeout', 'truncated_json', 'rate_limited'] },
          { path: 'bc/member/get', faults: ['truncated_json', 'rate_limited', 'truncated_json'] },
          { path: 'campaign/get', faults: ['http_5xx', 'rate_limited', 'error_50000'] },
          { path: 'identity/get', faults: ['timeout', 'error_60001'] },
        ],
      });
      const seen = { rateLimited: 0, error50000: 0, timeout: 0, truncated: 0 };
      const tally: typeof fetch = async (input, init) => {
        try {
          const response = await fetch(input, init);
          const body = await response.clone().text();
          if (body.includes('"code":40100')) seen.rateLimited += 1;
          if (body.includes('"code":50000')) seen.error50000 += 1;
          if (response.status === 200 && !body.endsWith('}')) seen.truncated += 1;
          return response;
        } catch (error) {
          if (error instanceof Error && error.name === 'TimeoutError') seen.timeout += 1;
          throw error;
        }
      };
      const run = await sync(faulty, {
        tiktok: sandboxClientOptions(server.url, {
          fetch: tally,
          // A scripted hang ends when the client gives up; a generous timeout keeps real answers from timing out on a busy machine.
          timeoutMs: 3_000,
          retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5 },
        }),
      });
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(seen).toEqual({ rateLimited: 3, error50000: 2, timeout: 2, truncated: 3 });
      expect(run.apiCalls).toBe(cleanRun.apiCalls + 12);
      expect(await snapshotRows(handle.db, faulty)).toEqual(await snapshotRows(handle.db, clean));
    });

    it('completes the other ad accounts when TikTok refuses one (40001) and records why', async () => {
      const lumen = ref('advertiser:lumenPerformance');
      const reachable = expectedWorld(sandbox.world).advertiserIds.filter((id) => id !== lumen);
      const exchange = createTikTokClient({ ...sandboxClientOptions(server.url), orgId: 'test' });
      const token = await exchange.exchangeAuthCode({ app_id: SANDBOX_APP_ID, secret: SANDBOX_APP_SECRET, auth_code: sandbox.issueAuthCode(reachable) });
      const connection = await connect();
      const run = await sync(connection, { tiktok: sandboxClientOptions(server.url, { accessToken: token.access_token }) });

      expect(run.status).toBe('partial');
      expect(run.errors).toEqual([
        { scope: `advertiser:${lumen}`, code: 40001, message: expect.stringMatching(/^TikTok refused access to ad account Lumen Performance \(\d+\) \(code 40001: “No permission/) },
      ]);
      expect(run.progressDone).toBe(run.progressTotal);
      const ads = await handle.db.select({ advertiserId: ttAds.advertiserId }).from(ttAds).where(current(ttAds, connection));
      expect(new Set(ads.map((a) => a.advertiserId))).toEqual(new Set(reachable));
      const expected = expectedWorld(sandbox.world).counts;
      expect((await countSyncedRows(handle.db, connection)).tt_ads).toBe((expected.tt_ads ?? 0) - sandbox.world.adTree(lumen).ads.length);
    });

    it('stores the rest of a page around an unreadable row, records each odd row as a warning, and succeeds', async () => {
      const connection = await connect();
      const us = ref('advertiser:northwindUs');
      const [first, second] = sandbox.world.adTree(us).ads;
      // TikTok data is untrusted: one ad with a time in no known form, one whose BC id is not an id.
      const odd: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (!url.pathname.endsWith('/ad/get/') || url.searchParams.get('advertiser_id') !== us) return response;
        const body = (await response.json()) as { data: { list: Record<string, unknown>[] } };
        for (const ad of body.data.list) {
          if (ad.ad_id === first!.adId) ad.modify_time = 'sometime soon';
          if (ad.ad_id === second!.adId) ad.identity_authorized_bc_id = { odd: true };
        }
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      };
      const run = await sync(connection, { tiktok: sandboxClientOptions(server.url, { fetch: odd }) });

      expect(run).toMatchObject({ status: 'succeeded', errors: [] });
      expect(run.warnings).toHaveLength(2);
      expect(run.warnings).toEqual(
        expect.arrayContaining([
          { scope: `advertiser:${us}`, endpoint: 'ad/get/', rowId: first!.adId, field: 'modify_time', message: expect.stringContaining('stored as empty'), raw: 'sometime soon' },
          { scope: `advertiser:${us}`, endpoint: 'ad/get/', rowId: second!.adId, field: 'identity_authorized_bc_id', message: expect.stringContaining('row left out'), raw: '{"odd":true}' },
        ]),
      );
      const ads = await handle.db
        .select()
        .from(ttAds)
        .where(and(current(ttAds, connection), eq(ttAds.advertiserId, us)));
      expect(ads).toHaveLength(sandbox.world.adTree(us).ads.length - 1);
      expect(ads.find((a) => a.adId === first!.adId)).toMatchObject({ modifyTime: null, name: first!.name });
      expect(ads.some((a) => a.adId === second!.adId)).toBe(false);
      expect((await getSyncRun(handle.db, { orgId: connection.orgId, runId: run.id }))?.warnings).toEqual(run.warnings);
    });

    it('reads a carousel post through its BC identity, epoch authorization times, and a second page of identities', async () => {
      const connection = await connect();
      const run = await sync(connection);
      expect(run.warnings).toEqual([]);
      const db = handle.db;
      const [carousel] = await db
        .select()
        .from(ttIdentityPosts)
        .where(and(current(ttIdentityPosts, connection), eq(ttIdentityPosts.itemId, ref('post:northwindCarousel'))));
      expect(carousel).toMatchObject({ identityType: 'BC_AUTH_TT', identityId: ref('tt:northwind'), itemType: 'CAROUSEL' });
      const epoch = sandbox.world.authorization(ref('advertiser:lumenPerformance'), ref('post:noahEpoch'))!;
      const [stored] = await db
        .select()
        .from(ttSparkPosts)
        .where(and(current(ttSparkPosts, connection), eq(ttSparkPosts.itemId, ref('post:noahEpoch'))));
      expect(stored?.authEndTime?.getTime()).toBe(Math.floor(epoch.authEndMs / 1000) * 1000);
      const lumen = ref('advertiser:lumenPerformance');
      const identities = await db
        .select()
        .from(ttIdentities)
        .where(and(current(ttIdentities, connection), eq(ttIdentities.advertiserId, lumen)));
      expect(identities.length).toBe(sandbox.world.identitiesOf(lumen).length);
      expect(identities.length).toBeGreaterThan(100);
    });

    it('asks about a post several ad accounts use through one identity once per run, and from the next ad account when one is refused', async () => {
      // A post that ads of two ad accounts use through the same identity, which both list as able to pull.
      const world = sandbox.world;
      const { advertiserIds } = expectedWorld(world);
      const users = new Map<string, { identityId: string; itemId: string; advertisers: string[] }>();
      for (const advertiserId of advertiserIds) {
        for (const ad of world.adTree(advertiserId).ads) {
          if (ad.operationStatus === 'DELETE' || ad.tiktokItemId === null || ad.identityId === null || (ad.identityType !== 'TT_USER' && ad.identityType !== 'BC_AUTH_TT')) continue;
          const identity = world.identityOf(advertiserId, ad.identityId, ad.identityType, ad.identityAuthorizedBcId ?? undefined);
          if (!identity || (identity.availableStatus !== null && identity.availableStatus !== 'AVAILABLE') || !identity.canPullVideo) continue;
          const key = `${ad.identityId}|${ad.tiktokItemId}`;
          const entry = users.get(key) ?? { identityId: ad.identityId, itemId: ad.tiktokItemId, advertisers: [] };
          if (!entry.advertisers.includes(advertiserId)) entry.advertisers.push(advertiserId);
          users.set(key, entry);
        }
      }
      const shared = [...users.values()].find((u) => u.advertisers.length >= 2 && world.posts.get(u.itemId)?.status === 'HESITATE_RECOMMEND');
      expect(shared).toBeDefined();
      const { identityId, itemId, advertisers } = shared!;
      const [asksFirst, asksNext] = advertisers;

      /** The identity/video/info requests about the post, by the ad account that asked; `refuse` answers one ad account's with 40001. */
      function watching(refuse: string | null) {
        const asked: string[] = [];
        const watch: typeof fetch = async (input, init) => {
          const url = new URL(input instanceof Request ? input.url : String(input));
          const about = url.pathname.endsWith('/identity/video/info/') && url.searchParams.get('identity_id') === identityId && (url.searchParams.get('item_ids') ?? '').includes(itemId);
          if (!about) return fetch(input, init);
          const advertiserId = url.searchParams.get('advertiser_id') ?? '';
          asked.push(advertiserId);
          if (advertiserId !== refuse) return fetch(input, init);
          return new Response(JSON.stringify({ code: 40001, message: 'No permission to operate this identity.', request_id: 'refused', data: {} }), {
            headers: { 'content-type': 'application/json' },
          });
        };
        return { asked, tiktok: sandboxClientOptions(server.url, { fetch: watch }) };
      }
      const postRows = (connection: TestConnection) =>
        handle.db
          .select({ advertiserId: ttIdentityPosts.advertiserId, status: ttIdentityPosts.status })
          .from(ttIdentityPosts)
          .where(and(current(ttIdentityPosts, connection), eq(ttIdentityPosts.identityId, identityId), eq(ttIdentityPosts.itemId, itemId)));

      const connection = await connect();
      const once = watching(null);
      const run = await sync(connection, { tiktok: once.tiktok });
      expect(run).toMatchObject({ status: 'succeeded', errors: [] });
      // One ad account asked; every ad account that uses the post has its row, as a clean read gives it.
      expect(once.asked).toEqual([asksFirst]);
      expect((await postRows(connection)).map((r) => r.advertiserId).sort()).toEqual([...advertisers].sort());
      expect(await countSyncedRows(handle.db, connection)).toEqual(expectedWorld(world).counts);
      // A scheduled run asks again (a new run, no answer kept across runs) and changes nothing.
      const again = watching(null);
      const scheduled = await sync(connection, { trigger: 'schedule', tiktok: again.tiktok });
      expect(again.asked).toEqual([asksFirst]);
      expect(zeroChanges(scheduled.counters)).toBe(true);

      // The first ad account is refused: it shows no post, and the next one asks for itself.
      const refused = await connect();
      const next = watching(asksFirst!);
      expect((await sync(refused, { tiktok: next.tiktok })).status).toBe('succeeded');
      expect(next.asked).toEqual([asksFirst, asksNext]);
      expect(await postRows(refused)).toEqual(advertisers.slice(1).map((advertiserId) => ({ advertiserId, status: 'ITEM_STATUS_HESITATE_RECOMMEND' })));
    });

    it('marks the connection needs_reconnect and fails the run when TikTok rejects the token (40105)', async () => {
      const connection = await connect();
      const hook = vi.fn();
      const run = await sync(connection, { tiktok: sandboxClientOptions(server.url, { accessToken: 'revoked-token' }), afterSync: [hook] });
      expect(run.status).toBe('failed');
      expect(run.errors).toEqual([{ scope: 'connection', code: 40105, message: expect.stringContaining('Reconnect TikTok') }]);
      const [stored] = await handle.db.select().from(tiktokConnections).where(eq(tiktokConnections.id, connection.connectionId));
      expect(stored).toMatchObject({ status: 'needs_reconnect', statusReason: expect.stringContaining('40105'), lastSyncedAt: null });
      expect(hook).not.toHaveBeenCalled();
    });

    it('runs the after-sync steps it is given after a successful or partial run, and records a failing one', async () => {
      const calls: { orgId: string; connectionId: string; runId: string; statusMeanwhile: string | undefined }[] = [];
      const afterSync = [
        // The run is not finished for whoever waits on it until its health is worked out.
        async (_db: unknown, { orgId, connectionId, runId }: { orgId: string; connectionId: string; runId: string }) => {
          const [meanwhile] = await handle.db.select({ status: syncRuns.status }).from(syncRuns).where(eq(syncRuns.id, runId));
          calls.push({ orgId, connectionId, runId, statusMeanwhile: meanwhile?.status });
        },
        () => {
          throw new Error('health engine unavailable');
        },
      ];
      const connection = await connect();
      const run = await sync(connection, { afterSync });
      expect(calls).toEqual([{ orgId: connection.orgId, connectionId: connection.connectionId, runId: run.id, statusMeanwhile: 'running' }]);
      expect(run.status).toBe('succeeded');
      expect(run.errors).toEqual([{ scope: 'after-sync', code: null, message: expect.stringContaining('health engine unavailable') }]);

      const partial = await sync(connection, { tiktok: sandboxClientOptions(server.url, { accessToken: SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES }), afterSync });
      expect(partial.status).toBe('partial');
      expect(calls).toHaveLength(2);
    });

    it('re-runs a sync that crashed half way without duplicates', async () => {
      const connection = await connect();
      const crashed = sync(connection, {
        onProgress: ({ done }) => {
          if (done === 2) throw new Error('worker killed');
        },
      });
      await expect(crashed).rejects.toThrow('worker killed');
      const [failed] = await handle.db.select().from(syncRuns).where(eq(syncRuns.orgId, connection.orgId));
      expect(failed).toMatchObject({ status: 'failed', errors: [expect.objectContaining({ message: expect.stringContaining('worker killed') })] });

      const rerun = await sync(connection);
      expect(rerun.status).toBe('succeeded');
      expect(rerun.counters.tt_business_centers).toMatchObject({ inserted: 0 });
      expect(await countSyncedRows(handle.db, connection)).toEqual(expectedWorld(sandbox.world).counts);
    });

    it('marks the data of an ad account removed once the connection stops syncing it', async () => {
      const connection = await connect();
      await sync(connection);
      const dropped = ref('advertiser:northwindEu');
      const kept = expectedWorld(sandbox.world).advertiserIds.filter((id) => id !== dropped);
      await handle.db.update(tiktokConnections).set({ advertiserIds: kept }).where(eq(tiktokConnections.id, connection.connectionId));
      const run = await sync(connection);
      expect(run.counters.tt_ads?.removed).toBe(sandbox.world.adTree(dropped).ads.length);
      const removed = await handle.db
        .select()
        .from(ttAds)
        .where(and(current(ttAds, connection), isNotNull(ttAds.removedAt)));
      expect(new Set(removed.map((a) => a.advertiserId))).toEqual(new Set([dropped]));
    });

    it('keeps two organizations on the same TikTok data apart', async () => {
      const a = await connect();
      const b = await connect();
      const runA = await sync(a);
      await sync(b);
      expect(await countSyncedRows(handle.db, a)).toEqual(await countSyncedRows(handle.db, b));
      expect(await countSyncedRows(handle.db, { orgId: a.orgId, connectionId: b.connectionId })).toEqual(Object.fromEntries(SYNCED_TABLES.map((t) => [getTableConfig(t).name, 0])));
      for (const table of SYNCED_TABLES) {
        const rows = await handle.db.select({ connectionId: table.connectionId }).from(table).where(eq(table.orgId, a.orgId));
        expect(
          rows.every((r) => r.connectionId === a.connectionId),
          getTableConfig(table).name,
        ).toBe(true);
      }
      expect(await getSyncRun(handle.db, { orgId: b.orgId, runId: runA.id })).toBeNull();
      await expect(createSyncRun(handle.db, { orgId: b.orgId, connectionId: a.connectionId, trigger: 'manual' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(runSync(handle.db, { ...a, orgId: b.orgId, tiktok: sandboxClientOptions(server.url), afterSync: [] })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('runs a queued run and lists runs newest first, a page at a time', async () => {
      const connection = await connect();
      const queued = await createSyncRun(handle.db, { ...connection, trigger: 'schedule' });
      expect(queued).toMatchObject({ status: 'queued', progressDone: 0, startedAt: null });
      const run = await sync(connection, { runId: queued.id });
      expect(run).toMatchObject({ id: queued.id, status: 'succeeded', trigger: 'schedule' });
      await expect(sync(connection, { runId: queued.id })).rejects.toBeInstanceOf(NotFoundError);
      const second = await sync(connection, { trigger: 'cli' });

      expect(await syncBarState(handle.db, { orgId: connection.orgId })).toMatchObject({ lastRun: { id: second.id }, hasConnection: true });
      const page1 = await listSyncRuns(handle.db, { ...connection, pageSize: 1 });
      const page2 = await listSyncRuns(handle.db, { ...connection, pageSize: 1, page: 2 });
      expect(page1).toMatchObject({ total: 2, page: 1, pageSize: 1, runs: [expect.objectContaining({ id: second.id })] });
      expect(page2.runs.map((r) => r.id)).toEqual([queued.id]);
      expect((await listSyncRuns(handle.db, { ...connection, page: 3, pageSize: 1 })).runs).toEqual([]);
    });
  });
}
