import 'server-only';
import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { unionAll, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { executeRows, type Queryable } from '@/db/client';
import { ttAdvertisers, ttAds, ttBcMembers, ttBcTiktokAccounts, ttBusinessCenters, ttIdentities, ttIdentityPosts, ttMemberAssetRoles, ttPermissionChanges, ttSparkPosts } from '@/db/schema';
import { normalizedAccountName } from '@/lib/health/snapshots';
import { computeAccess, indexSnapshot, UNNAMED_TT_ACCOUNT, type MemberAccess, type PermissionSnapshot } from './access';
import type { PostFacts } from '@/lib/health/post-rules';
import type { KnownPost, PostUse } from './explain';

// Org-scoped reads behind the team pages, the JSON routes and the CLI. The rules live in the pure
// modules next to this file; these functions only fetch the synced rows they need.

type Org = { orgId: string };

const current = (table: { orgId: AnyPgColumn; removedAt: AnyPgColumn }, orgId: string) => and(eq(table.orgId, orgId), isNull(table.removedAt));

/** `%text%` for ILIKE with the user's `%`, `_` and `\` taken literally. */
/** What a BC itself holds on a TikTok account (its link state and permissions). */
const bcHoldingColumns = {
  bcId: ttBcTiktokAccounts.bcId,
  ttAccountId: ttBcTiktokAccounts.ttAccountId,
  name: ttBcTiktokAccounts.name,
  relationStatus: ttBcTiktokAccounts.relationStatus,
  roles: sql<string[]>`coalesce(${ttBcTiktokAccounts.ttAccountRoles}, '{}')`,
};

const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listBusinessCenters(db: Queryable, { orgId }: Org) {
  return db
    .selectDistinctOn([ttBusinessCenters.bcId], { bcId: ttBusinessCenters.bcId, name: ttBusinessCenters.name })
    .from(ttBusinessCenters)
    .where(current(ttBusinessCenters, orgId))
    .orderBy(ttBusinessCenters.bcId);
}

export async function listAdAccounts(db: Queryable, { orgId }: Org) {
  const rows = await db
    .selectDistinctOn([ttAdvertisers.advertiserId], { advertiserId: ttAdvertisers.advertiserId, name: ttAdvertisers.name })
    .from(ttAdvertisers)
    .where(current(ttAdvertisers, orgId))
    .orderBy(ttAdvertisers.advertiserId);
  return rows.sort((a, b) => (a.name ?? a.advertiserId).localeCompare(b.name ?? b.advertiserId));
}

/**
 * The synced rows the engine needs: the BCs' assets (only the identities with the given ids and the
 * TikTok accounts they may stand for when `identityIds` is set, or the accounts the members hold and
 * the identities that may stand for them with `heldAccountsOnly`), and the memberships and grants of the given people (all
 * people when `memberKeys` is omitted). A BC synced by two connections counts once.
 */
export async function loadSnapshot(
  db: Queryable,
  { orgId, memberKeys, identityIds, heldAccountsOnly = false }: Org & { memberKeys?: string[]; identityIds?: string[]; heldAccountsOnly?: boolean },
): Promise<PermissionSnapshot> {
  const forMembers = (table: typeof ttBcMembers) => and(current(table, orgId), memberKeys === undefined ? undefined : inArray(table.memberKey, memberKeys.length === 0 ? [''] : memberKeys));
  // Grants are keyed (org, connection, BC, member, …): reaching them through the members' own rows
  // uses that key instead of scanning every grant of a 4,000-member BC.
  const memberships = db.select({ connectionId: ttBcMembers.connectionId, bcId: ttBcMembers.bcId, memberKey: ttBcMembers.memberKey }).from(ttBcMembers).where(forMembers(ttBcMembers));
  const grantsWhere =
    memberKeys === undefined
      ? current(ttMemberAssetRoles, orgId)
      : and(current(ttMemberAssetRoles, orgId), sql`(${ttMemberAssetRoles.connectionId}, ${ttMemberAssetRoles.bcId}, ${ttMemberAssetRoles.memberKey}) in (${memberships})`);
  // `heldAccountsOnly`: only the TikTok accounts the given members hold something on (all a comparison looks at).
  const held = db
    .select({ id: ttMemberAssetRoles.assetId })
    .from(ttMemberAssetRoles)
    .where(and(grantsWhere, eq(ttMemberAssetRoles.assetType, 'TT_ACCOUNT')));
  // A BC identity and its BC TikTok account share no id, only a name (lib/tiktok/bc-account-match):
  // each side is narrowed by the other's ids or names, and the engine matches exactly.
  const ids = identityIds === undefined || identityIds.length === 0 ? [''] : identityIds;
  const namesOfIdentities = db
    .select({ name: normalizedAccountName(ttIdentities.username) })
    .from(ttIdentities)
    .where(and(current(ttIdentities, orgId), inArray(ttIdentities.identityId, ids)))
    .union(
      db
        .select({ name: normalizedAccountName(ttIdentities.displayName) })
        .from(ttIdentities)
        .where(and(current(ttIdentities, orgId), inArray(ttIdentities.identityId, ids))),
    );
  const namesOfHeld = db
    .select({ name: normalizedAccountName(ttBcTiktokAccounts.name) })
    .from(ttBcTiktokAccounts)
    .where(and(current(ttBcTiktokAccounts, orgId), inArray(ttBcTiktokAccounts.ttAccountId, held)));
  const accountWhere =
    identityIds !== undefined
      ? or(inArray(ttBcTiktokAccounts.ttAccountId, ids), inArray(normalizedAccountName(ttBcTiktokAccounts.name), namesOfIdentities))
      : heldAccountsOnly
        ? inArray(ttBcTiktokAccounts.ttAccountId, held)
        : undefined;
  const identityWhere =
    identityIds !== undefined
      ? inArray(ttIdentities.identityId, ids)
      : heldAccountsOnly
        ? or(inArray(ttIdentities.identityId, held), inArray(normalizedAccountName(ttIdentities.username), namesOfHeld), inArray(normalizedAccountName(ttIdentities.displayName), namesOfHeld))
        : undefined;
  const [bcs, members, grants, ttAccounts, adAccounts, identities] = await Promise.all([
    listBusinessCenters(db, { orgId }),
    db
      .selectDistinctOn([ttBcMembers.bcId, ttBcMembers.memberKey], {
        bcId: ttBcMembers.bcId,
        memberKey: ttBcMembers.memberKey,
        name: ttBcMembers.userName,
        email: ttBcMembers.userEmail,
        bcRole: ttBcMembers.userRole,
        relationStatus: ttBcMembers.relationStatus,
      })
      .from(ttBcMembers)
      .where(forMembers(ttBcMembers))
      .orderBy(ttBcMembers.bcId, ttBcMembers.memberKey, desc(ttBcMembers.syncedAt)),
    db
      .selectDistinctOn([ttMemberAssetRoles.bcId, ttMemberAssetRoles.memberKey, ttMemberAssetRoles.assetType, ttMemberAssetRoles.assetId], {
        bcId: ttMemberAssetRoles.bcId,
        memberKey: ttMemberAssetRoles.memberKey,
        assetType: ttMemberAssetRoles.assetType,
        assetId: ttMemberAssetRoles.assetId,
        assetName: ttMemberAssetRoles.assetName,
        advertiserRole: ttMemberAssetRoles.advertiserRole,
        ttAccountRoles: sql<string[]>`coalesce(${ttMemberAssetRoles.ttAccountRoles}, '{}')`,
      })
      .from(ttMemberAssetRoles)
      .where(grantsWhere)
      .orderBy(ttMemberAssetRoles.bcId, ttMemberAssetRoles.memberKey, ttMemberAssetRoles.assetType, ttMemberAssetRoles.assetId, desc(ttMemberAssetRoles.syncedAt)),
    db
      .selectDistinctOn([ttBcTiktokAccounts.bcId, ttBcTiktokAccounts.ttAccountId], bcHoldingColumns)
      .from(ttBcTiktokAccounts)
      .where(and(current(ttBcTiktokAccounts, orgId), accountWhere))
      .orderBy(ttBcTiktokAccounts.bcId, ttBcTiktokAccounts.ttAccountId, desc(ttBcTiktokAccounts.syncedAt)),
    db
      .selectDistinctOn([ttAdvertisers.bcId, ttAdvertisers.advertiserId], { bcId: ttAdvertisers.bcId, advertiserId: ttAdvertisers.advertiserId, name: ttAdvertisers.name })
      .from(ttAdvertisers)
      .where(current(ttAdvertisers, orgId))
      .orderBy(ttAdvertisers.bcId, ttAdvertisers.advertiserId),
    db
      .selectDistinctOn([ttIdentities.advertiserId, ttIdentities.identityType, ttIdentities.identityId, ttIdentities.identityAuthorizedBcId], {
        advertiserId: ttIdentities.advertiserId,
        identityType: ttIdentities.identityType,
        identityId: ttIdentities.identityId,
        bcId: ttIdentities.identityAuthorizedBcId,
        name: sql<string | null>`coalesce(${ttIdentities.username}, ${ttIdentities.displayName})`,
        username: ttIdentities.username,
        displayName: ttIdentities.displayName,
        availableStatus: ttIdentities.availableStatus,
        canPullVideo: ttIdentities.canPullVideo,
        adsOnlyMode: ttIdentities.adsOnlyMode,
      })
      .from(ttIdentities)
      .where(and(current(ttIdentities, orgId), inArray(ttIdentities.identityType, ['BC_AUTH_TT', 'TT_USER']), identityWhere))
      .orderBy(ttIdentities.advertiserId, ttIdentities.identityType, ttIdentities.identityId, ttIdentities.identityAuthorizedBcId, desc(ttIdentities.syncedAt)),
  ]);
  return { bcs, members, grants, ttAccounts, adAccounts, identities };
}

export type ResolvedMembers = { keys: string[]; unknown: string[] };

/** Member keys for what a user typed: a TikTok member key / user id, or an e-mail address (any case). Unknown entries are listed, not dropped. */
export async function resolveMembers(db: Queryable, { orgId, ids }: Org & { ids: string[] }): Promise<ResolvedMembers> {
  const wanted = [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
  if (wanted.length === 0) return { keys: [], unknown: [] };
  const emails = wanted.map((id) => id.toLowerCase());
  const rows = await db
    .selectDistinct({ memberKey: ttBcMembers.memberKey, email: sql<string | null>`lower(${ttBcMembers.userEmail})` })
    .from(ttBcMembers)
    .where(and(current(ttBcMembers, orgId), or(inArray(ttBcMembers.memberKey, wanted), inArray(sql`lower(${ttBcMembers.userEmail})`, emails))));
  const keys: string[] = [];
  const unknown: string[] = [];
  for (const id of wanted) {
    const row = rows.find((r) => r.memberKey === id) ?? rows.find((r) => r.email === id.toLowerCase());
    if (!row) unknown.push(id);
    else if (!keys.includes(row.memberKey)) keys.push(row.memberKey);
  }
  return { keys, unknown };
}

/** Effective access of the given people, in the order given. */
export async function loadMemberAccess(db: Queryable, { orgId, memberKeys }: Org & { memberKeys: string[] }) {
  const snapshot = await loadSnapshot(db, { orgId, memberKeys, heldAccountsOnly: true });
  const index = indexSnapshot(snapshot);
  const access = computeAccess(snapshot, index);
  return { snapshot, index, members: memberKeys.map((key) => access.get(key)).filter((m): m is MemberAccess => m !== undefined) };
}

/** Where Sparkcheck has seen a post (ads, identity posts, Spark-code authorizations); null if nowhere. */
export async function findPost(db: Queryable, { orgId, itemId }: Org & { itemId: string }): Promise<KnownPost | null> {
  const [ads, identityPosts, sparkPosts] = await Promise.all([
    db
      .selectDistinct({ advertiserId: ttAds.advertiserId, identityType: ttAds.identityType, identityId: ttAds.identityId, bcId: ttAds.identityAuthorizedBcId })
      .from(ttAds)
      .where(and(current(ttAds, orgId), eq(ttAds.tiktokItemId, itemId), inArray(ttAds.identityType, ['BC_AUTH_TT', 'TT_USER', 'AUTH_CODE']))),
    db
      .selectDistinct({
        advertiserId: ttIdentityPosts.advertiserId,
        identityType: ttIdentityPosts.identityType,
        identityId: ttIdentityPosts.identityId,
        bcId: ttIdentityPosts.identityAuthorizedBcId,
        caption: ttIdentityPosts.caption,
        status: ttIdentityPosts.status,
        itemType: ttIdentityPosts.itemType,
      })
      .from(ttIdentityPosts)
      .where(and(current(ttIdentityPosts, orgId), eq(ttIdentityPosts.itemId, itemId))),
    db
      .select({
        advertiserId: ttSparkPosts.advertiserId,
        identityId: ttSparkPosts.identityId,
        caption: ttSparkPosts.caption,
        authStatus: ttSparkPosts.adAuthStatus,
        authEnd: ttSparkPosts.authEndTime,
        status: ttSparkPosts.status,
        itemType: ttSparkPosts.itemType,
        duetOriginalItemId: ttSparkPosts.duetOriginalItemId,
        mentionedItemIds: ttSparkPosts.mentionedItemIds,
        isMultiDuetStitch: ttSparkPosts.isMultiDuetStitch,
      })
      .from(ttSparkPosts)
      .where(and(current(ttSparkPosts, orgId), eq(ttSparkPosts.itemId, itemId))),
  ]);
  const uses: PostUse[] = [];
  const add = (use: PostUse) => {
    const same = uses.find((u) => u.advertiserId === use.advertiserId && u.identityType === use.identityType && u.identityId === use.identityId && u.bcId === use.bcId);
    if (same) Object.assign(same, { ...use, authStatus: use.authStatus ?? same.authStatus, authEnd: use.authEnd ?? same.authEnd });
    else uses.push(use);
  };
  for (const s of sparkPosts) add({ advertiserId: s.advertiserId, identityType: 'AUTH_CODE', identityId: s.identityId ?? '', bcId: '', authStatus: s.authStatus, authEnd: s.authEnd });
  for (const p of identityPosts) add({ advertiserId: p.advertiserId, identityType: p.identityType, identityId: p.identityId, bcId: p.bcId });
  for (const a of ads) {
    // A Spark-code ad names its AUTH_CODE identity; the authorization row above says whether it is live.
    if (a.identityType === 'AUTH_CODE' && sparkPosts.some((s) => s.advertiserId === a.advertiserId)) continue;
    add({
      advertiserId: a.advertiserId,
      identityType: a.identityType!,
      identityId: a.identityId ?? '',
      bcId: a.bcId ?? '',
      ...(a.identityType === 'AUTH_CODE' ? { authStatus: 'NOT_AUTHORIZED' } : {}),
    });
  }
  if (uses.length === 0) return null;
  const caption = identityPosts.find((p) => p.caption)?.caption ?? sparkPosts.find((p) => p.caption)?.caption ?? null;
  // The post's own state for the post checks: a Spark entry says the most (format details), an identity's list the rest.
  const spark = sparkPosts[0];
  const listed = identityPosts[0];
  const facts: PostFacts | null = spark
    ? { status: spark.status, itemType: spark.itemType, duetOriginalItemId: spark.duetOriginalItemId, mentionedItemIds: spark.mentionedItemIds ?? [], isMultiDuetStitch: spark.isMultiDuetStitch }
    : listed
      ? { status: listed.status, itemType: listed.itemType, duetOriginalItemId: null, mentionedItemIds: [], isMultiDuetStitch: null }
      : null;
  return { itemId, caption, uses, facts };
}

/**
 * Known posts of BC-linked TikTok accounts (from ads and identity posts), by account asset id. Posts
 * are found through the BC identities standing for the accounts (`identityAccounts`: identity id →
 * account id, from the snapshot index), since ads and post lists name the identity, not the asset.
 */
export async function listAccountPosts(db: Queryable, { orgId, identityAccounts }: Org & { identityAccounts: ReadonlyMap<string, string> }): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const identityIds = [...identityAccounts.keys()];
  if (identityIds.length === 0) return out;
  const rows = await unionAll(
    db
      .select({ identityId: sql<string>`${ttAds.identityId}`.as('identity_id'), itemId: sql<string>`${ttAds.tiktokItemId}`.as('item_id') })
      .from(ttAds)
      .where(and(current(ttAds, orgId), eq(ttAds.identityType, 'BC_AUTH_TT'), inArray(ttAds.identityId, identityIds), isNotNull(ttAds.tiktokItemId))),
    db
      .select({ identityId: sql<string>`${ttIdentityPosts.identityId}`.as('identity_id'), itemId: sql<string>`${ttIdentityPosts.itemId}`.as('item_id') })
      .from(ttIdentityPosts)
      .where(and(current(ttIdentityPosts, orgId), eq(ttIdentityPosts.identityType, 'BC_AUTH_TT'), inArray(ttIdentityPosts.identityId, identityIds))),
  );
  const sets = new Map<string, Set<string>>();
  for (const { identityId, itemId } of rows) {
    const account = identityAccounts.get(identityId);
    if (account !== undefined) sets.set(account, (sets.get(account) ?? new Set()).add(itemId));
  }
  for (const [ttAccountId, items] of sets) out.set(ttAccountId, [...items].sort());
  return out;
}

export type PostOption = { itemId: string; account: string | null; caption: string | null };

/**
 * Posts to choose from on the explain page (an item ID can always be pasted instead), one option per
 * post. The account is named by its @handle where any source has it, else by a display name, never
 * by TikTok's internal identity id.
 */
export async function listPostOptions(db: Queryable, { orgId, limit }: Org & { limit: number }): Promise<{ posts: PostOption[]; more: boolean }> {
  const list = (
    await executeRows<{ item_id: string; account: string | null; caption: string | null }>(
      db,
      sql`
    select item_id, (array_agg(account order by rank) filter (where account is not null))[1] as account, max(caption) as caption from (
      select p.item_id, coalesce('@' || i.username, i.display_name) as account, case when i.username is not null then 1 else 2 end as rank, p.caption
        from ${ttIdentityPosts} p
        left join ${ttIdentities} i on i.org_id = p.org_id and i.connection_id = p.connection_id and i.advertiser_id = p.advertiser_id
          and i.identity_type = p.identity_type and i.identity_id = p.identity_id and i.identity_authorized_bc_id = p.identity_authorized_bc_id
        where p.org_id = ${orgId} and p.removed_at is null
      union all
      select a.tiktok_item_id, t.name, 3, null
        from ${ttAds} a left join ${ttBcTiktokAccounts} t on t.org_id = a.org_id and t.connection_id = a.connection_id and t.bc_id = a.identity_authorized_bc_id and t.tt_account_id = a.identity_id
        where a.org_id = ${orgId} and a.removed_at is null and a.tiktok_item_id is not null and a.identity_type = 'BC_AUTH_TT'
      union all
      select s.item_id, '@' || s.tiktok_name, 1, s.caption from ${ttSparkPosts} s where s.org_id = ${orgId} and s.removed_at is null
    ) known
    group by item_id
    order by 2 nulls last, item_id
    limit ${limit + 1}`,
    )
  ).map((r) => ({ itemId: r.item_id, account: r.account, caption: r.caption }));
  return { posts: list.slice(0, limit), more: list.length > limit };
}

export type TeamMemberOption = { memberKey: string; name: string; email: string | null; pending: boolean };

/** Everyone in the synced BCs for a picker, or only the count when there are more than `limit` (a list would be no help). */
export async function listTeamMembers(db: Queryable, { orgId, limit }: Org & { limit: number }): Promise<{ members: TeamMemberOption[]; total: number }> {
  const where = current(ttBcMembers, orgId);
  const [totals] = await db
    .select({ total: sql<number>`count(distinct ${ttBcMembers.memberKey})::int` })
    .from(ttBcMembers)
    .where(where);
  const total = totals?.total ?? 0;
  if (total > limit) return { members: [], total };
  const members = await db
    .select({
      memberKey: ttBcMembers.memberKey,
      name: sql<string>`coalesce(max(${ttBcMembers.userName}), max(${ttBcMembers.userEmail}), ${ttBcMembers.memberKey})`,
      email: sql<string | null>`max(${ttBcMembers.userEmail})`,
      pending: sql<boolean>`bool_and(${ttBcMembers.relationStatus} = 'PENDING')`,
    })
    .from(ttBcMembers)
    .where(where)
    .groupBy(ttBcMembers.memberKey)
    .orderBy(sql`2`, ttBcMembers.memberKey);
  return { members, total };
}

// ---- Matrix --------------------------------------------------------------------------------------

export const MATRIX_PAGE_SIZE = 50;
export const MATRIX_ASSET_PAGE_SIZE = 12;

export type MatrixFilter = { bcId?: string; assetType?: 'ADVERTISER' | 'TT_ACCOUNT'; role?: 'ADMIN' | 'STANDARD' | 'PENDING'; text?: string; page: number; assetPage: number };
export type MatrixRow = { bcId: string; memberKey: string; name: string; email: string | null; bcRole: string | null; pending: boolean };
export type MatrixAsset = { assetType: 'ADVERTISER' | 'TT_ACCOUNT'; assetId: string; name: string };
export type MatrixCell = { bcId: string; memberKey: string; assetType: string; assetId: string; advertiserRole: string | null; ttAccountRoles: string[] };

/**
 * One page of the members × assets matrix: rows are (BC, member) pairs, columns the BCs' assets (a
 * page of them too: a BC may hold 800 TikTok accounts), cells the grants between them, plus what each
 * BC holds on the TikTok accounts shown so that ineffective permissions can be marked.
 */
export async function loadMatrix(db: Queryable, { orgId, ...filter }: Org & MatrixFilter) {
  const memberWhere: (SQL | undefined)[] = [current(ttBcMembers, orgId), filter.bcId ? eq(ttBcMembers.bcId, filter.bcId) : undefined];
  if (filter.role === 'PENDING') memberWhere.push(eq(ttBcMembers.relationStatus, 'PENDING'));
  else if (filter.role) memberWhere.push(eq(ttBcMembers.userRole, filter.role));
  if (filter.text) {
    const like = contains(filter.text);
    memberWhere.push(or(ilike(ttBcMembers.userName, like), ilike(ttBcMembers.userEmail, like), eq(ttBcMembers.memberKey, filter.text)));
  }
  const rowsWhere = and(...memberWhere);
  const assetsOf = (type: 'ADVERTISER' | 'TT_ACCOUNT') => filter.assetType === undefined || filter.assetType === type;
  const advertiserWhere = and(current(ttAdvertisers, orgId), filter.bcId ? eq(ttAdvertisers.bcId, filter.bcId) : undefined);
  const accountWhere = and(current(ttBcTiktokAccounts, orgId), filter.bcId ? eq(ttBcTiktokAccounts.bcId, filter.bcId) : undefined);
  const assetQuery = sql`
    select asset_type, asset_id, name from (
      ${assetsOf('ADVERTISER') ? sql`select distinct on (advertiser_id) 'ADVERTISER' as asset_type, advertiser_id as asset_id, coalesce(name, advertiser_id) as name from ${ttAdvertisers} where ${advertiserWhere} order by advertiser_id` : sql`select null::text as asset_type, null::text as asset_id, null::text as name where false`}
    ) ads
    union all
    select asset_type, asset_id, name from (
      ${assetsOf('TT_ACCOUNT') ? sql`select distinct on (tt_account_id) 'TT_ACCOUNT' as asset_type, tt_account_id as asset_id, coalesce(name, ${UNNAMED_TT_ACCOUNT}) as name from ${ttBcTiktokAccounts} where ${accountWhere} order by tt_account_id` : sql`select null::text as asset_type, null::text as asset_id, null::text as name where false`}
    ) accounts`;
  const [pageRows, assetRows] = await Promise.all([
    db
      .select({
        bcId: ttBcMembers.bcId,
        memberKey: ttBcMembers.memberKey,
        name: sql<string>`coalesce(max(${ttBcMembers.userName}), max(${ttBcMembers.userEmail}), ${ttBcMembers.memberKey})`,
        email: sql<string | null>`max(${ttBcMembers.userEmail})`,
        bcRole: sql<string | null>`max(${ttBcMembers.userRole})`,
        pending: sql<boolean>`bool_or(${ttBcMembers.relationStatus} = 'PENDING')`,
        // Counted with the page (the window runs after grouping): one statement, not a second scan.
        total: sql<number>`(count(*) over ())::int`,
      })
      .from(ttBcMembers)
      .where(rowsWhere)
      .groupBy(ttBcMembers.bcId, ttBcMembers.memberKey)
      .orderBy(sql`lower(coalesce(max(${ttBcMembers.userName}), max(${ttBcMembers.userEmail}), ${ttBcMembers.memberKey}))`, ttBcMembers.bcId, ttBcMembers.memberKey)
      .limit(MATRIX_PAGE_SIZE)
      .offset((filter.page - 1) * MATRIX_PAGE_SIZE),
    executeRows<{ asset_type: 'ADVERTISER' | 'TT_ACCOUNT'; asset_id: string; name: string; total: number }>(
      db,
      sql`
      select asset_type, asset_id, name, (count(*) over ())::int as total from (${assetQuery}) assets
      order by asset_type, lower(name), asset_id
      limit ${MATRIX_ASSET_PAGE_SIZE} offset ${(filter.assetPage - 1) * MATRIX_ASSET_PAGE_SIZE}`,
    ),
  ]);
  const rows: MatrixRow[] = pageRows;
  // Past the last page the window has no row to ride on: count separately.
  const rowTotal =
    pageRows[0]?.total ??
    (filter.page > 1
      ? ((
          await db.select({ total: sql<number>`count(*)::int` }).from(
            db
              .select({ one: sql`1` })
              .from(ttBcMembers)
              .where(rowsWhere)
              .groupBy(ttBcMembers.bcId, ttBcMembers.memberKey)
              .as('members'),
          )
        )[0]?.total ?? 0)
      : 0);
  const assets: MatrixAsset[] = assetRows.map((a) => ({ assetType: a.asset_type, assetId: a.asset_id, name: a.name }));
  const assetTotal = assetRows[0]?.total ?? 0;
  const memberKeys = [...new Set(rows.map((r) => r.memberKey))];
  const bcIds = [...new Set(rows.map((r) => r.bcId))];
  const assetIds = assets.map((a) => a.assetId);
  const ttIds = assets.filter((a) => a.assetType === 'TT_ACCOUNT').map((a) => a.assetId);
  const [cells, holdings] = await Promise.all([
    memberKeys.length === 0 || assetIds.length === 0
      ? []
      : db
          .selectDistinctOn([ttMemberAssetRoles.bcId, ttMemberAssetRoles.memberKey, ttMemberAssetRoles.assetType, ttMemberAssetRoles.assetId], {
            bcId: ttMemberAssetRoles.bcId,
            memberKey: ttMemberAssetRoles.memberKey,
            assetType: ttMemberAssetRoles.assetType,
            assetId: ttMemberAssetRoles.assetId,
            advertiserRole: ttMemberAssetRoles.advertiserRole,
            ttAccountRoles: sql<string[]>`coalesce(${ttMemberAssetRoles.ttAccountRoles}, '{}')`,
          })
          .from(ttMemberAssetRoles)
          .where(and(current(ttMemberAssetRoles, orgId), inArray(ttMemberAssetRoles.bcId, bcIds), inArray(ttMemberAssetRoles.memberKey, memberKeys), inArray(ttMemberAssetRoles.assetId, assetIds)))
          .orderBy(ttMemberAssetRoles.bcId, ttMemberAssetRoles.memberKey, ttMemberAssetRoles.assetType, ttMemberAssetRoles.assetId),
    ttIds.length === 0 || bcIds.length === 0
      ? []
      : db
          .selectDistinctOn([ttBcTiktokAccounts.bcId, ttBcTiktokAccounts.ttAccountId], bcHoldingColumns)
          .from(ttBcTiktokAccounts)
          .where(and(current(ttBcTiktokAccounts, orgId), inArray(ttBcTiktokAccounts.bcId, bcIds), inArray(ttBcTiktokAccounts.ttAccountId, ttIds)))
          .orderBy(ttBcTiktokAccounts.bcId, ttBcTiktokAccounts.ttAccountId),
  ]);
  return { rows, rowTotal, assets, assetTotal, cells: cells as MatrixCell[], holdings };
}

// ---- History -------------------------------------------------------------------------------------

export const HISTORY_PAGE_SIZE = 50;
export type HistoryFilter = { member?: string; asset?: string; change?: 'gained' | 'lost' | 'changed'; from?: Date; to?: Date; page: number };

/** Permission changes the syncs detected, newest first; `to` is exclusive. */
export async function listPermissionChanges(db: Queryable, { orgId, ...filter }: Org & HistoryFilter) {
  const t = ttPermissionChanges;
  const where = and(
    eq(t.orgId, orgId),
    filter.member ? or(ilike(t.memberName, contains(filter.member)), ilike(t.memberEmail, contains(filter.member)), eq(t.memberKey, filter.member)) : undefined,
    filter.asset ? or(ilike(t.assetName, contains(filter.asset)), eq(t.assetId, filter.asset)) : undefined,
    filter.change ? eq(t.change, filter.change) : undefined,
    filter.from ? gte(t.detectedAt, filter.from) : undefined,
    filter.to ? lt(t.detectedAt, filter.to) : undefined,
  );
  const [changes, [totals]] = await Promise.all([
    db
      .select()
      .from(t)
      .where(where)
      .orderBy(desc(t.detectedAt), asc(t.memberName), asc(t.assetName), asc(t.id))
      .limit(HISTORY_PAGE_SIZE)
      .offset((filter.page - 1) * HISTORY_PAGE_SIZE),
    db.select({ total: count() }).from(t).where(where),
  ]);
  return { changes, total: totals?.total ?? 0 };
}
