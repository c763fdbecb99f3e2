import { and, asc, eq, sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { organizations, tiktokConnections } from '@/db/schema';
import { createMemoryLimiter, type TikTokClientOptions } from '@/lib/tiktok';
import { SANDBOX_ACCESS_TOKEN, type World } from '@/lib/tiktok-sandbox';
import { runSync, type RunSyncOptions } from './run-sync';
import { SYNCED_TABLES } from './tables';

// Shared by the sync's integration tests: an organization with a connection to the sandbox, and
// what the seeded world says each table should hold.

let orgs = 0;

export type TestConnection = { orgId: string; connectionId: string };

/** A fresh organization with one connection covering the BCs and ad accounts the sandbox's owner reaches. */
export async function connectSandbox(db: Database, world: World, overrides: Partial<Pick<typeof tiktokConnections.$inferInsert, 'advertiserIds' | 'bcIds'>> = {}): Promise<TestConnection> {
  orgs += 1;
  const [org] = await db
    .insert(organizations)
    .values({ name: `Sync test ${orgs}`, slug: `sync-test-${orgs}-${crypto.randomUUID().slice(0, 8)}`, kind: 'agency' })
    .returning();
  const expected = expectedWorld(world);
  const [connection] = await db
    .insert(tiktokConnections)
    .values({
      orgId: org!.id,
      label: 'Sandbox',
      method: 'access_token',
      accessTokenSealed: 'sealed-by-lib-crypto',
      advertiserIds: expected.advertiserIds,
      bcIds: expected.bcIds,
      ...overrides,
    })
    .returning();
  return { orgId: org!.id, connectionId: connection!.id };
}

export function sandboxClientOptions(baseUrl: string, overrides: Partial<RunSyncOptions['tiktok']> = {}): RunSyncOptions['tiktok'] {
  const options: Omit<TikTokClientOptions, 'orgId'> = {
    baseUrl: `${baseUrl}/open_api/v1.3/`,
    accessToken: SANDBOX_ACCESS_TOKEN,
    limiter: createMemoryLimiter({ ratePerSecond: 10_000, burst: 10_000 }),
    sleep: async () => {},
    timeoutMs: 2_000,
  };
  return { ...options, ...overrides };
}

export function syncSandbox(db: Database, baseUrl: string, connection: TestConnection, overrides: Partial<RunSyncOptions> = {}) {
  return runSync(db, { ...connection, tiktok: sandboxClientOptions(baseUrl), afterSync: [], ...overrides });
}

/** Every BC, ad account and row count the seeded world implies for a connection of its owner. */
export function expectedWorld(world: World) {
  const owner = world.ref('user:owner');
  const bcs = [...world.bcs.values()].filter((bc) => world.member(bc.bcId, owner) !== undefined);
  const bcIds = bcs.map((bc) => bc.bcId);
  const advertiserIds = bcIds.flatMap((bcId) => world.advertiserAssets(bcId).map((a) => a.advertiserId));
  const members = bcIds.flatMap((bcId) => world.membersOf(bcId).map((member) => ({ bcId, member })));
  const identityPosts = new Set<string>();
  for (const advertiserId of advertiserIds) {
    for (const ad of world.adTree(advertiserId).ads) {
      if (ad.operationStatus === 'DELETE' || ad.tiktokItemId === null || ad.identityId === null) continue;
      if (ad.identityType !== 'TT_USER' && ad.identityType !== 'BC_AUTH_TT') continue;
      const identity = world.identityOf(advertiserId, ad.identityId, ad.identityType, ad.identityAuthorizedBcId ?? undefined);
      if (!identity || (identity.availableStatus !== null && identity.availableStatus !== 'AVAILABLE') || !identity.canPullVideo) continue;
      const post = world.posts.get(ad.tiktokItemId);
      if (post && post.ttAccountId === identity.ttAccountId && post.status !== 'USER_DELETE' && post.status !== 'AUDIT_DELETE') {
        identityPosts.add(JSON.stringify([advertiserId, ad.identityType, ad.identityId, ad.identityAuthorizedBcId, post.itemId]));
      }
    }
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const counts: Record<string, number> = {
    tt_business_centers: bcs.length,
    tt_bc_members: members.length,
    tt_member_asset_roles: sum(
      members.map(
        ({ bcId, member }) =>
          [...member.advertiserRoles.keys()].filter((id) => world.bcAdvertiser(bcId, id) !== undefined).length +
          [...member.ttAccountRoles.keys()].filter((id) => world.bcTtAccount(bcId, id)?.linkStatus === 'LINKED').length,
      ),
    ),
    tt_bc_tiktok_accounts: sum(bcIds.map((bcId) => world.ttAccountAssets(bcId).length)),
    tt_advertisers: advertiserIds.length,
    tt_bc_partners: sum(bcIds.flatMap((bcId) => world.advertiserAssets(bcId).map((a) => a.partnerBcIds.filter((id) => world.bcs.has(id)).length))),
    tt_identities: sum(advertiserIds.map((id) => world.identitiesOf(id).length)),
    tt_spark_posts: sum(advertiserIds.map((id) => world.authorizationsOf(id).filter((a) => world.posts.has(a.itemId)).length)),
    tt_identity_posts: identityPosts.size,
    tt_campaigns: sum(advertiserIds.map((id) => world.adTree(id).campaigns.length)),
    tt_ad_groups: sum(advertiserIds.map((id) => world.adTree(id).adGroups.length)),
    tt_ads: sum(advertiserIds.map((id) => world.adTree(id).ads.length)),
  };
  return { bcIds, advertiserIds, counts };
}

/** Every synced row of a connection without the columns that name the org, connection or sync time, in key order. */
export async function snapshotRows(db: Database, { orgId, connectionId }: TestConnection): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of SYNCED_TABLES) {
    const { name, primaryKeys } = getTableConfig(table);
    const rows = await db
      .select()
      .from(table)
      .where(and(eq(table.orgId, orgId), eq(table.connectionId, connectionId)))
      .orderBy(...(primaryKeys[0]?.columns ?? []).map((c) => asc(c)));
    const shared = new Set(['orgId', 'connectionId', 'syncedAt']);
    out[name] = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !shared.has(key))));
  }
  return out;
}

/** The physical row versions (xmin) of a connection's rows: unchanged only if nothing was rewritten. */
export async function rowVersions(db: Database, { orgId, connectionId }: TestConnection): Promise<string[]> {
  const versions: string[] = [];
  for (const table of SYNCED_TABLES) {
    const rows = await db
      .select({ version: sql<string>`${table}.xmin::text` })
      .from(table)
      .where(and(eq(table.orgId, orgId), eq(table.connectionId, connectionId)));
    versions.push(...rows.map((r) => `${getTableConfig(table).name}:${r.version}`).sort());
  }
  return versions;
}
