import { relations } from 'drizzle-orm';
import { type AnyPgColumn, type AnyPgTable, boolean, doublePrecision, foreignKey, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { organizations } from './tenancy';

export const tiktokConnectionMethod = pgEnum('tiktok_connection_method', ['oauth', 'access_token']);
export const tiktokConnectionStatus = pgEnum('tiktok_connection_status', ['active', 'needs_reconnect', 'disconnected']);

/**
 * One TikTok access token of an organization and what to sync with it. A sync covers exactly the
 * ad accounts in `advertiser_ids` and the Business Centers in `bc_ids`, both chosen when connecting.
 */
export const tiktokConnections = pgTable(
  'tiktok_connections',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    label: text().notNull(),
    method: tiktokConnectionMethod().notNull(),
    /** AES-GCM sealed by lib/crypto; the plain token is never stored. */
    accessTokenSealed: text().notNull(),
    /** TikTok's numeric permission ids the token carries. */
    scopes: integer().array().notNull().default([]),
    advertiserIds: text().array().notNull().default([]),
    bcIds: text().array().notNull().default([]),
    status: tiktokConnectionStatus().notNull().default('active'),
    /** Why the connection is not active, in plain words. */
    statusReason: text(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    disconnectedAt: timestamp({ withTimezone: true }),
    lastSyncedAt: timestamp({ withTimezone: true }),
    /** When a sync last read the BCs' members, their permissions and the assets' partners (the slow tier). */
    permissionsSyncedAt: timestamp({ withTimezone: true }),
    /** Someone (or a code batch, an invitation) asked for fresh permissions; the next sync reads them. */
    permissionsRequestedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

// ---- Synced tables ------------------------------------------------------------------------------
// Each row belongs to the connection whose sync saw it, so two connections of one organization keep
// separate snapshots. TikTok enum values are stored as the raw text TikTok sent.

/** Columns every synced table starts with. */
function syncedColumns() {
  return {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    connectionId: uuid().notNull(),
    /** When a sync last wrote this row; a sync that finds it unchanged leaves it alone. */
    syncedAt: timestamp({ withTimezone: true }).notNull(),
    /** Set when a sync no longer finds the object; cleared if it comes back. Null = current. */
    removedAt: timestamp({ withTimezone: true }),
  };
}

type SyncedKeyColumns = { orgId: AnyPgColumn; connectionId: AnyPgColumn };

/** Rows can only point at a connection of their own organization. */
function connectionForeignKey(t: SyncedKeyColumns, name: string) {
  return foreignKey({ name, columns: [t.orgId, t.connectionId], foreignColumns: [tiktokConnections.orgId, tiktokConnections.id] }).onDelete('cascade');
}

export const ttBusinessCenters = pgTable(
  'tt_business_centers',
  {
    ...syncedColumns(),
    bcId: text().notNull(),
    name: text(),
    company: text(),
    currency: text(),
    registeredArea: text(),
    timezone: text(),
    status: text(),
    type: text(),
    /** The connected user's role in the BC. */
    userRole: text(),
    financeRole: text(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.connectionId, t.bcId] }), connectionForeignKey(t, 'tt_business_centers_connection_fk')],
);

export const ttBcMembers = pgTable(
  'tt_bc_members',
  {
    ...syncedColumns(),
    bcId: text().notNull(),
    /** `user_id`, or `email:<address>` for an invitee who has not accepted yet (TikTok gives them no user_id). */
    memberKey: text().notNull(),
    userId: text(),
    userName: text(),
    userEmail: text(),
    userRole: text(),
    relationStatus: text(),
    financeRole: text(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.connectionId, t.bcId, t.memberKey] }), index().on(t.orgId, t.userEmail), connectionForeignKey(t, 'tt_bc_members_connection_fk')],
);

/** What one BC member may do on one asset: a role on an ad account, permissions on a TikTok account. */
export const ttMemberAssetRoles = pgTable(
  'tt_member_asset_roles',
  {
    ...syncedColumns(),
    bcId: text().notNull(),
    memberKey: text().notNull(),
    /** `ADVERTISER` or `TT_ACCOUNT`. */
    assetType: text().notNull(),
    assetId: text().notNull(),
    assetName: text(),
    advertiserRole: text(),
    /** Sorted; `POST` is "Existing posts". */
    ttAccountRoles: text().array(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.connectionId, t.bcId, t.memberKey, t.assetType, t.assetId] }),
    index().on(t.orgId, t.assetType, t.assetId),
    connectionForeignKey(t, 'tt_member_asset_roles_connection_fk'),
  ],
);

