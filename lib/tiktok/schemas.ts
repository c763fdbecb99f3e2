import { z } from 'zod';
import { tiktokTime, tolerantRows } from './tolerant';

export { parseTikTokTime, tiktokTime, type RowWarning } from './tolerant';

// Response schemas keep TikTok's own snake_case field names so they read 1:1 against the API reference.
// They are tolerant on purpose: unknown keys are stripped, absent fields become null, enum values
// outside the known list are kept as raw text, every time form TikTok's material uses is read, and
// the rows of a list are read one by one (see ./tolerant.ts), so one odd row costs only itself.

/** An absent or null field becomes null, so consumers handle one "no value" case. */
function maybe<T extends z.ZodType>(schema: T) {
  return schema.nullable().default(null);
}

/** v1.3 sends IDs as strings; v1.2-era payloads (and some fields still) send numbers. */
const id = z.union([z.string(), z.number()]).transform(String);

/** Numbers sometimes arrive as decimal strings (budgets, sizes). */
const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).transform(Number);

/** The request-side format for time filters (`modified_after`, `creation_filter_*`): UTC, no zone suffix. */
export function toTikTokTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** A known value is typed as its literal (so comparisons are checked); an unknown one keeps its raw text. */
export type OpenEnumValue<T extends string> = { known: true; value: T; raw: string } | { known: false; value: null; raw: string };

/**
 * TikTok adds enum values without notice; a new value must never fail a sync. `normalize` maps
 * alternative spellings onto the canonical one while `raw` keeps what was sent.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(values: T, normalize: (raw: string) => string = (raw) => raw) {
  const known = new Set<string>(values);
  return z.union([z.string(), z.number()]).transform((input): OpenEnumValue<T[number]> => {
    const raw = String(input);
    const canonical = normalize(raw);
    return known.has(canonical) ? { known: true, value: canonical as T[number], raw } : { known: false, value: null, raw };
  });
}

/** Rows of a list; TikTok omits the key or sends null when a page is empty. */
function rows<T extends z.ZodType>(schema: T) {
  return z
    .array(schema)
    .nullish()
    .transform((list) => list ?? []);
}

/**
 * A page of rows under `key` (`list`, `identity_list`, `video_list`) with its `page_info`, as
 * `{ list, page_info, warnings }`: rows that could not be read are left out and named in `warnings`.
 */
function pageOf<T extends z.ZodType>(schema: T, key = 'list') {
  return z.object({ [key]: tolerantRows(schema), page_info: pageInfoSchema }).transform((data) => {
    const rowsRead = data[key] as z.output<ReturnType<typeof tolerantRows<T>>>;
    return { list: rowsRead.items, warnings: rowsRead.warnings, page_info: data.page_info as PageInfo };
  });
}

const str = z.string();
const bool = z.boolean();

export const pageInfoSchema = z.preprocess(
  (value) => value ?? {},
  z.object({
    page: maybe(num).transform((n) => n ?? 0),
    page_size: maybe(num).transform((n) => n ?? 0),
    total_number: maybe(num).transform((n) => n ?? 0),
    total_page: maybe(num).transform((n) => n ?? 0),
  }),
);
export type PageInfo = z.infer<typeof pageInfoSchema>;

// ---- Enums (reference §2.2, §3.2, §4, §5.2) ----

