import {
  collectItems,
  TikTokApiError,
  type Ad,
  type AdGroup,
  type BcAdminAsset,
  type BcAsset,
  type BcAssetPartner,
  type BcMember,
  type Campaign,
  type Identity,
  type IdentityPost,
  type PostIdentityRef,
  type SparkPost,
  type TikTokClient,
} from '@/lib/tiktok';
import { isDeletedAd, memberKeyOf } from './rows';

// Reads one unit of a sync (a BC, or an ad account) completely before anything is written, so no
// database transaction stays open while TikTok answers.

/** Extra attempts at one list after the client's own retries gave up. */
const READ_ATTEMPTS = 4;
/** Calls in flight at once within one unit; the shared limiter still paces them. */
const CONCURRENCY = 4;
/** `/identity/video/info/` takes at most 20 `item_ids` (reference §4). */
const ITEM_IDS_PER_CALL = 20;

/**
 * Reads are safe to repeat. The client retries throttling and server faults itself, but not a
 * response it could not parse (a truncated body), since a repeated write could apply twice.
 */
async function read<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const repeatable = error instanceof TikTokApiError && (error.retryable || error.kind === 'protocol');
      if (!repeatable || attempt >= READ_ATTEMPTS) throw error;
    }
  }
}

/** Every item of a paginated list, starting over if a page fails in a way worth repeating. */
const readAll = <T>(pages: () => AsyncIterable<{ items: T[] }>) => read(() => collectItems(pages()));

/** Like Promise.all over `items`, at most `limit` at a time; stops starting new work once one fails. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  let failed = false;
  async function worker() {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Every BC the token reaches. */
export const fetchBusinessCenters = (client: TikTokClient) => readAll(() => client.pages.listBusinessCenters({}));

export type MemberSnapshot = { key: string; member: BcMember; assets: BcAsset[] };

/** Members, what each may do on which asset, and the assets' partners: the slow tier of a sync. */
export type BcPermissionsSnapshot = {
  members: MemberSnapshot[];
  partners: { assetType: string; assetId: string; partner: BcAssetPartner }[];
};

export type BcSnapshot = {
  bcId: string;
  advertisers: BcAdminAsset[];
  ttAccounts: BcAdminAsset[];
  /** Null when this run left permissions as the last read stored them. */
  permissions: BcPermissionsSnapshot | null;
};

/**
 * What one member may do on the BC's TikTok accounts. TikTok answers this only per member
 * (`bc/asset/member/get` refuses TT_ACCOUNT, reference Corrections).
 */
async function fetchMemberTtAccounts(client: TikTokClient, bcId: string, member: BcMember): Promise<BcAsset[]> {
  // `filtering.user_id` finds BOUND members; a PENDING invitee is found by `user_email` (reference §2.1).
  const filtering =
    member.relation_status?.value === 'BOUND' && member.user_id !== null
      ? { user_id: member.user_id }
      : member.user_email !== null
        ? { user_email: member.user_email }
        : null;
  if (filtering === null) return [];
  try {
    return await readAll(() => client.pages.listBcAssets({ bc_id: bcId, asset_type: 'TT_ACCOUNT', filtering }));
  } catch (error) {
    // The member left the BC between listing members and asking for their assets.
    if (error instanceof TikTokApiError && error.kind === 'not_found') return [];
    throw error;
  }
}

/**
 * Ad-account roles per ad account (`bc/asset/member/get`, 20 members a page) rather than per member:
 * a page covers twenty members of one ad account, where the per-member read costs a call per member.
 */
