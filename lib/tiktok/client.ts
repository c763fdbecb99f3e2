import type { z } from 'zod';
import { eachCursorPage, eachPage } from './pagination';
import {
  accessTokenSchema,
  adGroupPageSchema,
  adPageSchema,
  adPreviewSchema,
  authorizedAdvertisersSchema,
  bcAccountAuthorizationSchema,
  bcAdminAssetPageSchema,
  bcAssetMemberPageSchema,
  bcAssetPageSchema,
  bcAssetPartnerPageSchema,
  bcMemberPageSchema,
  businessCenterPageSchema,
  campaignPageSchema,
  identityInfoSchema,
  identityPageSchema,
  identityPostCursorPageSchema,
  identityPostDetailsSchema,
  ignoredDataSchema,
  sparkPostPageSchema,
  sparkPostSchema,
  type AssetType,
  type IdentityType,
  type PageInfo,
  type RowWarning,
} from './schemas';
import { createTransport, type ApiPath, type TransportOptions } from './transport';

// Request parameters keep TikTok's snake_case names; the reference documents them that way.

export type PageParams = { page?: number; page_size?: number };

export type ExchangeAuthCodeParams = {
  app_id: string;
  secret: string;
  auth_code: string;
  /** Set false for tokens that reach thousands of advertisers. */
  return_advertiser_ids?: boolean;
};

export type ListAuthorizedAdvertisersParams = { app_id: string; secret: string };

export type ListBusinessCentersParams = PageParams & {
  bc_id?: string;
  scene?: 'SINGLE_ACCOUNT' | 'TIERED_ACCOUNT';
  filtering?: {
    keyword?: string;
    keyword_type?: 'ASSET' | 'MEMBER' | 'PARTNER' | 'TIER';
    relation_type?: 'PARENT' | 'CHILD';
  };
};

export type ListBcAssetsParams = PageParams & {
  bc_id: string;
  asset_type: AssetType;
  child_bc_id?: string;
  /** `user_id` for BOUND members, `user_email` for PENDING invitees; TikTok rejects both at once. */
  filtering?: { keyword?: string } & ({ user_id?: string; user_email?: never } | { user_email?: string; user_id?: never });
};

export type ListBcAdminAssetsParams = PageParams & {
  bc_id: string;
  asset_type: AssetType;
  child_bc_id?: string;
  filtering?: {
    keyword?: string;
    relation_type?: 'OWNER_BC' | 'OWNER_PARTNER' | 'OWNER_INDIVIDUAL';
    relation_status?: 'BOUND' | 'UNBOUND' | 'PENDING' | 'REJECTED';
    advertiser_show_status?: string;
  };
};

export type ListBcMembersParams = PageParams & {
  bc_id: string;
  child_bc_id?: string;
  filtering?: {
    keyword?: string;
    user_role?: 'ADMIN' | 'STANDARD';
    relation_status?: 'BOUND' | 'UNBOUND' | 'PENDING' | 'REJECTED';
  };
};

/** Asset-scoped member/partner lists; `/bc/asset/member/get/` only accepts ADVERTISER, CATALOG and LEAD. */
export type ListBcAssetRelationsParams = PageParams & {
  bc_id: string;
  asset_type: AssetType;
  asset_id: string;
  filtering?: { keyword?: string };
};

export type GetBcAccountAuthorizationParams = { bc_id: string };

export type ListIdentitiesParams = PageParams & {
  advertiser_id: string;
  /** Omit for all types; page_info is then all zeros and only a short page marks the end. */
  identity_type?: IdentityType;
  /** Required with BC_AUTH_TT. */
  identity_authorized_bc_id?: string;
  filtering?: { keyword?: string };
};

export type IdentityRef = {
  advertiser_id: string;
  identity_id: string;
  identity_type: IdentityType;
  identity_authorized_bc_id?: string;
};

