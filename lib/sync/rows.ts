import { createHash } from 'node:crypto';
import {
  ttAdGroups,
  ttAds,
  ttAdvertisers,
  ttBcMembers,
  ttBcPartners,
  ttBcTiktokAccounts,
  ttBusinessCenters,
  ttCampaigns,
  ttIdentities,
  ttIdentityPosts,
  ttMemberAssetRoles,
  ttSparkPosts,
} from '@/db/schema';
import type { Ad, AdGroup, BcAdminAsset, BcAsset, BcAssetPartner, BcMember, BusinessCenter, Campaign, Identity, IdentityPost, OpenEnumValue, PostIdentityRef, SparkPost } from '@/lib/tiktok';
import type { SyncedRow } from './upsert';

// TikTok objects → table rows. Enum values are stored as the raw text TikTok sent, so a value the
// client does not know yet is kept rather than lost.

const raw = (value: OpenEnumValue<string> | null): string | null => value?.raw ?? null;

/** Sorted so that TikTok listing the same permissions in another order is not a change. */
const sortedRaw = (values: OpenEnumValue<string>[] | null): string[] | null => (values === null ? null : values.map((v) => v.raw).sort());

/** A stable key for a BC member: TikTok gives a pending invitee no user_id, only the e-mail invited. */
export function memberKeyOf(member: Pick<BcMember, 'user_id' | 'user_email'>): string | null {
  if (member.user_id !== null) return member.user_id;
  return member.user_email === null ? null : `email:${member.user_email.toLowerCase()}`;
}

/** Enough of a Spark code to recognise it on screen (`#AbC…x9=`), not enough to use it. */
export function maskAuthCode(code: string): string {
  return code.length <= 10 ? '…' : `${code.slice(0, 4)}…${code.slice(-3)}`;
}

/** Codes are compared byte-exact (they contain `#`, `+`, `/`, `=`), so the hash is of the code as TikTok returned it. */
export function hashAuthCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

export function businessCenterRow(bc: BusinessCenter): SyncedRow<typeof ttBusinessCenters> {
  const info = bc.bc_info;
  return {
    bcId: info.bc_id,
    name: info.name,
    company: info.company,
    currency: info.currency,
    registeredArea: info.registered_area,
    timezone: info.timezone,
    status: raw(info.status),
    type: raw(info.type),
    userRole: raw(bc.user_role),
    financeRole: raw(bc.ext_user_role?.finance_role ?? null),
  };
}

export function bcMemberRow(bcId: string, memberKey: string, member: BcMember): SyncedRow<typeof ttBcMembers> {
  return {
    bcId,
    memberKey,
    userId: member.user_id,
    userName: member.user_name,
    userEmail: member.user_email,
    userRole: raw(member.user_role),
    relationStatus: raw(member.relation_status),
    financeRole: raw(member.ext_user_role?.finance_role ?? null),
  };
}

export function memberAssetRoleRow(bcId: string, memberKey: string, asset: BcAsset): SyncedRow<typeof ttMemberAssetRoles> {
  return {
    bcId,
    memberKey,
    assetType: asset.asset_type.raw,
    assetId: asset.asset_id,
    assetName: asset.asset_name,
    advertiserRole: raw(asset.advertiser_role),
    ttAccountRoles: sortedRaw(asset.tt_account_roles),
  };
}

export function bcTiktokAccountRow(bcId: string, asset: BcAdminAsset): SyncedRow<typeof ttBcTiktokAccounts> {
  return {
    bcId,
    ttAccountId: asset.asset_id,
    name: asset.asset_name,
    relationType: raw(asset.relation_type),
    relationStatus: raw(asset.relation_status),
    ttAccountRoles: sortedRaw(asset.tt_account_roles),
  };
}

export function advertiserRow(bcId: string, asset: BcAdminAsset): SyncedRow<typeof ttAdvertisers> {
  return {
    bcId,
    advertiserId: asset.asset_id,
    name: asset.asset_name,
    relationType: raw(asset.relation_type),
    relationStatus: raw(asset.relation_status),
    advertiserStatus: asset.advertiser_status,
    advertiserAccountType: asset.advertiser_account_type,
    ownerBcName: asset.owner_bc_name,
  };
}

export function bcPartnerRow(bcId: string, asset: { assetType: string; assetId: string }, partner: BcAssetPartner): SyncedRow<typeof ttBcPartners> {
  return { bcId, assetType: asset.assetType, assetId: asset.assetId, partnerBcId: partner.bc_id, partnerName: partner.bc_name };
}

