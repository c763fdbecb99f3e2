import 'server-only';
import { and, asc, count, desc, eq, gte, isNotNull, lte, max, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { executeRows, type Queryable } from '@/db/client';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { adHealth, adHealthStatus, HEALTH_PILLARS, tiktokConnections, type StoredFinding } from '@/db/schema';
import { ValidationError } from '@/lib/errors';
import { RULE_CODES } from './catalogue';
import type { AdHealthStatus } from './types';

// Reads of the stored health (`ad_health`, written by lib/health/recompute) for the overview, the ads
// list, one ad, the JSON API and the CLI. Every query is scoped by org_id and answers from the copied-in
// list columns, so a page of an organization with 100,000 ads is a couple of indexed statements.

export const AD_HEALTH_STATUSES = adHealthStatus.enumValues;

export const AD_SORTS = ['severity', 'expiry', 'ad', 'advertiser'] as const;
export type AdSort = (typeof AD_SORTS)[number];

/** The direction each sort takes unless the URL says otherwise: worst, soonest, A→Z. */
const DEFAULT_DIRECTION: Record<AdSort, 'asc' | 'desc'> = { severity: 'desc', expiry: 'asc', ad: 'asc', advertiser: 'asc' };

export const ADS_PAGE_SIZE = 50;

/** A GET form sends an unused field as '', which means "no filter". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const findingCode = z.enum(RULE_CODES, { error: 'must be a finding code such as BC_LINK_PENDING' });

/** The ads list's filters, sort and page as they appear in the URL (`/o/<org>/ads?…`, `/api/orgs/<org>/ads?…`). */
export const adsListQuerySchema = z
  .object({
    advertiser: optional(
      z
        .string()
        .trim()
        .regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be an ad account ID'),
    ),
    status: optional(z.enum(AD_HEALTH_STATUSES, { error: `must be one of ${AD_HEALTH_STATUSES.join(', ')}` })),
    pillar: optional(z.enum(HEALTH_PILLARS, { error: `must be one of ${HEALTH_PILLARS.join(', ')}` })),
    /** Any finding on the ad has this code. */
    code: optional(findingCode),
    /** The ad's root cause is this code (with `subject`: this one fix, as grouped on the overview). */
    cause: optional(findingCode),
    subject: optional(z.string().max(300, 'must be at most 300 characters')),
    q: optional(
      z
        .string()
        .trim()
        .max(100, { error: (issue) => `must be at most 100 characters (yours has ${String(issue.input).length}) — shorten it` }),
    ),
    sort: optional(z.enum(AD_SORTS, { error: `must be one of ${AD_SORTS.join(', ')}` })),
    dir: optional(z.enum(['asc', 'desc'], { error: 'must be asc or desc' })),
    page: optional(z.coerce.number({ error: 'must be a page number' }).int('must be a whole page number').min(1, 'must be 1 or more').max(100_000, 'is too large')),
  })
  .refine((f) => f.subject === undefined || f.cause !== undefined, { path: ['subject'], message: 'needs a root cause code (cause) to go with it' });

export type AdsListQuery = z.infer<typeof adsListQuerySchema>;

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function firstValues(params: SearchParamsLike): Record<string, string> {
  const entries = params instanceof URLSearchParams ? [...params.keys()].map((k) => [k, params.get(k) ?? undefined] as const) : Object.entries(params);
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first;
  }
  return out;
}

/** The filters from a URL's query string; a bad one is a ValidationError (422) that names it. Unknown parameters are ignored. */
export function parseAdsListQuery(params: SearchParamsLike): AdsListQuery {
  const parsed = adsListQuerySchema.safeParse(firstValues(params));
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'filter');
  return parsed.data;
}