export const ASSET_TYPES = ['ADVERTISER', 'CATALOG', 'PIXEL', 'STOREFRONT', 'LEAD', 'TIKTOK_SHOP', 'TT_ACCOUNT', 'DOMAIN', 'MANAGED_BUSINESS_ACCOUNT'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];
export const ADVERTISER_ROLES = ['ADMIN', 'OPERATOR', 'ANALYST'] as const;
export const TT_ACCOUNT_ROLES = ['POST', 'LIVE', 'DIRECT_MESSAGE'] as const;
export const CATALOG_ROLES = ['ADMIN', 'AD_PROMOTE'] as const;
export const STORE_ROLES = ['AD_PROMOTION', 'MANAGER'] as const;
export const BC_USER_ROLES = ['ADMIN', 'STANDARD'] as const;
export const FINANCE_ROLES = ['MANAGER', 'ANALYST'] as const;
export const RELATION_STATUSES = ['BOUND', 'UNBOUND', 'PENDING', 'REJECTED', 'REJECT'] as const;
export const RELATION_TYPES = ['OWNER_BC', 'OWNER_PARTNER', 'OWNER_INDIVIDUAL'] as const;
export const BC_STATUSES = ['REVIEWING', 'DENY', 'ENABLE', 'PUNISH'] as const;
export const BC_TYPES = ['NORMAL', 'DIRECT', 'AGENCY', 'SELF_SERVICE', 'SELF_SERVICE_AGENCY'] as const;
export const IDENTITY_TYPES = ['CUSTOMIZED_USER', 'AUTH_CODE', 'TT_USER', 'BC_AUTH_TT', 'TTS_TT'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];
export const AVAILABLE_STATUSES = ['AVAILABLE', 'NO_VALID_BIND_ACCOUNT', 'SCOPE_UNAVAILABLE', 'IS_PRIVATE_ACCOUNT', 'NOT_BUSINESS_ACCOUNT'] as const;
export const ITEM_TYPES = ['VIDEO', 'CAROUSEL'] as const;
export const ITEM_STATUSES = ['USER_DELETE', 'AUDIT_DELETE', 'HESITATE_RECOMMEND', 'ONLY_AUTHOR_SEE', 'ONLY_USER_PASS', 'ONLY_FRIEND_SEE', 'REVIEW_PENDING'] as const;
export const AD_AUTH_STATUSES = ['AUTHORIZED', 'EXPIRED'] as const;
export const ANCHOR_STATUSES = ['CHECKING', 'CHECK_FAILED', 'CHECK_SUCCESS'] as const;
export const OPERATION_STATUSES = ['ENABLE', 'DISABLE', 'DELETE', 'FROZEN'] as const;
export const AD_SECONDARY_STATUSES = [
  'AD_STATUS_DELIVERY_OK',
  'AD_STATUS_DISABLE',
  'AD_STATUS_AUDIT',
  'AD_STATUS_REAUDIT',
  'AD_STATUS_AUDIT_DENY',
  'AD_STATUS_NOT_START',
  'AD_STATUS_DONE',
  'AD_STATUS_CAMPAIGN_DISABLE',
  'AD_STATUS_ADGROUP_DISABLE',
  'AD_STATUS_BALANCE_EXCEED',
  'AD_STATUS_BUDGET_EXCEED',
  'AD_STATUS_DELETE',
  'AD_STATUS_CREATOR_AUTHORIZATION_REVOKED',
  'AD_STATUS_ASSET_AUTHORIZATION_LOST',
] as const;
export const AD_FORMATS = ['SINGLE_VIDEO', 'SINGLE_IMAGE', 'CAROUSEL_ADS', 'CATALOG_CAROUSEL', 'LIVE_CONTENT', 'CAROUSEL'] as const;
export const CREATIVE_TYPES = ['SHOP_PDP', 'SHOP_PLP', 'SHORT_VIDEO_LIVE', 'DIRECT_LIVE', 'PSA', 'CUSTOM_INSTANT_PAGE'] as const;
export const DARK_POST_STATUSES = ['ON', 'OFF'] as const;

/**
 * `/tt_video/*` sends `HESITATE_RECOMMEND`; the identity endpoints send `ITEM_STATUS_HESITATE_RECOMMEND`
 * or `STATUS_ONLY_FRIEND_SEE` for the same states.
 */
export const itemStatus = openEnum(ITEM_STATUSES, (raw) => raw.replace(/^(ITEM_STATUS_|STATUS_)/, ''));

/** Documented as `CHECK_SUCCESS`, seen live as `CheckSuccess`; `CHECK_ING` is a documented variant of `CHECKING`. */
const anchorStatus = openEnum(ANCHOR_STATUSES, (raw) =>
  raw
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .replace(/^CHECK_ING$/, 'CHECKING'),
);

// ---- OAuth ----

export const accessTokenSchema = z.object({
  access_token: str,
  advertiser_ids: rows(id),
  scope: rows(num),
  token_type: maybe(str),
  expires_in: maybe(num),
  refresh_token: maybe(str),
  refresh_token_expires_in: maybe(num),
  open_id: maybe(str),
});
export type AccessToken = z.infer<typeof accessTokenSchema>;

export const authorizedAdvertiserSchema = z.object({
  advertiser_id: id,
  advertiser_name: maybe(str),
});
export type AuthorizedAdvertiser = z.infer<typeof authorizedAdvertiserSchema>;
export const authorizedAdvertisersSchema = z.object({ list: rows(authorizedAdvertiserSchema) });

// ---- Business Center ----

const extUserRoleSchema = z.object({ finance_role: maybe(openEnum(FINANCE_ROLES)) });