/** Only these identity types own TikTok posts (`/identity/video/*`). */
export type PostIdentityRef = Omit<IdentityRef, 'identity_type'> & { identity_type: 'AUTH_CODE' | 'TT_USER' | 'BC_AUTH_TT' };

export type ListIdentityPostsParams = PostIdentityRef & {
  item_type?: 'VIDEO' | 'CAROUSEL';
  /** AUTH_CODE identities only. */
  keyword?: string;
  cursor?: string;
  count?: number;
};

export type GetIdentityPostDetailsParams = PostIdentityRef & { item_type?: 'VIDEO' | 'CAROUSEL' } & ({ item_id: string; item_ids?: never } | { item_ids: string[]; item_id?: never });

export type GetSparkPostParams = { advertiser_id: string; auth_code: string };

export type ListSparkPostsParams = PageParams & {
  advertiser_id: string;
  item_types?: ('VIDEO' | 'CAROUSEL')[];
  /** Caption text (fuzzy) or a 19-digit item_id (exact). */
  keyword?: string;
};

export type AuthorizeSparkPostParams = {
  advertiser_id: string;
  auth_code: string;
  /** Needed when the post is a stitch or duet, or mentions another video. */
  original_post_auth_code?: string;
};

export type UnbindSparkPostParams = { advertiser_id: string; item_id: string };

export type PrimaryStatus =
  | 'STATUS_ALL'
  | 'STATUS_NOT_DELETE'
  | 'STATUS_DELETE'
  | 'STATUS_DELIVERY_OK'
  | 'STATUS_DISABLE'
  | 'STATUS_NOT_DELIVERY'
  | 'STATUS_TIME_DONE'
  | 'STATUS_RF_CLOSED'
  | 'STATUS_FROZEN'
  | 'STATUS_DELIVERY_PARTIAL';

/** Times are `YYYY-MM-DD HH:MM:SS` UTC; `toTikTokTime` formats a Date. */
type CreationWindow = { creation_filter_start_time?: string; creation_filter_end_time?: string };

type ReportingListParams<F> = PageParams & {
  advertiser_id: string;
  /** Omit for every field. */
  fields?: string[];
  filtering?: F;
  /** Deleted objects are hidden unless `primary_status` is STATUS_ALL; this sets it (overriding `filtering`). */
  include_deleted?: boolean;
};

export type ListCampaignsParams = ReportingListParams<
  CreationWindow & {
    campaign_ids?: string[];
    campaign_name?: string;
    primary_status?: PrimaryStatus;
    secondary_status?: string;
    objective_type?: string;
  }
>;

export type ListAdGroupsParams = ReportingListParams<
  CreationWindow & {
    campaign_ids?: string[];
    adgroup_ids?: string[];
    adgroup_name?: string;
    primary_status?: PrimaryStatus;
    secondary_status?: string;
    objective_type?: string;
  }
>;

export type ListAdsParams = ReportingListParams<
  CreationWindow & {
    campaign_ids?: string[];
    adgroup_ids?: string[];
    /** At most 100 IDs per list. */
    ad_ids?: string[];
    ad_name?: string;
    primary_status?: PrimaryStatus;
    secondary_status?: string;
    objective_type?: string;
    creative_material_mode?: string;
    destination?: string;
    modified_after?: string;
  }
>;

export type CreateAdPreviewParams = {
  advertiser_id: string;
  ad_id: string;
  language?: 'ENGLISH' | 'CHINESE' | 'JAPANESE';
  placement?: string;
};

/** Largest `page_size` (or `count`) each paginated endpoint accepts (reference §0, page-size table). */
export const MAX_PAGE_SIZE = {
  'bc/get/': 50,
  'bc/asset/get/': 50,
  'bc/asset/admin/get/': 50,
  'bc/asset/partner/get/': 50,
  'bc/member/get/': 20,
  'bc/asset/member/get/': 20,
  'identity/get/': 100,
  'identity/video/get/': 20,
  'tt_video/list/': 50,
  'campaign/get/': 1000,
  'adgroup/get/': 1000,
  'ad/get/': 1000,
} as const satisfies Record<string, number>;