export function identityRow(advertiserId: string, identity: Identity): SyncedRow<typeof ttIdentities> {
  return {
    advertiserId,
    identityType: identity.identity_type.raw,
    identityId: identity.identity_id,
    identityAuthorizedBcId: identity.identity_authorized_bc_id ?? '',
    displayName: identity.display_name,
    username: identity.username,
    availableStatus: raw(identity.available_status),
    canPullVideo: identity.can_pull_video,
    canPushVideo: identity.can_push_video,
    canUseLiveAds: identity.can_use_live_ads,
    canManageMessage: identity.can_manage_message,
    adsOnlyMode: identity.ads_only_mode,
    isGpppa: identity.is_gpppa,
  };
}

export function sparkPostRow(advertiserId: string, post: SparkPost): SyncedRow<typeof ttSparkPosts> {
  const { item_info: item, auth_info: auth, video_info: video, user_info: user } = post;
  return {
    advertiserId,
    itemId: item.item_id,
    authCodeMasked: item.auth_code === null ? null : maskAuthCode(item.auth_code),
    authCodeSha256: item.auth_code === null ? null : hashAuthCode(item.auth_code),
    itemType: raw(item.item_type),
    status: raw(item.status),
    caption: item.text,
    adAuthStatus: raw(auth?.ad_auth_status ?? null),
    authStartTime: auth?.auth_start_time ?? null,
    authEndTime: auth?.auth_end_time ?? null,
    inviteStartTime: auth?.invite_start_time ?? null,
    identityId: user?.identity_id ?? null,
    identityType: raw(user?.identity_type ?? null),
    tiktokName: user?.tiktok_name ?? null,
    videoId: video?.video_id ?? null,
    durationSeconds: video?.duration ?? null,
    duetOriginalItemId: item.duet_original_item_id,
    stitchOriginalItemId: item.stitch_original_item_id,
    isMultiDuetStitch: item.is_multi_duet_stitch,
    mentionedItemIds: item.mentioned_item_ids,
  };
}

export function identityPostRow(identity: PostIdentityRef, post: IdentityPost): SyncedRow<typeof ttIdentityPosts> {
  return {
    advertiserId: identity.advertiser_id,
    identityType: identity.identity_type,
    identityId: identity.identity_id,
    identityAuthorizedBcId: identity.identity_authorized_bc_id ?? '',
    itemId: post.item_id,
    itemType: raw(post.item_type),
    status: raw(post.status),
    caption: post.text,
    videoId: post.video_info?.video_id ?? null,
    durationSeconds: post.video_info?.duration ?? null,
  };
}

export function campaignRow(advertiserId: string, campaign: Campaign): SyncedRow<typeof ttCampaigns> {
  return {
    campaignId: campaign.campaign_id,
    advertiserId,
    name: campaign.campaign_name,
    objectiveType: campaign.objective_type,
    budget: campaign.budget,
    budgetMode: campaign.budget_mode,
    operationStatus: raw(campaign.operation_status),
    secondaryStatus: campaign.secondary_status,
    createTime: campaign.create_time,
    modifyTime: campaign.modify_time,
  };
}

export function adGroupRow(advertiserId: string, group: AdGroup): SyncedRow<typeof ttAdGroups> {
  return {
    adgroupId: group.adgroup_id,
    advertiserId,
    campaignId: group.campaign_id,
    name: group.adgroup_name,
    placementType: group.placement_type,
    placements: group.placements,
    budget: group.budget,
    budgetMode: group.budget_mode,
    scheduleStartTime: group.schedule_start_time,
    scheduleEndTime: group.schedule_end_time,
    optimizationGoal: group.optimization_goal,
    operationStatus: raw(group.operation_status),
    secondaryStatus: group.secondary_status,
    createTime: group.create_time,
    modifyTime: group.modify_time,
  };
}

/** Deleted ads are listed only when asked for (`primary_status=STATUS_ALL`) and keep operation status DELETE. */
export function isDeletedAd(ad: Ad): boolean {
  return ad.operation_status?.raw === 'DELETE' || ad.secondary_status?.raw === 'AD_STATUS_DELETE';
}

export function adRow(advertiserId: string, ad: Ad): SyncedRow<typeof ttAds> {
  return {
    adId: ad.ad_id,
    advertiserId,
    campaignId: ad.campaign_id,
    adgroupId: ad.adgroup_id,
    name: ad.ad_name,
    identityType: raw(ad.identity_type),
    identityId: ad.identity_id,
    identityAuthorizedBcId: ad.identity_authorized_bc_id,
    adFormat: raw(ad.ad_format),
    videoId: ad.video_id,
    tiktokItemId: ad.tiktok_item_id,
    darkPostStatus: raw(ad.dark_post_status),
    operationStatus: raw(ad.operation_status),
    secondaryStatus: raw(ad.secondary_status),
    creativeType: raw(ad.creative_type),
    adText: ad.ad_text,
    callToAction: ad.call_to_action,
    landingPageUrl: ad.landing_page_url,
    displayName: ad.display_name,
    deleted: isDeletedAd(ad),
    createTime: ad.create_time,
    modifyTime: ad.modify_time,
  };
}