/** A TikTok account linked (or being linked) into a BC, with what the BC itself holds on it. */
export const ttBcTiktokAccounts = pgTable(
  'tt_bc_tiktok_accounts',
  {
    ...syncedColumns(),
    bcId: text().notNull(),
    ttAccountId: text().notNull(),
    name: text(),
    relationType: text(),
    /** The link state: `BOUND`, or `PENDING` while the owner has not scanned the QR code. */
    relationStatus: text(),
    /** Permissions the BC holds; a member grant outside these is ineffective. Sorted. */
    ttAccountRoles: text().array(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.connectionId, t.bcId, t.ttAccountId] }), index().on(t.orgId, t.ttAccountId), connectionForeignKey(t, 'tt_bc_tiktok_accounts_connection_fk')],
);

/** An ad account as an asset of a connected BC, with the BC's relation to it. */
export const ttAdvertisers = pgTable(
  'tt_advertisers',
  {
    ...syncedColumns(),
    bcId: text().notNull(),
    advertiserId: text().notNull(),
    name: text(),
    relationType: text(),
    relationStatus: text(),
    advertiserStatus: text(),
    advertiserAccountType: text(),
    ownerBcName: text(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.connectionId, t.bcId, t.advertiserId] }), index().on(t.orgId, t.advertiserId), connectionForeignKey(t, 'tt_advertisers_connection_fk')],
);

/** A partner BC an asset of a connected BC is shared with (or owned by). */
export const ttBcPartners = pgTable(
  'tt_bc_partners',
  {
    ...syncedColumns(),
    bcId: text().notNull(),
    assetType: text().notNull(),
    assetId: text().notNull(),
    partnerBcId: text().notNull(),
    partnerName: text(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.connectionId, t.bcId, t.assetType, t.assetId, t.partnerBcId] }), connectionForeignKey(t, 'tt_bc_partners_connection_fk')],
);

/**
 * An identity an ad account can use. `identity_authorized_bc_id` is '' unless the type is
 * BC_AUTH_TT: one account linked into two BCs is two identities, and key columns cannot be null.
 */
export const ttIdentities = pgTable(
  'tt_identities',
  {
    ...syncedColumns(),
    advertiserId: text().notNull(),
    identityType: text().notNull(),
    identityId: text().notNull(),
    identityAuthorizedBcId: text().notNull(),
    displayName: text(),
    username: text(),
    availableStatus: text(),
    canPullVideo: boolean(),
    canPushVideo: boolean(),
    canUseLiveAds: boolean(),
    canManageMessage: boolean(),
    adsOnlyMode: boolean(),
    isGpppa: boolean(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.connectionId, t.advertiserId, t.identityType, t.identityId, t.identityAuthorizedBcId] }), connectionForeignKey(t, 'tt_identities_connection_fk')],
);

/** A post authorized to an ad account with a creator's Spark code (`/tt_video/list/`). */
export const ttSparkPosts = pgTable(
  'tt_spark_posts',
  {
    ...syncedColumns(),
    advertiserId: text().notNull(),
    itemId: text().notNull(),
    // The code authorizes ads on the creator's post; only a masked form and a hash for matching are kept.
    authCodeMasked: text(),
    authCodeSha256: text(),
    itemType: text(),
    status: text(),
    caption: text(),
    adAuthStatus: text(),
    authStartTime: timestamp({ withTimezone: true }),
    authEndTime: timestamp({ withTimezone: true }),
    inviteStartTime: timestamp({ withTimezone: true }),
    identityId: text(),
    identityType: text(),
    tiktokName: text(),
    videoId: text(),
    durationSeconds: doublePrecision(),
    duetOriginalItemId: text(),
    stitchOriginalItemId: text(),
    isMultiDuetStitch: boolean(),
    mentionedItemIds: text().array(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.connectionId, t.advertiserId, t.itemId] }),
    index().on(t.orgId, t.itemId),
    index().on(t.orgId, t.authCodeSha256),
    connectionForeignKey(t, 'tt_spark_posts_connection_fk'),
  ],
);

/** A post an ad uses through a TT_USER or BC_AUTH_TT identity, as that identity sees it (`/identity/video/info/`). */
export const ttIdentityPosts = pgTable(
  'tt_identity_posts',
  {
    ...syncedColumns(),
    advertiserId: text().notNull(),
    identityType: text().notNull(),
    identityId: text().notNull(),
    /** '' unless BC_AUTH_TT, as in tt_identities. */
    identityAuthorizedBcId: text().notNull(),
    itemId: text().notNull(),
    itemType: text(),
    status: text(),
    caption: text(),
    videoId: text(),
    durationSeconds: doublePrecision(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.connectionId, t.advertiserId, t.identityType, t.identityId, t.identityAuthorizedBcId, t.itemId] }),
    index().on(t.orgId, t.itemId),
    connectionForeignKey(t, 'tt_identity_posts_connection_fk'),
  ],
);