export type TikTokClientOptions = TransportOptions;
export type TikTokClient = ReturnType<typeof createTikTokClient>;

function reportingQuery<F extends { primary_status?: PrimaryStatus }>({ include_deleted, ...params }: ReportingListParams<F>) {
  return include_deleted ? { ...params, filtering: { ...params.filtering, primary_status: 'STATUS_ALL' } } : params;
}

type ListData<T> = { list: T[]; page_info: PageInfo; warnings: RowWarning[] };

/**
 * Turns a one-page call into an iterator over all pages at the endpoint's largest page size;
 * `idOf` lets it notice a server that answers the same page whatever `page` says.
 */
function allPages<P extends PageParams, T>(fetchPage: (params: P) => Promise<ListData<T>>, maxPageSize: number, idOf: (item: T) => string) {
  return (params: Omit<P, keyof PageParams>) =>
    eachPage<T>(
      async (page, page_size) => {
        const data = await fetchPage({ ...params, page, page_size } as P);
        return { items: data.list, pageInfo: data.page_info, warnings: data.warnings };
      },
      maxPageSize,
      { idOf },
    );
}

/**
 * One client per (organization, access token). Methods return the envelope's validated `data`;
 * failures throw TikTokApiError subclasses. `pages.*` iterate every page of the list methods.
 */
