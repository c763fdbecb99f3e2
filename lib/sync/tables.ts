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

/** Tables holding one snapshot per connected Business Center (keyed by `bc_id`). */
export const BC_TABLES = [ttBcMembers, ttMemberAssetRoles, ttBcTiktokAccounts, ttAdvertisers, ttBcPartners] as const;

/** Tables holding one snapshot per synced ad account (keyed by `advertiser_id`). */
export const ADVERTISER_TABLES = [ttIdentities, ttSparkPosts, ttIdentityPosts, ttCampaigns, ttAdGroups, ttAds] as const;

export const SYNCED_TABLES = [ttBusinessCenters, ...BC_TABLES, ...ADVERTISER_TABLES] as const;
