export type BcUserRole = 'ADMIN' | 'STANDARD';
export type AdvertiserRole = 'ADMIN' | 'OPERATOR' | 'ANALYST';
export type TtAccountRole = 'POST' | 'LIVE' | 'DIRECT_MESSAGE';
export type RelationStatus = 'BOUND' | 'UNBOUND' | 'PENDING' | 'REJECTED';
export type IdentityType = 'CUSTOMIZED_USER' | 'AUTH_CODE' | 'TT_USER' | 'BC_AUTH_TT';
export type AvailableStatus = 'AVAILABLE' | 'NO_VALID_BIND_ACCOUNT' | 'SCOPE_UNAVAILABLE' | 'IS_PRIVATE_ACCOUNT' | 'NOT_BUSINESS_ACCOUNT';
export type OperationStatus = 'ENABLE' | 'DISABLE' | 'DELETE' | 'FROZEN';
/** Unprefixed, as `/tt_video/*` spells it; identity endpoints add prefixes (see `identityItemStatus`). */
export type PostStatus = 'HESITATE_RECOMMEND' | 'ONLY_AUTHOR_SEE' | 'ONLY_FRIEND_SEE' | 'USER_DELETE' | 'AUDIT_DELETE' | 'REVIEW_PENDING';
/** STANDARD posts work for Spark; the others are formats Spark refuses. */
export type PostFormat = 'STANDARD' | 'STORY' | 'CAROUSEL_DUET' | 'MULTI_MENTION';

export type HealthRuleCode =
  | 'BC_ACCOUNT_NOT_LINKED'
  | 'BC_LINK_PENDING'
  | 'BC_NOT_ASSIGNED_TO_AD_ACCOUNT'
  | 'BC_EXISTING_POSTS_OFF'
  | 'BC_PUBLISH_NEW_OFF'
  | 'IDENTITY_CUSTOM'
  | 'IDENTITY_WRONG_HANDLE'
  | 'IDENTITY_UNAVAILABLE'
  | 'IDENTITY_NOT_TIKTOK_ACCOUNT'
  | 'AUTH_MISSING'
  | 'AUTH_EXPIRED'
  | 'AUTH_REVOKED'
  | 'AUTH_EXPIRING_SOON'
  | 'AUTH_SHORT_WINDOW'
  | 'POST_DELETED'
  | 'POST_PRIVATE'
  | 'POST_UNSUPPORTED'
  | 'PRIVATE_WILL_BECOME_PUBLIC'
  | 'CAPTION_LOCKED'
  | 'PREVIEW_UNAVAILABLE';

export type Severity = 'blocking' | 'warning' | 'info';

export type BusinessCenter = {
  bcId: string;
  name: string;
  company: string;
  currency: string;
  registeredArea: string;
  timezone: string;
  type: 'NORMAL' | 'AGENCY';
  status: 'ENABLE';
  partnerBcIds: string[];
};

export type Advertiser = {
  advertiserId: string;
  name: string;
  company: string;
  currency: string;
  timezone: string;
  createMs: number;
};

/** An ad account as an asset of a BC. */
export type BcAdvertiser = {
  bcId: string;
  advertiserId: string;
  relationType: 'OWNER_BC' | 'OWNER_PARTNER';
  /** The owning partner (OWNER_PARTNER) or the partners it is shared with (OWNER_BC). */
  partnerBcIds: string[];
};

export type TikTokAccount = {
  /** The sandbox's key for the account, and the UUID-like `identity_id` of its BC_AUTH_TT identities. */
  ttAccountId: string;
  /** The int64 `asset_id` of the account as a BC asset (`official-spec/bc_asset_assign.yml`); not the identity id. */
  assetId: string;
  /** The numeric `identity_id` of the AUTH_CODE identity Spark codes of this account create. */
  authCodeIdentityId: string;
  handle: string;
  displayName: string;
};

/** A TikTok account linked (or being linked) into a BC, with what its owner granted the BC. */
export type BcTikTokAccount = {
  bcId: string;
  ttAccountId: string;
  linkStatus: 'LINKED' | 'PENDING';
  /** What the BC itself holds; `POST` is "Existing posts". */
  roles: TtAccountRole[];
  /** "Publish and manage new videos". */
  canPush: boolean;
  /** "Show through ads only" for pushed videos. */
  adsOnlyMode: boolean;
  /** Ad accounts the account is assigned to as an ad-delivery asset. */
  assignedAdvertiserIds: Set<string>;
};

export type BcMember = {
  bcId: string;
  /** Null for an invitee who has not accepted yet; they are found by e-mail. */
  userId: string | null;
  userName: string;
  userEmail: string;
  userRole: BcUserRole;
  relationStatus: RelationStatus;
  financeRole: 'MANAGER' | 'ANALYST' | null;
  advertiserRoles: Map<string, AdvertiserRole>;
  ttAccountRoles: Map<string, TtAccountRole[]>;
};