async function fetchAdvertiserRoles(client: TikTokClient, bcId: string, advertisers: BcAdminAsset[]): Promise<Map<string, BcAsset[]>> {
  const lists = await mapConcurrent(advertisers, CONCURRENCY, async (advertiser) => {
    try {
      const members = await readAll(() => client.pages.listBcAssetMembers({ bc_id: bcId, asset_type: 'ADVERTISER', asset_id: advertiser.asset_id }));
      return members.map((member) => ({ member, advertiser }));
    } catch (error) {
      // The ad account left the BC between listing assets and asking for its members.
      if (error instanceof TikTokApiError && error.kind === 'not_found') return [];
      throw error;
    }
  });
  const byMember = new Map<string, BcAsset[]>();
  for (const { member, advertiser } of lists.flat()) {
    const key = memberKeyOf(member);
    if (key === null || member.advertiser_role === null) continue;
    const role: BcAsset = {
      asset_id: advertiser.asset_id,
      asset_name: advertiser.asset_name,
      asset_type: advertiser.asset_type,
      advertiser_role: member.advertiser_role,
      advertiser_account_type: advertiser.advertiser_account_type,
      catalog_role: null,
      ad_creation_eligible: null,
      store_role: null,
      tt_account_roles: null,
      owner_bc_name: advertiser.owner_bc_name,
    };
    byMember.set(key, [...(byMember.get(key) ?? []), role]);
  }
  return byMember;
}

async function fetchBcPermissions(client: TikTokClient, bcId: string, advertisers: BcAdminAsset[], ttAccounts: BcAdminAsset[]): Promise<BcPermissionsSnapshot> {
  const [members, advertiserRoles] = await Promise.all([readAll(() => client.pages.listBcMembers({ bc_id: bcId })), fetchAdvertiserRoles(client, bcId, advertisers)]);
  const keyed = members.flatMap((member) => {
    const key = memberKeyOf(member);
    return key === null ? [] : [{ key, member }];
  });
  const withAssets = await mapConcurrent(keyed, CONCURRENCY, async ({ key, member }) => ({
    key,
    member,
    assets: [...(advertiserRoles.get(key) ?? []), ...(await fetchMemberTtAccounts(client, bcId, member))],
  }));
  const assets = [
    ...advertisers.map((a) => ({ assetType: 'ADVERTISER' as const, assetId: a.asset_id })),
    ...ttAccounts.map((a) => ({ assetType: 'TT_ACCOUNT' as const, assetId: a.asset_id })),
  ];
  const partners = await mapConcurrent(assets, CONCURRENCY, async (asset) => {
    const list = await readAll(() => client.pages.listBcAssetPartners({ bc_id: bcId, asset_type: asset.assetType, asset_id: asset.assetId }));
    return list.map((partner) => ({ ...asset, partner }));
  });
  return { members: withAssets, partners: partners.flat() };
}

/** A BC's ad accounts and TikTok-account links; with `permissions`, also its members, their permissions and the assets' partners. */
export async function fetchBcSnapshot(client: TikTokClient, bcId: string, { permissions }: { permissions: boolean }): Promise<BcSnapshot> {
  const [advertisers, ttAccounts] = await Promise.all([
    readAll(() => client.pages.listBcAdminAssets({ bc_id: bcId, asset_type: 'ADVERTISER' })),
    readAll(() => client.pages.listBcAdminAssets({ bc_id: bcId, asset_type: 'TT_ACCOUNT' })),
  ]);
  return { bcId, advertisers, ttAccounts, permissions: permissions ? await fetchBcPermissions(client, bcId, advertisers, ttAccounts) : null };
}

export type AdvertiserSnapshot = {
  advertiserId: string;
  identities: Identity[];
  sparkPosts: SparkPost[];
  campaigns: Campaign[];
  adGroups: AdGroup[];
  ads: Ad[];
  identityPosts: { identity: PostIdentityRef; post: IdentityPost }[];
};

type PostIdentityType = PostIdentityRef['identity_type'];
const OWN_POST_IDENTITY_TYPES = new Set<string>(['TT_USER', 'BC_AUTH_TT'] satisfies PostIdentityType[]);

const identityKey = (type: string, id: string, bcId: string | null) => JSON.stringify([type, id, bcId ?? '']);