export const businessCenterSchema = z.object({
  bc_info: z.object({
    bc_id: id,
    name: maybe(str),
    company: maybe(str),
    currency: maybe(str),
    registered_area: maybe(str),
    status: maybe(openEnum(BC_STATUSES)),
    timezone: maybe(str),
    type: maybe(openEnum(BC_TYPES)),
  }),
  user_role: maybe(openEnum(BC_USER_ROLES)),
  ext_user_role: maybe(extUserRoleSchema),
  binding_status: maybe(str),
});
export type BusinessCenter = z.infer<typeof businessCenterSchema>;
export const businessCenterPageSchema = pageOf(businessCenterSchema);

export const bcAssetSchema = z.object({
  asset_id: id,
  asset_name: maybe(str),
  asset_type: openEnum(ASSET_TYPES),
  advertiser_role: maybe(openEnum(ADVERTISER_ROLES)),
  advertiser_account_type: maybe(str),
  catalog_role: maybe(openEnum(CATALOG_ROLES)),
  ad_creation_eligible: maybe(z.union([str, bool])),
  store_role: maybe(openEnum(STORE_ROLES)),
  tt_account_roles: maybe(z.array(openEnum(TT_ACCOUNT_ROLES))),
  owner_bc_name: maybe(str),
});
export type BcAsset = z.infer<typeof bcAssetSchema>;
export const bcAssetPageSchema = pageOf(bcAssetSchema);

export const bcAdminAssetSchema = bcAssetSchema.extend({
  relation_type: maybe(openEnum(RELATION_TYPES)),
  relation_status: maybe(openEnum(RELATION_STATUSES)),
  advertiser_status: maybe(str),
  pixel_code: maybe(str),
});
export type BcAdminAsset = z.infer<typeof bcAdminAssetSchema>;
export const bcAdminAssetPageSchema = pageOf(bcAdminAssetSchema);

export const bcMemberSchema = z.object({
  // A PENDING invitee has no TikTok user yet; only the email identifies it.
  user_id: maybe(id),
  user_name: maybe(str),
  user_email: maybe(str),
  user_role: maybe(openEnum(BC_USER_ROLES)),
  relation_status: maybe(openEnum(RELATION_STATUSES)),
  ext_user_role: maybe(extUserRoleSchema),
});
export type BcMember = z.infer<typeof bcMemberSchema>;
export const bcMemberPageSchema = pageOf(bcMemberSchema);

export const bcAssetMemberSchema = bcMemberSchema.extend({
  advertiser_role: maybe(openEnum(ADVERTISER_ROLES)),
  catalog_role: maybe(openEnum(CATALOG_ROLES)),
});
export type BcAssetMember = z.infer<typeof bcAssetMemberSchema>;
export const bcAssetMemberPageSchema = pageOf(bcAssetMemberSchema);

export const bcAssetPartnerSchema = z.object({
  bc_id: id,
  bc_name: maybe(str),
});
export type BcAssetPartner = z.infer<typeof bcAssetPartnerSchema>;
export const bcAssetPartnerPageSchema = pageOf(bcAssetPartnerSchema);

export const bcAccountAuthorizationSchema = z.object({ bc_auth_qr_code: str });
export type BcAccountAuthorization = z.infer<typeof bcAccountAuthorizationSchema>;

// ---- Identities ----

export const identitySchema = z
  .object({
    identity_id: id,
    identity_type: openEnum(IDENTITY_TYPES),
    identity_authorized_bc_id: maybe(id),
    display_name: maybe(str),
    username: maybe(str),
    /** v1.3 name (Doc 1740218453385217); `profile_image` is read when only the old name is sent. */
    profile_image_url: maybe(str),
    profile_image: maybe(str),
    available_status: maybe(openEnum(AVAILABLE_STATUSES)),
    can_pull_video: maybe(bool),
    can_push_video: maybe(bool),
    can_use_live_ads: maybe(bool),
    can_manage_message: maybe(bool),
    ads_only_mode: maybe(bool),
    is_gpppa: maybe(bool),
  })
  .transform(({ profile_image, ...identity }) => ({ ...identity, profile_image_url: identity.profile_image_url ?? profile_image }));
export type Identity = z.infer<typeof identitySchema>;
export const identityPageSchema = pageOf(identitySchema, 'identity_list');
export const identityInfoSchema = z.object({ identity_info: identitySchema });

// ---- Posts (shared by /identity/video/* and /tt_video/*) ----

