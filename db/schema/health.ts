import { relations } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './tenancy';
import { tiktokConnections } from './tiktok';

/** Where a finding sits; the rule engine evaluates them in this order (the post belongs with authorization). */
export const HEALTH_PILLARS = ['business_center', 'identity', 'authorization', 'post', 'preview'] as const;
export type HealthPillar = (typeof HEALTH_PILLARS)[number];
export type FindingSeverity = 'blocking' | 'warning' | 'info';

/**
 * A finding as stored: only facts. Title, explanation, fix steps and who fixes it come from the rule
 * catalogue in lib/health at render time, so wording can improve without recomputing 100,000 rows.
 */
export type StoredFinding = {
  /** A rule code from the catalogue, e.g. `BC_LINK_PENDING`. */
  code: string;
  pillar: HealthPillar;
  severity: FindingSeverity;
  /** What it is about, the key that groups one fix across ads, e.g. `tt_account:<id>`; null if only this ad. */
  subject: string | null;
  /** The synced field values that made the rule fire. */
  evidence: Record<string, string | number | boolean | null>;
};

/** `healthy`/`warning`/`blocking` are Spark ads; other ads are `not_spark`; ads deleted on TikTok are `deleted`. */
export const adHealthStatus = pgEnum('ad_health_status', ['healthy', 'warning', 'blocking', 'not_spark', 'deleted']);

/**
 * The health of one synced ad as the rule engine last computed it, with the columns the ads list
 * filters and sorts on copied in, so a page of 100,000 ads is one indexed query without joins.
 * Rewritten after each sync of the ad's connection and on the recompute schedule (expiry is a
 * matter of time, not only of sync). A row goes away with the ad (removed on TikTok).
 */
export const adHealth = pgTable(
  'ad_health',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    connectionId: uuid().notNull(),
    adId: text().notNull(),
    advertiserId: text().notNull(),
    advertiserName: text(),
    campaignId: text(),
    campaignName: text(),
    adgroupId: text(),
    adgroupName: text(),
    adName: text(),
    /** The TikTok post (`tiktok_item_id`) the ad runs on, if any. */
    itemId: text(),
    identityType: text(),
    identityId: text(),
    /** The handle shown under Identity, without '@'. */
    identityHandle: text(),
    /** The handle of the account that owns the post, without '@', when known. */
    postHandle: text(),
    operationStatus: text(),
    secondaryStatus: text(),
    status: adHealthStatus().notNull(),
    /** 0 healthy / not Spark / deleted, 1 info only, 2 warning, 3 blocking: sorts worst first. */
    severityRank: integer().notNull(),
    /** The first blocking finding in pillar order (else the first warning, else the first info). */
    rootCauseCode: text(),
    rootCausePillar: text(),
    /**
     * What the root cause is about, so one fix groups many ads: e.g. `tt_account:<id>` for a pending
     * BC link, `post:<advertiser>:<item>` for a missing authorization. Null when there is no root cause.
     */
    rootCauseSubject: text(),
    /** Every finding code on the ad, for the finding filter. */
    findingCodes: text().array().notNull().default([]),
    /** Every pillar with a finding, for the pillar filter. */
    findingPillars: text().array().notNull().default([]),
    findings: jsonb().$type<StoredFinding[]>().notNull().default([]),
    /** End of the Spark authorization the ad uses, for the expiry column and timeline. */
    authEndTime: timestamp({ withTimezone: true }),
    /** Lower-cased ad name, handles and ad id, for the text search. */
    searchText: text().notNull(),
    /** When the ad last became blocking; null while it is not blocking. Alerts report ads that turned blocking. */
    blockingSince: timestamp({ withTimezone: true }),
    evaluatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.connectionId, t.adId] }),
    index().on(t.orgId, t.severityRank, t.adId),
    index().on(t.orgId, t.advertiserId, t.severityRank),
    // The ads list's status counts and ad-account menu: an index-only scan / skip scan instead of a pass over every row.
    index().on(t.orgId, t.advertiserId, t.status),
    index().on(t.orgId, t.rootCauseCode, t.rootCauseSubject),
    index().on(t.orgId, t.authEndTime),
    index().on(t.orgId, t.adId),
    // Text search is `search_text like '%term%'`: trigrams let it skip the organization's other ads.
    index('ad_health_search_text_trgm_index').using('gin', t.searchText.op('gin_trgm_ops')),
    foreignKey({ name: 'ad_health_connection_fk', columns: [t.orgId, t.connectionId], foreignColumns: [tiktokConnections.orgId, tiktokConnections.id] }).onDelete('cascade'),
  ],
);

export const adHealthRelations = relations(adHealth, ({ one }) => ({
  connection: one(tiktokConnections, { fields: [adHealth.orgId, adHealth.connectionId], references: [tiktokConnections.orgId, tiktokConnections.id] }),
}));

/**
 * What TikTok answered the last time it was asked for an ad's preview (`creative/ads_preview/create`).
 * Checked for ads that pass every pillar, again when the ad changed or after a day; see lib/health/previews.ts.
 */
export const adPreviews = pgTable(
  'ad_previews',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    connectionId: uuid().notNull(),
    adId: text().notNull(),
    advertiserId: text().notNull(),
    checkedAt: timestamp({ withTimezone: true }).notNull(),
    /** Null when TikTok gave no preview. */
    previewUrl: text(),
    /** TikTok's words when it gave no preview (its `tips`), or why the check failed. */
    reason: text(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.connectionId, t.adId] }),
    foreignKey({ name: 'ad_previews_connection_fk', columns: [t.orgId, t.connectionId], foreignColumns: [tiktokConnections.orgId, tiktokConnections.id] }).onDelete('cascade'),
  ],
);

export const adPreviewsRelations = relations(adPreviews, ({ one }) => ({
  connection: one(tiktokConnections, { fields: [adPreviews.orgId, adPreviews.connectionId], references: [tiktokConnections.orgId, tiktokConnections.id] }),
}));
