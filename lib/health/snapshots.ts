import 'server-only';
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '@/db/client';
import { adPreviews, ttAdGroups, ttAds, ttAdvertisers, ttBcTiktokAccounts, ttBusinessCenters, ttCampaigns, ttIdentities, ttIdentityPosts, ttSparkPosts } from '@/db/schema';
import { accountNamesOf, normalizeAccountName } from '@/lib/tiktok/bc-account-match';
import type { AdSnapshot, SnapshotBcLink, SnapshotPostOwner } from './types';

// Builds the rule engine's input from the synced tables: a fixed number of set-based queries per
// chunk of ads (one join for the ads and what hangs off them, one for who owns their posts, one for
// their BC identities' names, one for the BC TikTok accounts those may stand for), whatever the number of ads. Removed rows (gone on TikTok) are ignored.

/** Ads per chunk: bounds memory at 100,000 ads and keeps `in (…)` lists far below the bind-parameter limit. */
export const SNAPSHOT_CHUNK_SIZE = 2000;

export type SnapshotScope = { orgId: string; connectionId?: string; advertiserId?: string };

const same = <T extends { orgId: unknown; connectionId: unknown }>(table: T & { removedAt: unknown }) =>
  and(eq(table.orgId as never, ttAds.orgId), eq(table.connectionId as never, ttAds.connectionId), isNull(table.removedAt as never));

/** The `identity_authorized_bc_id` key of the ad's identity: '' unless BC_AUTH_TT, as tt_identities stores it. */
const adIdentityBcId = sql<string>`case when ${ttAds.identityType} = 'BC_AUTH_TT' then coalesce(${ttAds.identityAuthorizedBcId}, '') else '' end`;

/** The ad account's name: it is an asset of each BC it is in, and any of its current rows names it. */
const advertiserName = sql<string | null>`(
  select ${ttAdvertisers.name} from ${ttAdvertisers}
  where ${ttAdvertisers.orgId} = ${ttAds.orgId} and ${ttAdvertisers.connectionId} = ${ttAds.connectionId}
    and ${ttAdvertisers.advertiserId} = ${ttAds.advertiserId} and ${ttAdvertisers.removedAt} is null
  order by ${ttAdvertisers.bcId} limit 1)`;