export const anchorSchema = z.preprocess(
  // Documented as `anchor_id`, sometimes `id`, seen live as `Id`.
  (value) => (value && typeof value === 'object' && !('anchor_id' in value) ? { ...value, anchor_id: 'id' in value ? value.id : 'Id' in value ? value.Id : undefined } : value),
  z.object({
    anchor_id: maybe(id),
    title: maybe(str),
    status: maybe(anchorStatus),
    url: maybe(str),
  }),
);
export type Anchor = z.infer<typeof anchorSchema>;

export const authInfoSchema = z
  .object({
    ad_auth_status: maybe(openEnum(AD_AUTH_STATUSES)),
    auth_start_time: maybe(tiktokTime),
    auth_end_time: maybe(tiktokTime),
    // Doc 1740218522178562: the field table says `invite_start_time_stamp`, its example `invite_start_time`.
    invite_start_time: maybe(tiktokTime),
    invite_start_time_stamp: maybe(tiktokTime),
  })
  .transform(({ invite_start_time_stamp, ...auth }) => ({ ...auth, invite_start_time: auth.invite_start_time ?? invite_start_time_stamp }));
export type AuthInfo = z.infer<typeof authInfoSchema>;

export const videoInfoSchema = z.object({
  video_id: maybe(id),
  duration: maybe(num),
  width: maybe(num),
  height: maybe(num),
  size: maybe(num),
  bit_rate: maybe(num),
  signature: maybe(str),
  format: maybe(str),
  poster_url: maybe(str),
  preview_url: maybe(str),
  url: maybe(str),
  file_name: maybe(str),
});
export type VideoInfo = z.infer<typeof videoInfoSchema>;

const musicInfoSchema = z.object({
  music_id: maybe(id),
  music_url: maybe(str),
  music_duration: maybe(num),
});

export const carouselInfoSchema = z.object({
  image_info: maybe(
    z.array(
      z.object({
        image_id: maybe(id),
        image_url: maybe(str),
        image_width: maybe(num),
        image_height: maybe(num),
      }),
    ),
  ),
  // An object in the docs, an array in the Go SDK: the first entry is the post's music.
  music_info: maybe(z.union([musicInfoSchema, z.array(musicInfoSchema)])).transform((music) => (Array.isArray(music) ? (music[0] ?? null) : music)),
});
export type CarouselInfo = z.infer<typeof carouselInfoSchema>;

const postFields = {
  text: maybe(str),
  status: maybe(itemStatus),
  item_type: maybe(openEnum(ITEM_TYPES)),
  anchor_list: maybe(z.array(anchorSchema)),
};

/** The docs put `carousel_info` beside `item_info`, the Go SDK inside it: read either. */
const liftCarouselInfo = (value: unknown) => {
  if (value === null || typeof value !== 'object') return value;
  const post = value as { carousel_info?: unknown; item_info?: unknown };
  const nested = post.item_info !== null && typeof post.item_info === 'object' ? (post.item_info as { carousel_info?: unknown }).carousel_info : undefined;
  return post.carousel_info == null && nested != null ? { ...post, carousel_info: nested } : value;
};

/** One element of `/tt_video/list/`, and the whole `data` of `/tt_video/info/`. */
export const sparkPostSchema = z.preprocess(
  liftCarouselInfo,
  z.object({
    item_info: z.object({
      item_id: id,
      auth_code: maybe(str),
      ...postFields,
      stitch_original_item_id: maybe(id),
      duet_original_item_id: maybe(id),
      is_multi_duet_stitch: maybe(bool),
      mentioned_item_ids: maybe(z.array(id)),
    }),
    auth_info: maybe(authInfoSchema),
    video_info: maybe(videoInfoSchema),
    carousel_info: maybe(carouselInfoSchema),
    user_info: maybe(
      z.object({
        identity_id: maybe(id),
        identity_type: maybe(openEnum(IDENTITY_TYPES)),
        tiktok_name: maybe(str),
      }),
    ),
  }),
);
export type SparkPost = z.infer<typeof sparkPostSchema>;
export const sparkPostPageSchema = pageOf(sparkPostSchema);

/** A post as the identity endpoints return it: item fields at the top level. */
export const identityPostSchema = z.object({
  item_id: id,
  ...postFields,
  auth_info: maybe(authInfoSchema),
  video_info: maybe(videoInfoSchema),
  carousel_info: maybe(carouselInfoSchema),
});
export type IdentityPost = z.infer<typeof identityPostSchema>;

export const identityPostCursorPageSchema = z
  .object({
    video_list: tolerantRows(identityPostSchema),
    cursor: maybe(id),
    has_more: maybe(bool).transform((more) => more ?? false),
  })
  .transform(({ video_list, ...rest }) => ({ ...rest, list: video_list.items, warnings: video_list.warnings }));