/** Identities stored as such; AUTH_CODE and BC_AUTH_TT identities are derived from authorizations and BC links. */
export type StoredIdentity = {
  identityId: string;
  identityType: 'CUSTOMIZED_USER' | 'TT_USER';
  advertiserIds: Set<string>;
  /** The TikTok account behind a TT_USER identity. */
  ttAccountId: string | null;
  displayName: string;
  availableStatus: AvailableStatus | null;
  canPullVideo: boolean;
  canPushVideo: boolean;
  canUseLiveAds: boolean;
  canManageMessage: boolean;
};

export type Post = {
  itemId: string;
  ttAccountId: string;
  text: string;
  itemType: 'VIDEO' | 'CAROUSEL';
  format: PostFormat;
  status: PostStatus;
  createMs: number;
  /** Null for carousels. */
  videoId: string | null;
  durationSec: number;
  duetOriginalItemId: string | null;
  mentionedItemIds: string[];
  /** Its authorization window is sent as epoch seconds instead of ISO text. */
  epochTimes?: boolean;
};

/** A Spark code a creator generated and has not necessarily shared yet. */
export type CreatorCode = {
  code: string;
  itemId: string;
  days: number;
  generatedMs: number;
  /** The creator turned Ad authorization off after generating it. */
  revoked: boolean;
};

/** A post authorized to one ad account (a code applied there). */
export type Authorization = {
  advertiserId: string;
  itemId: string;
  authCode: string;
  authStartMs: number;
  authEndMs: number;
  inviteStartMs: number;
  revoked: boolean;
};

export type Campaign = {
  campaignId: string;
  advertiserId: string;
  name: string;
  objectiveType: string;
  budgetMode: 'BUDGET_MODE_INFINITE' | 'BUDGET_MODE_DAY' | 'BUDGET_MODE_TOTAL';
  budget: number;
  operationStatus: OperationStatus;
  createMs: number;
  modifyMs: number;
};

export type AdGroup = {
  adgroupId: string;
  advertiserId: string;
  campaignId: string;
  name: string;
  budget: number;
  scheduleStartMs: number;
  /** Null for ad groups that run continuously. */
  scheduleEndMs: number | null;
  optimizationGoal: string;
  operationStatus: OperationStatus;
  createMs: number;
  modifyMs: number;
};

export type Ad = {
  adId: string;
  advertiserId: string;
  campaignId: string;
  adgroupId: string;
  name: string;
  /** Null when "Use TikTok account" is off and no identity was chosen. */
  identityType: IdentityType | null;
  identityId: string | null;
  identityAuthorizedBcId: string | null;
  videoId: string | null;
  tiktokItemId: string | null;
  darkPostStatus: 'ON' | 'OFF';
  adText: string;
  callToAction: string;
  landingPageUrl: string;
  displayName: string | null;
  operationStatus: OperationStatus;
  /** TikTok renders no preview for this ad even though nothing is wrong with it. */
  previewUnavailable: boolean;
  createMs: number;
  modifyMs: number;
};

export type AdTree = { campaigns: Campaign[]; adGroups: AdGroup[]; ads: Ad[] };

/** An identity as the identity endpoints show it, whether stored or derived. */
export type IdentityView = {
  identityId: string;
  identityType: IdentityType;
  identityAuthorizedBcId: string | null;
  ttAccountId: string | null;
  displayName: string;
  username: string | null;
  availableStatus: AvailableStatus | null;
  canPullVideo: boolean;
  canPushVideo: boolean;
  canUseLiveAds: boolean;
  canManageMessage: boolean;
  adsOnlyMode: boolean;
};

export type CreatorCodeKind = 'valid' | 'expired' | 'malformed' | 'already_applied' | 'deleted_post' | 'private_post' | 'unsupported_format' | 'revoked' | 'unknown';

/** An unused creator code and what applying it should do. */
export type CreatorCodeCase = {
  code: string;
  kind: CreatorCodeKind;
  /** Null for codes that name no post (malformed, unknown). */
  itemId: string | null;
  handle: string | null;
  /** Authorization window the creator picked (7, 30, 60 or 365); null when there is none. */
  days: number | null;
  /** Ad accounts the code is already applied to: applying it there again fails as `already_applied`. */
  appliedTo: string[];
  /** What applying it to any other ad account returns; null means it succeeds. */
  error: SparkCodeErrorKey | null;
};

/**
 * The intended health of one seeded ad at the seed's epoch. `rootCause` is the first failing
 * finding (null for a healthy or deleted ad); `also` lists further findings deliberately present.
 * CAPTION_LOCKED is left out: it applies to every authorized post.
 */
export type AdExpectation = {
  adId: string;
  advertiserId: string;
  adName: string;
  rootCause: HealthRuleCode | null;
  severity: Severity | null;
  also: HealthRuleCode[];
  deleted: boolean;
  note: string;
};

export type SparkCodeErrorKey = 'malformed' | 'not_found' | 'expired' | 'already_applied' | 'deleted_post' | 'story_not_supported' | 'carousel_duet_not_supported';