function selectAds(db: Queryable, where: SQL | undefined, limit: number) {
  return db
    .select({
      connectionId: ttAds.connectionId,
      adId: ttAds.adId,
      advertiserId: ttAds.advertiserId,
      advertiserName,
      campaignId: ttAds.campaignId,
      adgroupId: ttAds.adgroupId,
      name: ttAds.name,
      identityType: ttAds.identityType,
      identityId: ttAds.identityId,
      identityAuthorizedBcId: ttAds.identityAuthorizedBcId,
      videoId: ttAds.videoId,
      tiktokItemId: ttAds.tiktokItemId,
      darkPostStatus: ttAds.darkPostStatus,
      operationStatus: ttAds.operationStatus,
      secondaryStatus: ttAds.secondaryStatus,
      deleted: ttAds.deleted,
      modifyTime: ttAds.modifyTime,
      group: { id: ttAdGroups.adgroupId, name: ttAdGroups.name, operationStatus: ttAdGroups.operationStatus, scheduleEndTime: ttAdGroups.scheduleEndTime },
      campaign: { id: ttCampaigns.campaignId, name: ttCampaigns.name, operationStatus: ttCampaigns.operationStatus },
      identity: {
        identityType: ttIdentities.identityType,
        identityId: ttIdentities.identityId,
        identityAuthorizedBcId: ttIdentities.identityAuthorizedBcId,
        displayName: ttIdentities.displayName,
        username: ttIdentities.username,
        availableStatus: ttIdentities.availableStatus,
        canPullVideo: ttIdentities.canPullVideo,
        canPushVideo: ttIdentities.canPushVideo,
        adsOnlyMode: ttIdentities.adsOnlyMode,
      },
      spark: {
        itemId: ttSparkPosts.itemId,
        status: ttSparkPosts.status,
        itemType: ttSparkPosts.itemType,
        caption: ttSparkPosts.caption,
        videoId: ttSparkPosts.videoId,
        duetOriginalItemId: ttSparkPosts.duetOriginalItemId,
        stitchOriginalItemId: ttSparkPosts.stitchOriginalItemId,
        isMultiDuetStitch: ttSparkPosts.isMultiDuetStitch,
        mentionedItemIds: ttSparkPosts.mentionedItemIds,
        adAuthStatus: ttSparkPosts.adAuthStatus,
        authStartTime: ttSparkPosts.authStartTime,
        authEndTime: ttSparkPosts.authEndTime,
        authCodeMasked: ttSparkPosts.authCodeMasked,
      },
      identityPost: {
        itemId: ttIdentityPosts.itemId,
        status: ttIdentityPosts.status,
        itemType: ttIdentityPosts.itemType,
        caption: ttIdentityPosts.caption,
        videoId: ttIdentityPosts.videoId,
      },
      preview: { checkedAt: adPreviews.checkedAt, previewUrl: adPreviews.previewUrl, reason: adPreviews.reason },
    })
    .from(ttAds)
    .leftJoin(ttAdGroups, and(same(ttAdGroups), eq(ttAdGroups.adgroupId, ttAds.adgroupId)))
    .leftJoin(ttCampaigns, and(same(ttCampaigns), eq(ttCampaigns.campaignId, ttAds.campaignId)))
    .leftJoin(
      ttIdentities,
      and(
        same(ttIdentities),
        eq(ttIdentities.advertiserId, ttAds.advertiserId),
        eq(ttIdentities.identityType, ttAds.identityType),
        eq(ttIdentities.identityId, ttAds.identityId),
        eq(ttIdentities.identityAuthorizedBcId, adIdentityBcId),
      ),
    )
    .leftJoin(ttSparkPosts, and(same(ttSparkPosts), eq(ttAds.identityType, 'AUTH_CODE'), eq(ttSparkPosts.advertiserId, ttAds.advertiserId), eq(ttSparkPosts.itemId, ttAds.tiktokItemId)))
    .leftJoin(
      ttIdentityPosts,
      and(
        same(ttIdentityPosts),
        eq(ttIdentityPosts.advertiserId, ttAds.advertiserId),
        eq(ttIdentityPosts.identityType, ttAds.identityType),
        eq(ttIdentityPosts.identityId, ttAds.identityId),
        eq(ttIdentityPosts.identityAuthorizedBcId, adIdentityBcId),
        eq(ttIdentityPosts.itemId, ttAds.tiktokItemId),
      ),
    )
    .leftJoin(adPreviews, and(eq(adPreviews.orgId, ttAds.orgId), eq(adPreviews.connectionId, ttAds.connectionId), eq(adPreviews.adId, ttAds.adId)))
    .where(where)
    .orderBy(asc(ttAds.connectionId), asc(ttAds.adId))
    .limit(limit);
}

type AdRow = Awaited<ReturnType<typeof selectAds>>[number];

/** Who owns each post, from any Spark entry of it in the organization (`user_info` of `/tt_video/list/`). */
async function postOwners(db: Queryable, orgId: string, itemIds: string[]): Promise<Map<string, SnapshotPostOwner>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([ttSparkPosts.itemId], { itemId: ttSparkPosts.itemId, identityId: ttSparkPosts.identityId, handle: ttSparkPosts.tiktokName })
    .from(ttSparkPosts)
    .where(and(eq(ttSparkPosts.orgId, orgId), inArray(ttSparkPosts.itemId, itemIds), isNull(ttSparkPosts.removedAt)))
    .orderBy(ttSparkPosts.itemId, sql`${ttSparkPosts.syncedAt} desc`);
  return new Map(rows.map((r) => [r.itemId, { identityId: r.identityId, handle: r.handle }]));
}

/** An account name as matchBcAccount compares it (no '@', trimmed, lower case), in SQL. */
export const normalizedAccountName = (column: AnyPgColumn) => sql<string>`lower(btrim(regexp_replace(btrim(${column}), '^@', '')))`;

type IdentityNamePair = { username: string | null; displayName: string | null };
const bcIdentityKey = (identityId: string, bcId: string) => `${identityId}|${bcId}`;