/** `video_detail` answers `item_id`, `video_details` answers `item_ids`; both become one list (read row by row). */
export const identityPostDetailsSchema = z
  .object({
    video_detail: z.unknown().optional(),
    video_details: tolerantRows(identityPostSchema),
  })
  .transform(({ video_detail, video_details }, ctx) => {
    if (video_detail === undefined || video_detail === null || video_details.items.length > 0) return { list: video_details.items, warnings: video_details.warnings };
    const single = tolerantRows(identityPostSchema).safeParse([video_detail]);
    if (!single.success) {
      ctx.addIssue({ code: 'custom', message: 'video_detail is not a post', input: video_detail });
      return z.NEVER;
    }
    return { list: single.data.items, warnings: single.data.warnings };
  });

// ---- Campaigns, ad groups, ads ----

export const campaignSchema = z.object({
  campaign_id: id,
  campaign_name: maybe(str),
  advertiser_id: maybe(id),
  objective_type: maybe(str),
  budget: maybe(num),
  budget_mode: maybe(str),
  operation_status: maybe(openEnum(OPERATION_STATUSES)),
  secondary_status: maybe(str),
  create_time: maybe(tiktokTime),
  modify_time: maybe(tiktokTime),
  campaign_system_origin: maybe(str),
});
export type Campaign = z.infer<typeof campaignSchema>;
export const campaignPageSchema = pageOf(campaignSchema);

export const adGroupSchema = z.object({
  adgroup_id: id,
  adgroup_name: maybe(str),
  advertiser_id: maybe(id),
  campaign_id: maybe(id),
  identity_id: maybe(id),
  identity_type: maybe(openEnum(IDENTITY_TYPES)),
  placement_type: maybe(str),
  placements: maybe(z.array(str)),
  budget: maybe(num),
  budget_mode: maybe(str),
  schedule_start_time: maybe(tiktokTime),
  schedule_end_time: maybe(tiktokTime),
  optimization_goal: maybe(str),
  billing_event: maybe(str),
  bid_type: maybe(str),
  operation_status: maybe(openEnum(OPERATION_STATUSES)),
  secondary_status: maybe(str),
  create_time: maybe(tiktokTime),
  modify_time: maybe(tiktokTime),
});
export type AdGroup = z.infer<typeof adGroupSchema>;
export const adGroupPageSchema = pageOf(adGroupSchema);

export const adSchema = z.object({
  ad_id: id,
  ad_name: maybe(str),
  advertiser_id: maybe(id),
  campaign_id: maybe(id),
  campaign_name: maybe(str),
  adgroup_id: maybe(id),
  adgroup_name: maybe(str),
  create_time: maybe(tiktokTime),
  // Smart+ ads come back with a null modify_time.
  modify_time: maybe(tiktokTime),
  identity_type: maybe(openEnum(IDENTITY_TYPES)),
  identity_id: maybe(id),
  identity_authorized_bc_id: maybe(id),
  ad_format: maybe(openEnum(AD_FORMATS)),
  video_id: maybe(id),
  image_ids: maybe(z.array(id)),
  tiktok_item_id: maybe(id),
  dark_post_status: maybe(openEnum(DARK_POST_STATUSES)),
  promotional_music_disabled: maybe(bool),
  item_duet_status: maybe(str),
  item_stitch_status: maybe(str),
  branded_content_disabled: maybe(bool),
  ad_text: maybe(str),
  call_to_action: maybe(str),
  landing_page_url: maybe(str),
  display_name: maybe(str),
  operation_status: maybe(openEnum(OPERATION_STATUSES)),
  secondary_status: maybe(openEnum(AD_SECONDARY_STATUSES)),
  creative_type: maybe(openEnum(CREATIVE_TYPES)),
  creative_authorized: maybe(bool),
  is_aco: maybe(bool),
  is_new_structure: maybe(bool),
});
export type Ad = z.infer<typeof adSchema>;
export const adPageSchema = pageOf(adSchema);

// ---- Preview ----

export const adPreviewSchema = z.object({
  preview_link: maybe(str),
  iframe: maybe(str),
  tips: maybe(
    z.array(
      z.object({
        placement: maybe(str),
        messages: maybe(z.array(str)),
      }),
    ),
  ),
});
export type AdPreview = z.infer<typeof adPreviewSchema>;

/** Write endpoints answer `data: {}`; nothing in it is used, whatever it holds. */
export const ignoredDataSchema = z.unknown().transform(() => undefined);