/** TikTok refuses to list posts for an identity that cannot pull them (private, not a business account, no POST permission, …). */
function canPullPosts(identity: Identity): boolean {
  const status = identity.available_status;
  return (status === null || status.value === 'AVAILABLE') && identity.can_pull_video !== false;
}

/**
 * The posts live ads use through TT_USER and BC_AUTH_TT identities, as each identity sees them.
 * Only identities the ad account lists as able to pull are asked; the others' state is in
 * tt_identities. A post the identity cannot reach is simply not returned.
 */
async function fetchIdentityPosts(client: TikTokClient, advertiserId: string, identities: Identity[], ads: Ad[]) {
  const usable = new Map(identities.filter(canPullPosts).map((i) => [identityKey(i.identity_type.raw, i.identity_id, i.identity_authorized_bc_id), i]));
  const wanted = new Map<string, { identity: PostIdentityRef; itemIds: Set<string> }>();
  for (const ad of ads) {
    const type = ad.identity_type?.raw;
    if (isDeletedAd(ad) || type === undefined || !OWN_POST_IDENTITY_TYPES.has(type) || ad.identity_id === null || ad.tiktok_item_id === null) continue;
    const key = identityKey(type, ad.identity_id, ad.identity_authorized_bc_id);
    if (!usable.has(key)) continue;
    const entry = wanted.get(key) ?? {
      identity: {
        advertiser_id: advertiserId,
        identity_type: type as PostIdentityType,
        identity_id: ad.identity_id,
        ...(ad.identity_authorized_bc_id === null ? {} : { identity_authorized_bc_id: ad.identity_authorized_bc_id }),
      },
      itemIds: new Set<string>(),
    };
    entry.itemIds.add(ad.tiktok_item_id);
    wanted.set(key, entry);
  }
  const calls = [...wanted.values()].flatMap(({ identity, itemIds }) => {
    const ids = [...itemIds];
    return Array.from({ length: Math.ceil(ids.length / ITEM_IDS_PER_CALL) }, (_, i) => ({ identity, itemIds: ids.slice(i * ITEM_IDS_PER_CALL, (i + 1) * ITEM_IDS_PER_CALL) }));
  });
  const results = await mapConcurrent(calls, CONCURRENCY, async ({ identity, itemIds }) => {
    try {
      const posts = await read(() => client.getIdentityPostDetails({ ...identity, item_ids: itemIds }));
      return posts.map((post) => ({ identity, post }));
    } catch (error) {
      // The identity lost access between listing identities and asking for posts: it reaches none of them.
      if (error instanceof TikTokApiError && (error.kind === 'permission' || error.kind === 'not_found')) return [];
      throw error;
    }
  });
  return results.flat();
}

/** Every post authorized to the ad account (`/tt_video/list/`), the Spark ledger. */
export const fetchSparkPosts = (client: TikTokClient, advertiserId: string) => readAll(() => client.pages.listSparkPosts({ advertiser_id: advertiserId }));

export async function fetchAdvertiserSnapshot(client: TikTokClient, advertiserId: string): Promise<AdvertiserSnapshot> {
  const params = { advertiser_id: advertiserId };
  const [identities, sparkPosts, campaigns, adGroups, ads] = await Promise.all([
    // Without identity_type TikTok lists every type at once (reference §4).
    readAll(() => client.pages.listIdentities(params)),
    fetchSparkPosts(client, advertiserId),
    readAll(() => client.pages.listCampaigns({ ...params, include_deleted: true })),
    readAll(() => client.pages.listAdGroups({ ...params, include_deleted: true })),
    readAll(() => client.pages.listAds({ ...params, include_deleted: true })),
  ]);
  const identityPosts = await fetchIdentityPosts(client, advertiserId, identities, ads);
  return { advertiserId, identities, sparkPosts, campaigns, adGroups, ads, identityPosts };
}
