import 'server-only';
import { and, eq, getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { executeRows, type Database, type Queryable } from '@/db/client';
import { adHealth, adPreviews, organizations, ttAdGroups, ttAds, ttBcTiktokAccounts, ttCampaigns, ttIdentities, ttIdentityPosts, ttSparkPosts } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { chunks, excluded, unnestRows, type Column } from '@/lib/sync/upsert';
import { evaluateAd } from './engine';
import { iterateAdSnapshots } from './snapshots';
import type { AdEvaluation, AdHealthStatus, AdSnapshot } from './types';

// Evaluates every current ad of an organization and stores the outcome in ad_health: bulk upserts
// of one array per column, rows of ads gone on TikTok deleted, all in one transaction per org so a
// reader never sees half a recompute.

type HealthRow = typeof adHealth.$inferInsert;

const UPSERT_CHUNK_SIZE = 1000;
const COLUMNS = Object.entries(getTableColumns(adHealth) as Record<string, AnyPgColumn>) as Column[];
const KEY = new Set(['orgId', 'connectionId', 'adId']);

/** The handle shown under the ad's Identity, without '@'. */
function identityHandle(s: AdSnapshot): string | null {
  if (s.identity?.username) return s.identity.username;
  if (s.ttAccount?.handle) return s.ttAccount.handle;
  // An AUTH_CODE identity is listed only while a code of its creator is applied; the post's owner may still name it.
  if (s.ad.identityType === 'AUTH_CODE' && s.postOwner !== null && s.postOwner.identityId === s.ad.identityId) return s.postOwner.handle;
  return null;
}

/** The handle of the account that owns the post, when known. */
function postHandle(s: AdSnapshot, shown: string | null): string | null {
  if (s.postOwner?.handle) return s.postOwner.handle;
  // A post an identity endpoint returned belongs to that identity.
  return s.post?.source === 'identity_post' ? shown : null;
}

const unique = <T>(values: T[]) => [...new Set(values)];

/** One ad_health row: the evaluation plus the list columns copied in, so the ads list needs no joins. */
export function healthRow(orgId: string, s: AdSnapshot, evaluation: AdEvaluation, now: Date): HealthRow {
  const { ad } = s;
  const shown = identityHandle(s);
  const owner = postHandle(s, shown);
  return {
    orgId,
    connectionId: s.connectionId,
    adId: ad.adId,
    advertiserId: ad.advertiserId,
    advertiserName: s.advertiser?.name ?? null,
    campaignId: ad.campaignId,
    campaignName: s.campaign?.name ?? null,
    adgroupId: ad.adgroupId,
    adgroupName: s.adGroup?.name ?? null,
    adName: ad.name,
    itemId: ad.tiktokItemId,
    identityType: ad.identityType,
    identityId: ad.identityId,
    identityHandle: shown,
    postHandle: owner,
    operationStatus: ad.operationStatus,
    secondaryStatus: ad.secondaryStatus,
    status: evaluation.status,
    severityRank: evaluation.severityRank,
    rootCauseCode: evaluation.rootCause?.code ?? null,
    rootCausePillar: evaluation.rootCause?.pillar ?? null,
    rootCauseSubject: evaluation.rootCause?.subject ?? null,
    findingCodes: unique(evaluation.findings.map((f) => f.code)),
    findingPillars: unique(evaluation.findings.map((f) => f.pillar)),
    findings: evaluation.findings,
    authEndTime: s.authorization?.authEndTime ?? null,
    // Handles with their '@', so "@mia" and "mia" both find them.
    searchText: unique([ad.name ?? '', shown === null ? '' : `@${shown}`, owner === null ? '' : `@${owner}`, ad.adId].filter((t) => t !== ''))
      .join(' ')
      .toLowerCase(),
    // The stored value wins while the ad stays blocking (see the upsert).
    blockingSince: evaluation.status === 'blocking' ? now : null,
    evaluatedAt: now,
  };
}

/** Writes rows; a row whose content did not change is left alone (its evaluated_at stays). */
async function upsertHealth(db: Queryable, rows: HealthRow[]): Promise<void> {
  const data = COLUMNS.filter(([name]) => !KEY.has(name) && name !== 'evaluatedAt' && name !== 'blockingSince');
  const set = {
    ...Object.fromEntries(data.map(([name, column]) => [name, excluded(column)])),
    evaluatedAt: excluded(adHealth.evaluatedAt),
    // Kept while the ad stays blocking, so alerts can tell "newly broken" from "still broken".
    blockingSince: sql`case when ${excluded(adHealth.status)} = 'blocking' then coalesce(${adHealth.blockingSince}, ${excluded(adHealth.blockingSince)}) else null end`,
  };
  const changed = sql`(${sql.join(
    data.map(([, c]) => c),
    sql`, `,
  )}) is distinct from (${sql.join(
    data.map(([, c]) => excluded(c)),
    sql`, `,
  )})`;
  for (const chunk of chunks(rows, UPSERT_CHUNK_SIZE)) {
    await db
      .insert(adHealth)
      .select(unnestRows(COLUMNS, chunk))
      .onConflictDoUpdate({ target: [adHealth.orgId, adHealth.connectionId, adHealth.adId], set: set as never, setWhere: changed });
  }
}

export type RecomputeResult = { evaluated: number; removed: number; byStatus: Record<AdHealthStatus, number> };

export type RecomputeOptions = {
  orgId: string;
  /** The moment expiry is judged against; default now. */
  now?: Date;
  /** Only this connection's ads (after its sync); default every connection of the organization. */
  connectionId?: string;
};

/** The tables the snapshot query joins (and ad_health, which the pages read). */
const PLANNED_TABLES = [ttAds, ttAdGroups, ttCampaigns, ttIdentities, ttSparkPosts, ttIdentityPosts, ttBcTiktokAccounts, adPreviews, adHealth];

/**
 * ANALYZE the tables the planner has no fresh statistics for. Right after a first sync the synced
 * tables were never analyzed, and with a guess of one row per table Postgres picks nested loops
 * that grow with the square of the ads (measured: 4 s to delete against 10,000 ads, instead of ms).
 */
async function analyzeStaleTables(db: Queryable): Promise<void> {
  const names: string[] = PLANNED_TABLES.map((t) => getTableName(t));
  const stale = await executeRows<{ relname: string }>(
    db,
    sql`
    select relname from pg_stat_user_tables
    where relname in (${sql.join(
      names.map((n) => sql`${n}`),
      sql`, `,
    )})
      and (coalesce(last_analyze, last_autoanalyze) is null or n_mod_since_analyze > greatest(1000, n_live_tup / 5))`,
  );
  for (const { relname } of stale) {
    if (names.includes(relname)) await db.execute(sql`analyze ${sql.identifier(relname)}`);
  }
}

/**
 * Re-evaluates every current ad of the organization (or of one connection) and stores the result:
 * new and changed rows upserted, rows of ads that are gone (removed on TikTok, or no longer synced)
 * deleted with their stored preview. One transaction: readers see the old health or the new one.
 */
export async function recomputeOrgHealth(db: Database, { orgId, now = new Date(), connectionId }: RecomputeOptions): Promise<RecomputeResult> {
  const [org] = await db.select({ expiryWindowDays: organizations.expiryWindowDays }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new NotFoundError('Organization not found');
  const options = { now, expiryWindowDays: org.expiryWindowDays };
  await analyzeStaleTables(db);
  return db.transaction(async (tx) => {
    // One recompute of an organization at a time (two connections' syncs ending together, the schedule).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`health:${orgId}`}, 0))`);
    const byStatus: Record<AdHealthStatus, number> = { healthy: 0, warning: 0, blocking: 0, not_spark: 0, deleted: 0 };
    const current = new Set<string>();
    for await (const snapshots of iterateAdSnapshots(tx, { orgId, connectionId })) {
      const rows = snapshots.map((s) => {
        const row = healthRow(orgId, s, evaluateAd(s, options), now);
        byStatus[row.status] += 1;
        current.add(adKey(row));
        return row;
      });
      await upsertHealth(tx, rows);
    }
    const removed = await deleteGone(tx, adHealth, { orgId, connectionId, current });
    await deleteGone(tx, adPreviews, { orgId, connectionId, current });
    return { evaluated: current.size, removed, byStatus };
  });
}

const adKey = (row: { connectionId: string; adId: string }) => `${row.connectionId}:${row.adId}`;

/** Deletes the rows of ads not evaluated just now (no longer current), by key: no plan depends on statistics. */
async function deleteGone(
  db: Queryable,
  table: typeof adHealth | typeof adPreviews,
  { orgId, connectionId, current }: { orgId: string; connectionId?: string; current: Set<string> },
): Promise<number> {
  const scope = and(eq(table.orgId, orgId), connectionId === undefined ? undefined : eq(table.connectionId, connectionId));
  const stored = await db.select({ connectionId: table.connectionId, adId: table.adId }).from(table).where(scope);
  const gone = stored.filter((row) => !current.has(adKey(row)));
  for (const chunk of chunks(gone)) {
    const keys = chunk.map((row) => sql`(${row.connectionId}::uuid, ${row.adId})`);
    await db.delete(table).where(and(scope, sql`(${table.connectionId}, ${table.adId}) in (${sql.join(keys, sql`, `)})`));
  }
  return gone.length;
}