/** The names of BC_AUTH_TT identities as any ad account of the organization lists them. */
async function bcIdentityNames(db: Queryable, orgId: string, identityIds: string[]): Promise<Map<string, IdentityNamePair>> {
  if (identityIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([ttIdentities.identityId, ttIdentities.identityAuthorizedBcId], {
      identityId: ttIdentities.identityId,
      bcId: ttIdentities.identityAuthorizedBcId,
      username: ttIdentities.username,
      displayName: ttIdentities.displayName,
    })
    .from(ttIdentities)
    .where(and(eq(ttIdentities.orgId, orgId), eq(ttIdentities.identityType, 'BC_AUTH_TT'), inArray(ttIdentities.identityId, identityIds), isNull(ttIdentities.removedAt)))
    .orderBy(ttIdentities.identityId, ttIdentities.identityAuthorizedBcId, sql`${ttIdentities.syncedAt} desc`);
  return new Map(rows.map((r) => [bcIdentityKey(r.identityId, r.bcId), { username: r.username, displayName: r.displayName }]));
}

/**
 * The TikTok accounts of every connected BC that may be the accounts of these identities: the same
 * id, or an asset name equal to one of their names. The engine decides with matchBcAccount.
 */
async function bcAccountCandidates(db: Queryable, orgId: string, ids: string[], names: string[]): Promise<SnapshotBcLink[]> {
  if (ids.length === 0 && names.length === 0) return [];
  const rows = await db
    .selectDistinctOn([ttBcTiktokAccounts.bcId, ttBcTiktokAccounts.ttAccountId], {
      ttAccountId: ttBcTiktokAccounts.ttAccountId,
      bcId: ttBcTiktokAccounts.bcId,
      bcName: ttBusinessCenters.name,
      name: ttBcTiktokAccounts.name,
      relationStatus: ttBcTiktokAccounts.relationStatus,
      ttAccountRoles: ttBcTiktokAccounts.ttAccountRoles,
    })
    .from(ttBcTiktokAccounts)
    .leftJoin(
      ttBusinessCenters,
      and(eq(ttBusinessCenters.orgId, ttBcTiktokAccounts.orgId), eq(ttBusinessCenters.connectionId, ttBcTiktokAccounts.connectionId), eq(ttBusinessCenters.bcId, ttBcTiktokAccounts.bcId)),
    )
    .where(
      and(
        eq(ttBcTiktokAccounts.orgId, orgId),
        isNull(ttBcTiktokAccounts.removedAt),
        or(ids.length === 0 ? undefined : inArray(ttBcTiktokAccounts.ttAccountId, ids), names.length === 0 ? undefined : inArray(normalizedAccountName(ttBcTiktokAccounts.name), names)),
      ),
    )
    // Two connections may both see one BC: keep its latest row.
    .orderBy(ttBcTiktokAccounts.bcId, ttBcTiktokAccounts.ttAccountId, sql`${ttBcTiktokAccounts.syncedAt} desc`);
  return rows.map((r) => ({ ...r, ttAccountRoles: r.ttAccountRoles ?? [] }));
}

async function toSnapshots(db: Queryable, orgId: string, rows: AdRow[]): Promise<AdSnapshot[]> {
  const itemIds = [...new Set(rows.flatMap((r) => (r.tiktokItemId === null ? [] : [r.tiktokItemId])))];
  const identityIds = [...new Set(rows.flatMap((r) => (r.identityType === 'BC_AUTH_TT' && r.identityId !== null ? [r.identityId] : [])))];
  const [owners, otherNames] = await Promise.all([postOwners(db, orgId, itemIds), bcIdentityNames(db, orgId, identityIds)]);
  const namesOf = (r: AdRow): IdentityNamePair | null => r.identity ?? otherNames.get(bcIdentityKey(r.identityId ?? '', r.identityAuthorizedBcId ?? '')) ?? null;
  const allNames = [...new Set(rows.flatMap((r) => (r.identityType === 'BC_AUTH_TT' ? accountNamesOf(namesOf(r) ?? { username: null, displayName: null }) : [])))];
  const candidates = await bcAccountCandidates(db, orgId, identityIds, allNames);
  return rows.map((r): AdSnapshot => {
    const bcAuth = r.identityType === 'BC_AUTH_TT' && r.identityId !== null;
    const names = bcAuth ? namesOf(r) : null;
    const wanted = new Set(names === null ? [] : accountNamesOf(names));
    const links = bcAuth ? candidates.filter((c) => c.ttAccountId === r.identityId || wanted.has(normalizeAccountName(c.name) ?? '')) : [];
    const { identity, spark, identityPost } = r;
    return {
      connectionId: r.connectionId,
      ad: {
        adId: r.adId,
        advertiserId: r.advertiserId,
        campaignId: r.campaignId,
        adgroupId: r.adgroupId,
        name: r.name,
        identityType: r.identityType,
        identityId: r.identityId,
        identityAuthorizedBcId: r.identityAuthorizedBcId,
        videoId: r.videoId,
        tiktokItemId: r.tiktokItemId,
        darkPostStatus: r.darkPostStatus,
        operationStatus: r.operationStatus,
        secondaryStatus: r.secondaryStatus,
        deleted: r.deleted,
        modifyTime: r.modifyTime,
      },
      adGroup: r.group === null ? null : { adgroupId: r.group.id, name: r.group.name, operationStatus: r.group.operationStatus, scheduleEndTime: r.group.scheduleEndTime },
      campaign: r.campaign === null ? null : { campaignId: r.campaign.id, name: r.campaign.name, operationStatus: r.campaign.operationStatus },
      advertiser: { advertiserId: r.advertiserId, name: r.advertiserName },
      identity,
      post:
        spark !== null
          ? {
              itemId: spark.itemId,
              source: 'spark_post',
              status: spark.status,
              itemType: spark.itemType,
              caption: spark.caption,
              videoId: spark.videoId,
              duetOriginalItemId: spark.duetOriginalItemId,
              stitchOriginalItemId: spark.stitchOriginalItemId,
              isMultiDuetStitch: spark.isMultiDuetStitch,
              mentionedItemIds: spark.mentionedItemIds ?? [],
            }
          : identityPost !== null
            ? {
                itemId: identityPost.itemId,
                source: 'identity_post',
                status: identityPost.status,
                itemType: identityPost.itemType,
                caption: identityPost.caption,
                videoId: identityPost.videoId,
                duetOriginalItemId: null,
                stitchOriginalItemId: null,
                isMultiDuetStitch: null,
                mentionedItemIds: [],
              }
            : null,
      authorization:
        spark === null ? null : { itemId: spark.itemId, adAuthStatus: spark.adAuthStatus, authStartTime: spark.authStartTime, authEndTime: spark.authEndTime, authCodeMasked: spark.authCodeMasked },
      postOwner: r.tiktokItemId === null ? null : (owners.get(r.tiktokItemId) ?? null),
      ttAccount: bcAuth ? { ttAccountId: r.identityId ?? '', handle: names?.username ?? null, displayName: names?.displayName ?? null } : null,
      bcLinks: links,
      // TikTok lists a BC_AUTH_TT identity to an ad account exactly when the BC assigned the account to it.
      assignedToAdAccount: bcAuth ? identity !== null : null,
      preview: r.preview,
    };
  });
}

function scopeOf({ orgId, connectionId, advertiserId }: SnapshotScope): SQL | undefined {
  return and(
    eq(ttAds.orgId, orgId),
    isNull(ttAds.removedAt),
    connectionId === undefined ? undefined : eq(ttAds.connectionId, connectionId),
    advertiserId === undefined ? undefined : eq(ttAds.advertiserId, advertiserId),
  );
}

/**
 * Every current ad of the organization (optionally one connection or ad account) as snapshots, in
 * chunks of `chunkSize`, ordered by (connection, ad id). Memory holds one chunk at a time.
 */
export async function* iterateAdSnapshots(db: Queryable, scope: SnapshotScope, chunkSize = SNAPSHOT_CHUNK_SIZE): AsyncGenerator<AdSnapshot[]> {
  let after: { connectionId: string; adId: string } | null = null;
  for (;;) {
    const keyset: SQL | undefined = after === null ? undefined : sql`(${ttAds.connectionId}, ${ttAds.adId}) > (${after.connectionId}::uuid, ${after.adId})`;
    const rows = await selectAds(db, and(scopeOf(scope), keyset), chunkSize);
    if (rows.length === 0) return;
    yield await toSnapshots(db, scope.orgId, rows);
    if (rows.length < chunkSize) return;
    const last = rows[rows.length - 1] as AdRow;
    after = { connectionId: last.connectionId, adId: last.adId };
  }
}

/** One ad's snapshot, or null when the organization has no such current ad. With two connections seeing the ad, the first is used. */
export async function loadAdSnapshot(db: Queryable, { orgId, adId, connectionId }: { orgId: string; adId: string; connectionId?: string }): Promise<AdSnapshot | null> {
  const rows = await selectAds(db, and(scopeOf({ orgId, connectionId }), eq(ttAds.adId, adId)), 1);
  if (rows.length === 0) return null;
  const [snapshot] = await toSnapshots(db, orgId, rows);
  return snapshot ?? null;
}