/** The query string for `query` (only what differs from the defaults), e.g. for links that change one filter. */
export function adsListSearch(query: { [K in keyof AdsListQuery]?: string | number }): string {
  const params = new URLSearchParams();
  for (const key of ['advertiser', 'status', 'pillar', 'code', 'cause', 'subject', 'q', 'sort', 'dir'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, String(value));
  }
  if (query.page !== undefined && Number(query.page) > 1) params.set('page', String(query.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** `like` matches its pattern characters literally only when escaped. */
const likeContains = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Every filter except status and advertiser, which the counts break down by. */
function sharedConditions(orgId: string, query: AdsListQuery): SQL[] {
  const conditions: SQL[] = [eq(adHealth.orgId, orgId)];
  if (query.pillar) conditions.push(sql`${adHealth.findingPillars} @> array[${query.pillar}]::text[]`);
  if (query.code) conditions.push(sql`${adHealth.findingCodes} @> array[${query.code}]::text[]`);
  if (query.cause) conditions.push(eq(adHealth.rootCauseCode, query.cause));
  if (query.subject !== undefined) conditions.push(eq(adHealth.rootCauseSubject, query.subject));
  // Through ad_health_matching (migration 0022) so that the trigram index serves it under row-level security too.
  if (query.q) conditions.push(sql`(${adHealth.connectionId}, ${adHealth.adId}) in (select connection_id, ad_id from ad_health_matching(${orgId}, ${likeContains(query.q)}))`);
  return conditions;
}

function orderBy(query: AdsListQuery): SQL[] {
  const sort = query.sort ?? 'severity';
  const dir = query.dir ?? DEFAULT_DIRECTION[sort];
  const by = dir === 'asc' ? asc : desc;
  // Nulls (no name, no authorization) go last whichever the direction; ad id breaks ties so pages never overlap.
  const nullsLast = (column: AnyPgColumn) => sql`${column} ${sql.raw(dir)} nulls last`;
  switch (sort) {
    case 'severity':
      return [by(adHealth.severityRank), by(adHealth.adId), by(adHealth.connectionId)];
    case 'expiry':
      return [nullsLast(adHealth.authEndTime), asc(adHealth.adId), asc(adHealth.connectionId)];
    case 'ad':
      return [nullsLast(adHealth.adName), asc(adHealth.adId), asc(adHealth.connectionId)];
    case 'advertiser':
      return [nullsLast(adHealth.advertiserName), desc(adHealth.severityRank), asc(adHealth.adId), asc(adHealth.connectionId)];
  }
}

const listColumns = {
  connectionId: adHealth.connectionId,
  adId: adHealth.adId,
  adName: adHealth.adName,
  advertiserId: adHealth.advertiserId,
  advertiserName: adHealth.advertiserName,
  campaignId: adHealth.campaignId,
  campaignName: adHealth.campaignName,
  adgroupName: adHealth.adgroupName,
  itemId: adHealth.itemId,
  identityType: adHealth.identityType,
  identityHandle: adHealth.identityHandle,
  postHandle: adHealth.postHandle,
  status: adHealth.status,
  severityRank: adHealth.severityRank,
  rootCauseCode: adHealth.rootCauseCode,
  rootCausePillar: adHealth.rootCausePillar,
  rootCauseSubject: adHealth.rootCauseSubject,
  findingCodes: adHealth.findingCodes,
  findings: adHealth.findings,
  authEndTime: adHealth.authEndTime,
  evaluatedAt: adHealth.evaluatedAt,
};

export type AdListRow = {
  [K in keyof typeof listColumns]: (typeof listColumns)[K]['_']['notNull'] extends true ? (typeof listColumns)[K]['_']['data'] : (typeof listColumns)[K]['_']['data'] | null;
};

export type AdvertiserOption = { advertiserId: string; advertiserName: string | null };

export type AdsPage = {
  rows: AdListRow[];
  /** Ads matching every filter. */
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  /** Ads per status under every filter but the status filter (for the status tabs). */
  statusCounts: Record<AdHealthStatus, number>;
  /** Every ad account the organization has ads in, by name (for the advertiser menu). */
  advertisers: AdvertiserOption[];
};

const zeroStatusCounts = (): Record<AdHealthStatus, number> => Object.fromEntries(AD_HEALTH_STATUSES.map((s) => [s, 0])) as Record<AdHealthStatus, number>;

type FacetRow = { kind: 'status' | 'advertiser'; key: string; name: string | null; ads: number | string | null };

/**
 * The status counts under the other filters and the organization's ad accounts, in one statement.
 * Unfiltered (or by ad account) the counts are an index-only scan of (org, advertiser, status); the
 * ad accounts are a skip scan of the same index (one probe per account, not a pass over every ad).
 */
async function listFacets(db: Queryable, orgId: string, conditions: SQL[]): Promise<FacetRow[]> {
  return executeRows<FacetRow>(
    db,
    sql`
    select 'status' as kind, ${adHealth.status}::text as key, null::text as name, count(*) as ads
    from ${adHealth} where ${and(...conditions)} group by ${adHealth.status}
    union all
    select 'advertiser', a.advertiser_id, (select h.advertiser_name from ${adHealth} h where h.org_id = ${orgId} and h.advertiser_id = a.advertiser_id and h.advertiser_name is not null limit 1), null
    from (
      with recursive a(advertiser_id) as (
        (select h.advertiser_id from ${adHealth} h where h.org_id = ${orgId} order by h.advertiser_id limit 1)
        union all
        select (select h.advertiser_id from ${adHealth} h where h.org_id = ${orgId} and h.advertiser_id > a.advertiser_id order by h.advertiser_id limit 1)
        from a where a.advertiser_id is not null
      )
      select advertiser_id from a where advertiser_id is not null
    ) a`,
  );
}

/** One page of the ads list, its status counts and the ad-account menu: two statements, run at once. */
export async function listAds(db: Queryable, { orgId, query, pageSize = ADS_PAGE_SIZE }: { orgId: string; query: AdsListQuery; pageSize?: number }): Promise<AdsPage> {
  const filtered = [...sharedConditions(orgId, query), query.advertiser ? eq(adHealth.advertiserId, query.advertiser) : undefined].filter((c): c is SQL => c !== undefined);
  const page = query.page ?? 1;
  const [rows, facets] = await Promise.all([
    db
      .select(listColumns)
      .from(adHealth)
      .where(and(...filtered, query.status ? eq(adHealth.status, query.status) : undefined))
      .orderBy(...orderBy(query))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    listFacets(db, orgId, filtered),
  ]);
  const statusCounts = zeroStatusCounts();
  const advertisers: AdvertiserOption[] = [];
  for (const facet of facets) {
    if (facet.kind === 'status') statusCounts[facet.key as AdHealthStatus] = Number(facet.ads);
    else advertisers.push({ advertiserId: facet.key, advertiserName: facet.name });
  }
  const total = query.status ? statusCounts[query.status] : Object.values(statusCounts).reduce((a, b) => a + b, 0);
  advertisers.sort((a, b) => (a.advertiserName ?? a.advertiserId).localeCompare(b.advertiserName ?? b.advertiserId));
  return { rows, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)), statusCounts, advertisers };
}

// ---- one ad --------------------------------------------------------------------------------------

export type AdHealthRow = typeof adHealth.$inferSelect;

/**
 * The stored health of one ad of the organization, or null (also for another organization's ad).
 * Two connections that both reach the ad's account each keep a row; the most recently evaluated wins.
 */
export async function getAdHealth(db: Queryable, { orgId, adId }: { orgId: string; adId: string }): Promise<AdHealthRow | null> {
  const [row] = await db
    .select()
    .from(adHealth)
    .where(and(eq(adHealth.orgId, orgId), eq(adHealth.adId, adId)))
    .orderBy(desc(adHealth.evaluatedAt), asc(adHealth.connectionId))
    .limit(1);
  return row ?? null;
}

// ---- overview ------------------------------------------------------------------------------------

export type RootCauseCount = {
  code: string;
  pillar: string | null;
  subject: string | null;
  ads: number;
  /** How many ad accounts the ads are in, and the name of one (enough to say "in Northwind US"). */
  advertisers: number;
  advertiserName: string | null;
  /** The root-cause finding of one of the ads (they share code and subject), for the group's wording. */
  sample: StoredFinding | null;
};

export type ExpiringAuthorization = {
  authEndTime: Date;
  advertiserId: string;
  advertiserName: string | null;
  itemId: string | null;
  postHandle: string | null;
  ads: number;
  /** Up to EXPIRY_ADS_SHOWN of the ads the expiry stops, by name. */
  sampleAds: { adId: string; adName: string | null }[];
};

export type HealthOverview = ConnectionState & {
  statusCounts: Record<AdHealthStatus, number>;
  /** Blocking ads grouped by root cause code + subject, most ads first (the first `rootCauseLimit`, if given). */
  rootCauses: RootCauseCount[];
  /** Every root-cause group and the blocking ads in them, also those `rootCauses` leaves out. */
  rootCauseTotals: { groups: number; ads: number };
  /** Authorizations (post × ad account × end time) of live ads ending between now and `expiryDays` from now, soonest first. */
  expiring: ExpiringAuthorization[];
  lastEvaluatedAt: Date | null;
};

/** Root-cause groups the overview shows before "show all". */
export const ROOT_CAUSE_GROUPS_SHOWN = 12;
export const EXPIRY_DAYS = 30;
export const EXPIRIES_SHOWN = 40;
export const EXPIRY_ADS_SHOWN = 5;

/** Rows read per statement while exporting; the export is every ad the filters match, in the list's order. */
const EXPORT_PAGE_SIZE = 1000;

/** Every ad matching `query` (all pages), read EXPORT_PAGE_SIZE at a time. */
export async function listAdsForExport(db: Queryable, { orgId, query }: { orgId: string; query: AdsListQuery }): Promise<AdListRow[]> {
  const rows: AdListRow[] = [];
  for (let page = 1; ; page += 1) {
    const result = await listAds(db, { orgId, query: { ...query, page }, pageSize: EXPORT_PAGE_SIZE });
    rows.push(...result.rows);
    if (page >= result.pages) return rows;
  }
}

/** Counts, root-cause groups, the expiry timeline and the last sync (of one ad account, if given): four statements at once. */
export async function getHealthOverview(
  db: Queryable,
  { orgId, advertiserId, now = new Date(), expiryDays = EXPIRY_DAYS, rootCauseLimit }: { orgId: string; advertiserId?: string; now?: Date; expiryDays?: number; rootCauseLimit?: number },
): Promise<HealthOverview> {
  const until = new Date(now.getTime() + expiryDays * 86_400_000);
  const scope = and(eq(adHealth.orgId, orgId), advertiserId === undefined ? undefined : eq(adHealth.advertiserId, advertiserId));
  const [statuses, groups, expiring, sync] = await Promise.all([
    db
      .select({ status: adHealth.status, ads: count(), evaluatedAt: max(adHealth.evaluatedAt) })
      .from(adHealth)
      .where(scope)
      .groupBy(adHealth.status),
    listRootCauseGroups(db, { orgId, advertiserId, limit: rootCauseLimit }),
    db
      .select({
        authEndTime: sql<Date>`${adHealth.authEndTime}`.mapWith(adHealth.authEndTime),
        advertiserId: adHealth.advertiserId,
        advertiserName: max(adHealth.advertiserName),
        itemId: adHealth.itemId,
        postHandle: max(adHealth.postHandle),
        ads: count(),
        sampleAds: sql<
          { adId: string; adName: string | null }[]
        >`(array_agg(json_build_object('adId', ${adHealth.adId}, 'adName', ${adHealth.adName}) order by ${adHealth.adName} nulls last, ${adHealth.adId}))[1:${sql.raw(String(EXPIRY_ADS_SHOWN))}]`,
      })
      .from(adHealth)
      .where(and(scope, isNotNull(adHealth.authEndTime), gte(adHealth.authEndTime, now), lte(adHealth.authEndTime, until), ne(adHealth.status, 'deleted'), ne(adHealth.status, 'not_spark')))
      .groupBy(adHealth.authEndTime, adHealth.advertiserId, adHealth.itemId)
      .orderBy(asc(adHealth.authEndTime), asc(adHealth.advertiserId), asc(adHealth.itemId))
      .limit(EXPIRIES_SHOWN),
    getConnectionState(db, { orgId }),
  ]);
  const statusCounts = zeroStatusCounts();
  let lastEvaluatedAt: Date | null = null;
  for (const s of statuses) {
    statusCounts[s.status] = s.ads;
    if (s.evaluatedAt && (!lastEvaluatedAt || s.evaluatedAt > lastEvaluatedAt)) lastEvaluatedAt = s.evaluatedAt;
  }
  return {
    statusCounts,
    rootCauses: groups.groups,
    rootCauseTotals: groups.totals,
    expiring: expiring.map((e) => ({ ...e, sampleAds: e.sampleAds ?? [] })),
    ...sync,
    lastEvaluatedAt,
  };
}

export type ConnectionState = { connections: number; lastSyncedAt: Date | null };

/** How many TikTok connections the organization has (not disconnected) and when one last synced: what empty pages explain. */
export async function getConnectionState(db: Queryable, { orgId }: { orgId: string }): Promise<ConnectionState> {
  const [state] = await db
    .select({ connections: count(), lastSyncedAt: max(tiktokConnections.lastSyncedAt) })
    .from(tiktokConnections)
    .where(and(eq(tiktokConnections.orgId, orgId), ne(tiktokConnections.status, 'disconnected')));
  return { connections: state?.connections ?? 0, lastSyncedAt: state?.lastSyncedAt ?? null };
}

/**
 * Blocking ads by root cause (code + subject), with one ad's root-cause finding for the wording:
 * the groups come from the (org, root cause code, subject) index, and each sample is one indexed row.
 */
export async function listRootCauseGroups(
  db: Queryable,
  { orgId, advertiserId, limit }: { orgId: string; advertiserId?: string; limit?: number },
): Promise<{ groups: RootCauseCount[]; totals: { groups: number; ads: number } }> {
  const advertiserFilter = advertiserId ? sql`and h.advertiser_id = ${advertiserId}` : sql``;
  const limitClause = limit === undefined ? sql`` : sql`limit ${limit}`;
  type Row = {
    code: string;
    pillar: string | null;
    subject: string | null;
    ads: number | string;
    advertisers: number | string;
    advertiser_name: string | null;
    sample: StoredFinding | null;
    total_groups: number | string;
    total_ads: number | string;
  };
  const list = await executeRows<Row>(
    db,
    sql`
    select g.code, g.pillar, g.subject, g.ads, g.advertisers, g.advertiser_name, s.finding as sample, g.total_groups, g.total_ads
    from (
      select h.root_cause_code as code, max(h.root_cause_pillar) as pillar, h.root_cause_subject as subject, count(*) as ads,
        count(distinct h.advertiser_id) as advertisers, min(h.advertiser_name) as advertiser_name,
        count(*) over () as total_groups, sum(count(*)) over () as total_ads
      from ${adHealth} h
      where h.org_id = ${orgId} and h.status = 'blocking' and h.root_cause_code is not null ${advertiserFilter}
      group by h.root_cause_code, h.root_cause_subject
      order by count(*) desc, h.root_cause_code, h.root_cause_subject nulls last
      ${limitClause}
    ) g
    left join lateral (
      select f.finding
      from ${adHealth} h, jsonb_array_elements(h.findings) f(finding)
      where h.org_id = ${orgId} and h.status = 'blocking' and h.root_cause_code = g.code
        and h.root_cause_subject is not distinct from g.subject ${advertiserFilter}
        and f.finding->>'code' = g.code
      limit 1
    ) s on true
    order by g.ads desc, g.code, g.subject nulls last`,
  );
  return {
    groups: list.map((r) => ({ code: r.code, pillar: r.pillar, subject: r.subject, ads: Number(r.ads), advertisers: Number(r.advertisers), advertiserName: r.advertiser_name, sample: r.sample })),
    totals: { groups: Number(list[0]?.total_groups ?? 0), ads: Number(list[0]?.total_ads ?? 0) },
  };
}
