import 'server-only';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Database, Queryable } from '@/db/client';
import { adHealth, adPreviews, organizations, syncRuns, ttAds } from '@/db/schema';
import { mapConcurrent } from '@/lib/sync/fetch';
import { excluded } from '@/lib/sync/upsert';
import { TikTokApiError, type AdPreview, type ApiPath, type TikTokClient } from '@/lib/tiktok';
import { httpsUrlOrNull } from '@/lib/safe-url';

// Whether TikTok renders a preview for an ad (`creative/ads_preview/create`). The rule engine reads
// the stored outcome (PREVIEW_UNAVAILABLE); asking TikTok happens here, after a sync.
//
// Policy: only ads that pass every pillar are asked (a broken ad has no preview for a known
// reason); an ad is asked again when a sync changed it or a day after the last answer; oldest
// answer first, within the organization's hourly budget (`previewAllowance`), so a large
// organization is covered over several syncs without spending the app's shared quota at once;
// calls go through the app's shared limiter, a few at a time. A call that fails stores nothing:
// unknown is not unavailable.

export const PREVIEW_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const PREVIEW_CONCURRENCY = 4;
const PREVIEW_ENDPOINT = 'creative/ads_preview/create/' satisfies ApiPath;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Preview checks the organization may make now: its hourly budget (`preview_checks_per_hour`) less
 * the checks its sync runs made in the hour before `now`, and at most the budget's share of one
 * schedule interval, so every scheduled run of the hour gets its part instead of the first taking it all.
 */