export function createTikTokClient(options: TikTokClientOptions) {
  const transport = createTransport(options);

  async function get<T>(path: ApiPath, schema: z.ZodType<T>, params: Record<string, unknown>): Promise<T> {
    return (await transport.request({ method: 'GET', path, schema, params })).data;
  }

  async function post<T>(path: ApiPath, schema: z.ZodType<T>, params: Record<string, unknown>, authenticated = true): Promise<T> {
    return (await transport.request({ method: 'POST', path, schema, params, authenticated })).data;
  }

  async function write(path: ApiPath, params: Record<string, unknown>): Promise<{ requestId: string | null }> {
    const { requestId } = await transport.request({ method: 'POST', path, schema: ignoredDataSchema, params });
    return { requestId };
  }

  const methods = {
    /** Trades a one-hour, single-use auth_code for a long-lived advertiser token (no Access-Token header). */
    exchangeAuthCode: (params: ExchangeAuthCodeParams) => post('oauth2/access_token/', accessTokenSchema, params, false),

    /** Every ad account the token reaches. */
    listAuthorizedAdvertisers: async (params: ListAuthorizedAdvertisersParams) => (await get('oauth2/advertiser/get/', authorizedAdvertisersSchema, params)).list,

    listBusinessCenters: (params: ListBusinessCentersParams = {}) => get('bc/get/', businessCenterPageSchema, params),

    /** With `filtering.user_id`: what that member may do on each asset (the only way for TT_ACCOUNT). */
    listBcAssets: (params: ListBcAssetsParams) => get('bc/asset/get/', bcAssetPageSchema, params),

    listBcAdminAssets: (params: ListBcAdminAssetsParams) => get('bc/asset/admin/get/', bcAdminAssetPageSchema, params),

    listBcMembers: (params: ListBcMembersParams) => get('bc/member/get/', bcMemberPageSchema, params),

    listBcAssetMembers: (params: ListBcAssetRelationsParams) => get('bc/asset/member/get/', bcAssetMemberPageSchema, params),

    listBcAssetPartners: (params: ListBcAssetRelationsParams) => get('bc/asset/partner/get/', bcAssetPartnerPageSchema, params),

    /** The link a BC admin shows as a QR code so a TikTok account owner can link the account. */
    getBcAccountAuthorizationLink: async (params: GetBcAccountAuthorizationParams) => (await get('bc/asset/account/authorization/', bcAccountAuthorizationSchema, params)).bc_auth_qr_code,

    listIdentities: (params: ListIdentitiesParams) => get('identity/get/', identityPageSchema, params),

    getIdentity: async (params: IdentityRef) => (await get('identity/info/', identityInfoSchema, params)).identity_info,

    listIdentityPosts: (params: ListIdentityPostsParams) => get('identity/video/get/', identityPostCursorPageSchema, params),

    getIdentityPostDetails: (params: GetIdentityPostDetailsParams) => get('identity/video/info/', identityPostDetailsSchema, params),

    getSparkPost: (params: GetSparkPostParams) => get('tt_video/info/', sparkPostSchema, params),

    listSparkPosts: (params: ListSparkPostsParams) => get('tt_video/list/', sparkPostPageSchema, params),

    /** Binds a creator's Spark code to the advertiser. TikTok returns no data; read the post back with getSparkPost. */
    authorizeSparkPost: (params: AuthorizeSparkPostParams) => write('tt_video/authorize/', params),

    unbindSparkPost: (params: UnbindSparkPostParams) => write('tt_video/unbind/', params),

    listCampaigns: (params: ListCampaignsParams) => get('campaign/get/', campaignPageSchema, reportingQuery(params)),

    listAdGroups: (params: ListAdGroupsParams) => get('adgroup/get/', adGroupPageSchema, reportingQuery(params)),

    listAds: (params: ListAdsParams) => get('ad/get/', adPageSchema, reportingQuery(params)),

    createAdPreview: (params: CreateAdPreviewParams) => post('creative/ads_preview/create/', adPreviewSchema, { ...params, preview_type: 'AD' }),
  };

  const pages = {
    listBusinessCenters: allPages(methods.listBusinessCenters, MAX_PAGE_SIZE['bc/get/'], (bc) => bc.bc_info.bc_id),
    listBcAssets: allPages(methods.listBcAssets, MAX_PAGE_SIZE['bc/asset/get/'], (a) => a.asset_id),
    listBcAdminAssets: allPages(methods.listBcAdminAssets, MAX_PAGE_SIZE['bc/asset/admin/get/'], (a) => a.asset_id),
    listBcMembers: allPages(methods.listBcMembers, MAX_PAGE_SIZE['bc/member/get/'], (m) => m.user_id ?? `email:${m.user_email ?? ''}`),
    listBcAssetMembers: allPages(methods.listBcAssetMembers, MAX_PAGE_SIZE['bc/asset/member/get/'], (m) => m.user_id ?? `email:${m.user_email ?? ''}`),
    listBcAssetPartners: allPages(methods.listBcAssetPartners, MAX_PAGE_SIZE['bc/asset/partner/get/'], (p) => p.bc_id),
    listIdentities: allPages(methods.listIdentities, MAX_PAGE_SIZE['identity/get/'], (i) => `${i.identity_type.raw}|${i.identity_id}|${i.identity_authorized_bc_id ?? ''}`),
    listSparkPosts: allPages(methods.listSparkPosts, MAX_PAGE_SIZE['tt_video/list/'], (p) => p.item_info.item_id),
    listCampaigns: allPages(methods.listCampaigns, MAX_PAGE_SIZE['campaign/get/'], (c) => c.campaign_id),
    listAdGroups: allPages(methods.listAdGroups, MAX_PAGE_SIZE['adgroup/get/'], (g) => g.adgroup_id),
    listAds: allPages(methods.listAds, MAX_PAGE_SIZE['ad/get/'], (a) => a.ad_id),
    listIdentityPosts: (params: Omit<ListIdentityPostsParams, 'cursor' | 'count'>) =>
      eachCursorPage(
        async (cursor) => {
          const data = await methods.listIdentityPosts({
            ...params,
            cursor,
            count: MAX_PAGE_SIZE['identity/video/get/'],
          });
          return { items: data.list, cursor: data.cursor, hasMore: data.has_more, warnings: data.warnings };
        },
        { idOf: (post) => post.item_id },
      ),
  };

  return { ...methods, pages };
}
