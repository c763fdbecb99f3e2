import type { SyncWarning } from '@/db/schema';
import {
  collectPages,
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
  type RowWarning,
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

/** Where a unit's reads report what TikTok sent that could not be stored as sent (see SyncWarning). */
export type Warn = (warning: Omit<SyncWarning, 'scope'>) => void;

const ignoreWarnings: Warn = () => {};

function report(warn: Warn, endpoint: string, warnings: readonly RowWarning[]) {
  for (const { rowId, field, message, raw } of warnings) warn({ endpoint, rowId, field, message, raw });
}

/**
 * Every item of a paginated list, starting over if a page fails in a way worth repeating. Rows
 * TikTok sent that could not be read are reported once the whole list was read.
 */
async function readAll<T>(endpoint: string, warn: Warn, pages: () => AsyncIterable<{ items: T[]; warnings?: RowWarning[] }>): Promise<T[]> {
  const { items, warnings } = await read(() => collectPages(pages()));
  report(warn, endpoint, warnings);
  return items;
}

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
export const fetchBusinessCenters = (client: TikTokClient, warn: Warn = ignoreWarnings) => readAll('bc/get/', warn, () => client.pages.listBusinessCenters({}));

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
async function fetchMemberTtAccounts(client: TikTokClient, bcId: string, member: BcMember, warn: Warn): Promise<BcAsset[]> {
  // `filtering.user_id` finds BOUND members; a PENDING invitee is found by `user_email` (reference §2.1).
  const filtering = member.relation_status?.value === 'BOUND' && member.user_id !== null ? { user_id: member.user_id } : member.user_email !== null ? { user_email: member.user_email } : null;
  if (filtering === null) return [];
  try {
    return await readAll('bc/asset/get/', warn, () => client.pages.listBcAssets({ bc_id: bcId, asset_type: 'TT_ACCOUNT', filtering }));
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
async function fetchAdvertiserRoles(client: TikTokClient, bcId: string, advertisers: BcAdminAsset[], warn: Warn): Promise<Map<string, BcAsset[]>> {
  const lists = await mapConcurrent(advertisers, CONCURRENCY, async (advertiser) => {
    try {
      const members = await readAll('bc/asset/member/get/', warn, () => client.pages.listBcAssetMembers({ bc_id: bcId, asset_type: 'ADVERTISER', asset_id: advertiser.asset_id }));
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

async function fetchBcPermissions(client: TikTokClient, bcId: string, advertisers: BcAdminAsset[], ttAccounts: BcAdminAsset[], warn: Warn): Promise<BcPermissionsSnapshot> {
  const [members, advertiserRoles] = await Promise.all([readAll('bc/member/get/', warn, () => client.pages.listBcMembers({ bc_id: bcId })), fetchAdvertiserRoles(client, bcId, advertisers, warn)]);
  const keyed = members.flatMap((member) => {
    const key = memberKeyOf(member);
    return key === null ? [] : [{ key, member }];
  });
  const withAssets = await mapConcurrent(keyed, CONCURRENCY, async ({ key, member }) => ({
    key,
    member,
    assets: [...(advertiserRoles.get(key) ?? []), ...(await fetchMemberTtAccounts(client, bcId, member, warn))],
  }));
  const assets = [...advertisers.map((a) => ({ assetType: 'ADVERTISER' as const, assetId: a.asset_id })), ...ttAccounts.map((a) => ({ assetType: 'TT_ACCOUNT' as const, assetId: a.asset_id }))];
  const partners = await mapConcurrent(assets, CONCURRENCY, async (asset) => {
    const list = await readAll('bc/asset/partner/get/', warn, () => client.pages.listBcAssetPartners({ bc_id: bcId, asset_type: asset.assetType, asset_id: asset.assetId }));
    return list.map((partner) => ({ ...asset, partner }));
  });
  return { members: withAssets, partners: partners.flat() };
}

/** A BC's ad accounts and TikTok-account links; with `permissions`, also its members, their permissions and the assets' partners. */
/**
 * The keys of a BC's pending invitations: `bc/member/get` filtered to PENDING, a call per 20. A run
 * that does not read the permission tier compares them with the stored ones (`run-sync.ts`).
 */
export async function fetchPendingInvitationKeys(client: TikTokClient, bcId: string): Promise<Set<string>> {
  const invitees = await readAll('bc/member/get/', ignoreWarnings, () => client.pages.listBcMembers({ bc_id: bcId, filtering: { relation_status: 'PENDING' } }));
  return new Set(invitees.flatMap((member) => memberKeyOf(member) ?? []));
}

export async function fetchBcSnapshot(client: TikTokClient, bcId: string, { permissions, warn = ignoreWarnings }: { permissions: boolean; warn?: Warn }): Promise<BcSnapshot> {
  const [advertisers, ttAccounts] = await Promise.all([
    readAll('bc/asset/admin/get/', warn, () => client.pages.listBcAdminAssets({ bc_id: bcId, asset_type: 'ADVERTISER' })),
    readAll('bc/asset/admin/get/', warn, () => client.pages.listBcAdminAssets({ bc_id: bcId, asset_type: 'TT_ACCOUNT' })),
  ]);
  return { bcId, advertisers, ttAccounts, permissions: permissions ? await fetchBcPermissions(client, bcId, advertisers, ttAccounts, warn) : null };
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

/** Carousel ads run photo-mode posts, which the identity endpoints return only for item_type=CAROUSEL. */
const CAROUSEL_AD_FORMATS = new Set(['CAROUSEL_ADS', 'CAROUSEL']);

type PostLookup = { identity: PostIdentityRef; itemIds: string[]; itemType: 'VIDEO' | 'CAROUSEL' };

/**
 * What one run has learnt from `/identity/video/info/`, shared by its ad accounts. A TT_USER or
 * BC_AUTH_TT identity is one TikTok account, often listed under many ad accounts of a BC, and the
 * post it shows is the same whichever ad account asks (TikTok needs an `advertiser_id` to route the
 * call; the answer carries the post's status, caption and media, nothing about the ad account), so
 * a run asks once per identity, post and `item_type`: the first ad account that uses the post and
 * lists the identity as able to pull asks; the others use that answer. A post the identity did not
 * return is remembered as not returned. Only answers are remembered: when an ad account is refused
 * (the identity lost access from it), the next ad account that uses the post asks itself. A row
 * TikTok sent oddly is reported once, as a warning of the ad account that asked.
 */
export type PostCache = Map<string, IdentityPost | null>;

export const createPostCache = (): PostCache => new Map();

const postCacheKey = (identity: PostIdentityRef, itemType: PostLookup['itemType'], itemId: string) =>
  `${identityKey(identity.identity_type, identity.identity_id, identity.identity_authorized_bc_id ?? null)}|${itemType}|${itemId}`;

/**
 * The posts live ads use through TT_USER and BC_AUTH_TT identities, as each identity sees them.
 * Only identities the ad account lists as able to pull are asked; the others' state is in
 * tt_identities. A post the identity cannot reach is simply not returned. TikTok answers
 * `item_type=VIDEO` unless asked otherwise (Docs 1740218522178562, 1740218475032577): a carousel
 * ad's post is asked for as CAROUSEL, and a post a VIDEO lookup missed is asked for again as one.
 * Posts this run already asked about for another ad account come from `cache` (see PostCache).
 */
async function fetchIdentityPosts(client: TikTokClient, advertiserId: string, identities: Identity[], ads: Ad[], warn: Warn, cache: PostCache) {
  const usable = new Map(identities.filter(canPullPosts).map((i) => [identityKey(i.identity_type.raw, i.identity_id, i.identity_authorized_bc_id), i]));
  const wanted = new Map<string, { identity: PostIdentityRef; video: Set<string>; carousel: Set<string> }>();
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
      video: new Set<string>(),
      carousel: new Set<string>(),
    };
    (ad.ad_format !== null && CAROUSEL_AD_FORMATS.has(ad.ad_format.raw) ? entry.carousel : entry.video).add(ad.tiktok_item_id);
    wanted.set(key, entry);
  }
  const posts: { identity: PostIdentityRef; post: IdentityPost }[] = [];
  /** Posts already known go to `posts`; the rest are returned as calls of at most 20 ids. */
  const lookups = (identity: PostIdentityRef, ids: Iterable<string>, itemType: PostLookup['itemType']): PostLookup[] => {
    const list: string[] = [];
    for (const id of ids) {
      const known = cache.get(postCacheKey(identity, itemType, id));
      if (known === undefined) list.push(id);
      else if (known !== null) posts.push({ identity, post: known });
    }
    return Array.from({ length: Math.ceil(list.length / ITEM_IDS_PER_CALL) }, (_, i) => ({ identity, itemType, itemIds: list.slice(i * ITEM_IDS_PER_CALL, (i + 1) * ITEM_IDS_PER_CALL) }));
  };
  const first = [...wanted.values()].flatMap((w) => [...lookups(w.identity, w.video, 'VIDEO'), ...lookups(w.identity, w.carousel, 'CAROUSEL')]);
  const refused = new Set<string>();
  posts.push(...(await lookUpPosts(client, first, warn, cache, refused)));
  const found = new Set(posts.map(({ identity, post }) => `${identityKey(identity.identity_type, identity.identity_id, identity.identity_authorized_bc_id ?? null)}|${post.item_id}`));
  const missed = [...wanted.entries()].flatMap(([key, w]) =>
    refused.has(key)
      ? []
      : lookups(
          w.identity,
          [...w.video].filter((id) => !found.has(`${key}|${id}`)),
          'CAROUSEL',
        ),
  );
  posts.push(...(await lookUpPosts(client, missed, warn, cache, refused)));
  return posts;
}

/** Asks TikTok; remembers each answer in `cache`, and in `refused` the identities this ad account may no longer ask about. */
async function lookUpPosts(client: TikTokClient, calls: PostLookup[], warn: Warn, cache: PostCache, refused: Set<string>) {
  const results = await mapConcurrent(calls, CONCURRENCY, async ({ identity, itemIds, itemType }) => {
    try {
      const { list, warnings } = await read(() => client.getIdentityPostDetails({ ...identity, item_ids: itemIds, item_type: itemType }));
      report(warn, 'identity/video/info/', warnings);
      const returned = new Map(list.map((post) => [post.item_id, post]));
      for (const id of itemIds) cache.set(postCacheKey(identity, itemType, id), returned.get(id) ?? null);
      return list.map((post) => ({ identity, post }));
    } catch (error) {
      // The identity lost access between listing identities and asking for posts: it reaches none of
      // them from this ad account, so its carousel look-ups are not asked either.
      if (error instanceof TikTokApiError && (error.kind === 'permission' || error.kind === 'not_found')) {
        refused.add(identityKey(identity.identity_type, identity.identity_id, identity.identity_authorized_bc_id ?? null));
        return [];
      }
      throw error;
    }
  });
  return results.flat();
}

/** Every post authorized to the ad account (`/tt_video/list/`), the Spark ledger. */
export const fetchSparkPosts = (client: TikTokClient, advertiserId: string, warn: Warn = ignoreWarnings) =>
  readAll('tt_video/list/', warn, () => client.pages.listSparkPosts({ advertiser_id: advertiserId }));

/**
 * One ad account, read completely. `posts` is the run's PostCache when the run reads several ad
 * accounts; by default the ad account asks for every post itself.
 */
export async function fetchAdvertiserSnapshot(client: TikTokClient, advertiserId: string, warn: Warn = ignoreWarnings, posts: PostCache = createPostCache()): Promise<AdvertiserSnapshot> {
  const params = { advertiser_id: advertiserId };
  const [identities, sparkPosts, campaigns, adGroups, ads] = await Promise.all([
    // Without identity_type TikTok lists every type at once, with an all-zero page_info (reference §4).
    readAll('identity/get/', warn, () => client.pages.listIdentities(params)),
    fetchSparkPosts(client, advertiserId, warn),
    readAll('campaign/get/', warn, () => client.pages.listCampaigns({ ...params, include_deleted: true })),
    readAll('adgroup/get/', warn, () => client.pages.listAdGroups({ ...params, include_deleted: true })),
    readAll('ad/get/', warn, () => client.pages.listAds({ ...params, include_deleted: true })),
  ]);
  const identityPosts = await fetchIdentityPosts(client, advertiserId, identities, ads, warn, posts);
  return { advertiserId, identities, sparkPosts, campaigns, adGroups, ads, identityPosts };
}