export const ttCampaigns = pgTable(
  'tt_campaigns',
  {
    ...syncedColumns(),
    campaignId: text().notNull(),
    advertiserId: text().notNull(),
    name: text(),
    objectiveType: text(),
    budget: doublePrecision(),
    budgetMode: text(),
    operationStatus: text(),
    secondaryStatus: text(),
    createTime: timestamp({ withTimezone: true }),
    modifyTime: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.connectionId, t.campaignId] }), index().on(t.orgId, t.advertiserId), connectionForeignKey(t, 'tt_campaigns_connection_fk')],
);

export const ttAdGroups = pgTable(
  'tt_ad_groups',
  {
    ...syncedColumns(),
    adgroupId: text().notNull(),
    advertiserId: text().notNull(),
    campaignId: text(),
    name: text(),
    placementType: text(),
    placements: text().array(),
    budget: doublePrecision(),
    budgetMode: text(),
    scheduleStartTime: timestamp({ withTimezone: true }),
    /** Null for an ad group that runs continuously. */
    scheduleEndTime: timestamp({ withTimezone: true }),
    optimizationGoal: text(),
    operationStatus: text(),
    secondaryStatus: text(),
    createTime: timestamp({ withTimezone: true }),
    modifyTime: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.connectionId, t.adgroupId] }), index().on(t.orgId, t.advertiserId), connectionForeignKey(t, 'tt_ad_groups_connection_fk')],
);

export const ttAds = pgTable(
  'tt_ads',
  {
    ...syncedColumns(),
    adId: text().notNull(),
    advertiserId: text().notNull(),
    campaignId: text(),
    adgroupId: text(),
    name: text(),
    identityType: text(),
    identityId: text(),
    identityAuthorizedBcId: text(),
    adFormat: text(),
    /** Set for pushed videos and uploads; a pull Spark ad has only `tiktok_item_id`. */
    videoId: text(),
    tiktokItemId: text(),
    darkPostStatus: text(),
    operationStatus: text(),
    secondaryStatus: text(),
    creativeType: text(),
    adText: text(),
    callToAction: text(),
    landingPageUrl: text(),
    displayName: text(),
    /** Deleted on TikTok (still listed with `primary_status=STATUS_ALL`), unlike `removed_at`. */
    deleted: boolean().notNull(),
    createTime: timestamp({ withTimezone: true }),
    modifyTime: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.connectionId, t.adId] }), index().on(t.orgId, t.advertiserId), index().on(t.orgId, t.tiktokItemId), connectionForeignKey(t, 'tt_ads_connection_fk')],
);

// ---- Relations ----------------------------------------------------------------------------------

export const tiktokConnectionsRelations = relations(tiktokConnections, ({ one, many }) => ({
  organization: one(organizations, { fields: [tiktokConnections.orgId], references: [organizations.id] }),
  creator: one(users, { fields: [tiktokConnections.createdBy], references: [users.id] }),
  businessCenters: many(ttBusinessCenters),
  bcMembers: many(ttBcMembers),
  memberAssetRoles: many(ttMemberAssetRoles),
  bcTiktokAccounts: many(ttBcTiktokAccounts),
  advertisers: many(ttAdvertisers),
  bcPartners: many(ttBcPartners),
  identities: many(ttIdentities),
  sparkPosts: many(ttSparkPosts),
  identityPosts: many(ttIdentityPosts),
  campaigns: many(ttCampaigns),
  adGroups: many(ttAdGroups),
  ads: many(ttAds),
}));

const connectionOf = <T extends AnyPgTable & SyncedKeyColumns>(table: T) =>
  relations(table, ({ one }) => ({
    connection: one(tiktokConnections, { fields: [table.orgId, table.connectionId], references: [tiktokConnections.orgId, tiktokConnections.id] }),
  }));

export const ttBusinessCentersRelations = connectionOf(ttBusinessCenters);
export const ttBcMembersRelations = connectionOf(ttBcMembers);
export const ttMemberAssetRolesRelations = connectionOf(ttMemberAssetRoles);
export const ttBcTiktokAccountsRelations = connectionOf(ttBcTiktokAccounts);
export const ttAdvertisersRelations = connectionOf(ttAdvertisers);
export const ttBcPartnersRelations = connectionOf(ttBcPartners);
export const ttIdentitiesRelations = connectionOf(ttIdentities);
export const ttSparkPostsRelations = connectionOf(ttSparkPosts);
export const ttIdentityPostsRelations = connectionOf(ttIdentityPosts);
export const ttCampaignsRelations = connectionOf(ttCampaigns);
export const ttAdGroupsRelations = connectionOf(ttAdGroups);
export const ttAdsRelations = connectionOf(ttAds);
