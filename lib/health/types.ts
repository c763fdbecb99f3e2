import type { adHealthStatus, FindingSeverity, HealthPillar, StoredFinding } from '@/db/schema/health';

// What the rule engine reads and returns. Pure types: snapshots are built from the synced tables by
// lib/health/snapshots.ts, findings are stored in ad_health and described by lib/health/catalogue.ts.

export type { FindingSeverity, HealthPillar, StoredFinding };

/** `healthy`/`warning`/`blocking` for Spark ads, `not_spark` for other ads, `deleted` for ads deleted on TikTok. */
export type AdHealthStatus = (typeof adHealthStatus.enumValues)[number];

/** The ad as synced (`tt_ads`). TikTok enum values are the raw text TikTok sent. */
export type SnapshotAd = {
  adId: string;
  advertiserId: string;
  campaignId: string | null;
  adgroupId: string | null;
  name: string | null;
  /** Null when "Use TikTok account" is off and no identity was chosen. */
  identityType: string | null;
  identityId: string | null;
  identityAuthorizedBcId: string | null;
  /** Set for pushed videos and uploads; a pull Spark ad has only `tiktokItemId`. */
  videoId: string | null;
  tiktokItemId: string | null;
  /** `ON` = "Show through ads only"; `OFF` = also on the TikTok profile. */
  darkPostStatus: string | null;
  operationStatus: string | null;
  secondaryStatus: string | null;
  /** Deleted on TikTok (still listed, operation status DELETE). */
  deleted: boolean;
  modifyTime: Date | null;
};

export type SnapshotAdGroup = { adgroupId: string; name: string | null; operationStatus: string | null; scheduleEndTime: Date | null };
export type SnapshotCampaign = { campaignId: string; name: string | null; operationStatus: string | null };
export type SnapshotAdvertiser = { advertiserId: string; name: string | null };

/** The `tt_identities` row the ad's identity matches on its ad account; absent when the ad account does not list it. */
export type SnapshotIdentity = {
  identityType: string;
  identityId: string;
  /** '' unless BC_AUTH_TT. */
  identityAuthorizedBcId: string;
  displayName: string | null;
  /** The TikTok handle without '@', when the identity is a TikTok account. */
  username: string | null;
  availableStatus: string | null;
  canPullVideo: boolean | null;
  canPushVideo: boolean | null;
  /** "Show through ads only" for videos pushed through this identity. */
  adsOnlyMode: boolean | null;
};

/**
 * The post the ad runs on: the `tt_spark_posts` entry of (ad account, item) for an AUTH_CODE ad,
 * the `tt_identity_posts` entry of the ad's identity otherwise (those endpoints hide deleted posts).
 */
export type SnapshotPost = {
  itemId: string;
  source: 'spark_post' | 'identity_post';
  /** Without TikTok's `ITEM_STATUS_`/`STATUS_` prefixes, e.g. `ONLY_AUTHOR_SEE`. */
  status: string | null;
  itemType: string | null;
  caption: string | null;
  videoId: string | null;
  duetOriginalItemId: string | null;
  stitchOriginalItemId: string | null;
  isMultiDuetStitch: boolean | null;
  mentionedItemIds: string[];
};

/** The Spark authorization of the post on the ad's ad account (`tt_spark_posts`). */
export type SnapshotAuthorization = {
  itemId: string;
  adAuthStatus: string | null;
  authStartTime: Date | null;
  authEndTime: Date | null;
  authCodeMasked: string | null;
};

/** Who owns the post, as a Spark entry of it anywhere in the organization tells (`user_info`). */
export type SnapshotPostOwner = { identityId: string | null; handle: string | null };

/**
 * The TikTok account an ad's BC_AUTH_TT identity stands for, as the identity names it: its id (the
 * identity id, not the BC asset id) and its username / display name from any ad account listing it.
 */
export type SnapshotTikTokAccount = { ttAccountId: string; handle: string | null; displayName: string | null };

/**
 * A TikTok account of a connected BC that may be the ad's account (same id, or the same name as the
 * identity), with what the BC itself holds on it (`tt_bc_tiktok_accounts`). The engine picks the
 * one it is with `matchBcAccount`.
 */
export type SnapshotBcLink = {
  bcId: string;
  bcName: string | null;
  /** The account's BC `asset_id`. */
  ttAccountId: string;
  /** The BC's `asset_name`, e.g. `@brand`. */
  name: string | null;
  /** `BOUND`, or `PENDING` while the owner has not scanned the QR code. */
  relationStatus: string | null;
  /** Sorted; `POST` is "Existing posts". */
  ttAccountRoles: string[];
};

/** The stored outcome of asking TikTok for the ad's preview (`creative/ads_preview/create`). */
export type SnapshotPreview = { checkedAt: Date; previewUrl: string | null; reason: string | null };

/** One ad's synced world: everything the rule engine needs to evaluate it, nothing read later. */
export type AdSnapshot = {
  connectionId: string;
  ad: SnapshotAd;
  adGroup: SnapshotAdGroup | null;
  campaign: SnapshotCampaign | null;
  advertiser: SnapshotAdvertiser | null;
  identity: SnapshotIdentity | null;
  post: SnapshotPost | null;
  /** Only for AUTH_CODE ads; null when the code was never applied to this ad account. */
  authorization: SnapshotAuthorization | null;
  postOwner: SnapshotPostOwner | null;
  /** Only for BC_AUTH_TT ads. */
  ttAccount: SnapshotTikTokAccount | null;
  /** The candidate accounts in every connected BC (BC_AUTH_TT ads only). */
  bcLinks: SnapshotBcLink[];
  /**
   * Whether the account is an ad-delivery asset of this ad account: TikTok lists a BC_AUTH_TT
   * identity to an ad account exactly when the BC assigned the account to it. Null if not BC_AUTH_TT.
   */
  assignedToAdAccount: boolean | null;
  preview: SnapshotPreview | null;
};

export type EvaluateOptions = {
  now: Date;
  /** The organization's expiry window (`organizations.expiry_window_days`). */
  expiryWindowDays: number;
};

export type AdEvaluation = {
  status: AdHealthStatus;
  /** 0 healthy / not Spark / deleted, 1 info only, 2 warning, 3 blocking. */
  severityRank: number;
  /** In pillar order (HEALTH_PILLARS). */
  findings: StoredFinding[];
  rootCause: StoredFinding | null;
};

/** A stored finding with its words from the catalogue. */
export type Finding = StoredFinding & {
  title: string;
  explanation: string;
  /** TikTok UI paths, in order. */
  fixSteps: string[];
  whoFixes: string[];
};