export async function previewAllowance(db: Queryable, { orgId, now }: { orgId: string; now: Date }): Promise<number> {
  const [row] = await db
    .select({
      budget: organizations.previewChecksPerHour,
      intervalMinutes: organizations.syncIntervalMinutes,
      spent: sql<number>`(
        select coalesce(sum((r.api_calls_by_endpoint ->> ${PREVIEW_ENDPOINT})::int), 0)::int from ${syncRuns} r
        where r.org_id = ${orgId} and coalesce(r.finished_at, r.created_at) > ${new Date(now.getTime() - HOUR_MS).toISOString()}::timestamptz
      )`,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!row) return 0;
  const perRun = row.intervalMinutes > 0 && row.intervalMinutes < 60 ? Math.ceil((row.budget * row.intervalMinutes) / 60) : row.budget;
  return Math.max(0, Math.min(perRun, row.budget - Number(row.spent)));
}

export type StoredAdPreview = { checkedAt: Date; previewUrl: string | null; reason: string | null };

/** The last answer TikTok gave about the ad's preview, or null if it was never asked. */
export async function getAdPreview(db: Queryable, { orgId, adId, connectionId }: { orgId: string; adId: string; connectionId?: string }): Promise<StoredAdPreview | null> {
  const [row] = await db
    .select({ checkedAt: adPreviews.checkedAt, previewUrl: adPreviews.previewUrl, reason: adPreviews.reason })
    .from(adPreviews)
    .where(and(eq(adPreviews.orgId, orgId), eq(adPreviews.adId, adId), connectionId === undefined ? undefined : eq(adPreviews.connectionId, connectionId)))
    .orderBy(asc(adPreviews.connectionId))
    .limit(1);
  return row ?? null;
}

/** TikTok's reason for giving no preview, in its own words (`tips`). */
export function previewReason(preview: AdPreview): string {
  const messages = (preview.tips ?? []).flatMap((tip) => tip.messages ?? []);
  return messages.length > 0 ? messages.join(' ') : 'TikTok returned no preview link and gave no reason.';
}

type Candidate = { connectionId: string; adId: string; advertiserId: string; wasUnavailable: boolean };

/** Ads passing every pillar whose preview was never asked, is older than a day, or predates a change to the ad. */
function previewCandidates(db: Queryable, { orgId, connectionId, checkedAt, limit }: { orgId: string; connectionId?: string; checkedAt: Date; limit: number }): Promise<Candidate[]> {
  const staleBefore = new Date(checkedAt.getTime() - PREVIEW_MAX_AGE_MS);
  return db
    .select({
      connectionId: adHealth.connectionId,
      adId: adHealth.adId,
      advertiserId: adHealth.advertiserId,
      wasUnavailable: sql<boolean>`(${adPreviews.adId} is not null and ${adPreviews.previewUrl} is null)`,
    })
    .from(adHealth)
    .innerJoin(ttAds, and(eq(ttAds.orgId, adHealth.orgId), eq(ttAds.connectionId, adHealth.connectionId), eq(ttAds.adId, adHealth.adId), isNull(ttAds.removedAt)))
    .leftJoin(adPreviews, and(eq(adPreviews.orgId, adHealth.orgId), eq(adPreviews.connectionId, adHealth.connectionId), eq(adPreviews.adId, adHealth.adId)))
    .where(
      and(
        eq(adHealth.orgId, orgId),
        connectionId === undefined ? undefined : eq(adHealth.connectionId, connectionId),
        inArray(adHealth.status, ['healthy', 'warning']),
        or(isNull(adPreviews.adId), sql`${adPreviews.checkedAt} < ${staleBefore.toISOString()}::timestamptz`, sql`${ttAds.syncedAt} > ${adPreviews.checkedAt}`),
      ),
    )
    .orderBy(sql`${adPreviews.checkedAt} asc nulls first`, asc(adHealth.adId))
    .limit(limit);
}

export type PreviewCheckResult = {
  checked: number;
  unavailable: number;
  /** Calls that failed; nothing was stored for those ads. */
  failed: number;
  /** Ads whose availability changed, i.e. whose health must be recomputed. */
  changed: number;
};

/** Asks TikTok for the preview of the ads due for a check, at most `limit` (default: what the budget allows now), and stores each answer. */
export async function checkAdPreviews(
  db: Database,
  client: TikTokClient,
  { orgId, connectionId, checkedAt = new Date(), limit }: { orgId: string; connectionId?: string; checkedAt?: Date; limit?: number },
): Promise<PreviewCheckResult> {
  const allowed = limit ?? (await previewAllowance(db, { orgId, now: checkedAt }));
  const candidates = allowed > 0 ? await previewCandidates(db, { orgId, connectionId, checkedAt, limit: allowed }) : [];
  const answers = await mapConcurrent(candidates, PREVIEW_CONCURRENCY, async (candidate) => {
    try {
      const preview = await client.createAdPreview({ advertiser_id: candidate.advertiserId, ad_id: candidate.adId });
      // TikTok data is untrusted: only an https link is kept (and so ever rendered as a link).
      const previewUrl = httpsUrlOrNull(preview.preview_link);
      const reason = previewUrl === null && preview.preview_link ? 'TikTok returned a preview link that is not an https address; Sparkcheck does not keep it' : null;
      return { candidate, previewUrl, reason: previewUrl === null ? (reason ?? previewReason(preview)) : null };
    } catch (error) {
      if (error instanceof TikTokApiError) return null;
      throw error;
    }
  });
  const stored = answers.filter((a) => a !== null);
  if (stored.length > 0) {
    await db
      .insert(adPreviews)
      .values(
        stored.map(({ candidate, previewUrl, reason }) => ({ orgId, connectionId: candidate.connectionId, adId: candidate.adId, advertiserId: candidate.advertiserId, checkedAt, previewUrl, reason })),
      )
      .onConflictDoUpdate({
        target: [adPreviews.orgId, adPreviews.connectionId, adPreviews.adId],
        set: { checkedAt, previewUrl: excluded(adPreviews.previewUrl), reason: excluded(adPreviews.reason), advertiserId: excluded(adPreviews.advertiserId) },
      });
  }
  return {
    checked: stored.length,
    unavailable: stored.filter((a) => a.previewUrl === null).length,
    failed: candidates.length - stored.length,
    changed: stored.filter((a) => (a.previewUrl === null) !== a.candidate.wasUnavailable).length,
  };
}
