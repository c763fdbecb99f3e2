import 'server-only';
import { and, eq, inArray, isNotNull, isNull, ne } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { organizations, ttAdGroups, ttAds, ttSparkPosts, type CodePreviewFacts } from '@/db/schema';
import { hashAuthCode, maskAuthCode } from '@/lib/sync';
import { mapConcurrent } from '@/lib/sync/fetch';
import { TikTokApiError, type SparkPost, type TikTokClient } from '@/lib/tiktok';
import { explainFailure } from './outcomes';
import type { CodeRequest } from './schemas';
import { resolveCodeTargets, type CodeTarget } from './targets';
import { connectionClients, DEFAULT_APPLY_CONCURRENCY, type CodesEnv } from './tiktok';
import { preflightWarnings, type PreflightWarning, type TikTokRefusal } from './warnings';

export type CodePreviewRow = {
  /** The code as sent (the page already has it); history and exports only ever show `masked`. */
  code: string;
  masked: string;
  facts: CodePreviewFacts | null;
  /** TikTok refused the code outright (malformed, unknown, deleted post…), with the reason in plain words. */
  refusal: (TikTokRefusal & { reason: string; askCreator: string | null }) | null;
  /** TikTok could not be asked (a fault that outlasted the retries); the apply step will try again. */
  unreadable: string | null;
  targets: { advertiserId: string; warnings: PreflightWarning[] }[];
};

function factsOf(post: SparkPost): CodePreviewFacts {
  const auth = post.auth_info;
  return {
    itemId: post.item_info.item_id,
    handle: post.user_info?.tiktok_name ?? null,
    caption: post.item_info.text,
    thumbnailUrl: post.video_info?.poster_url ?? post.carousel_info?.image_info?.[0]?.image_url ?? null,
    postStatus: post.item_info.status?.value ?? post.item_info.status?.raw ?? null,
    authStatus: auth?.ad_auth_status?.raw ?? null,
    authStart: auth?.auth_start_time?.toISOString() ?? null,
    authEnd: auth?.auth_end_time?.toISOString() ?? null,
  };
}

type InfoResult = { facts: CodePreviewFacts; refusal: null; unreadable: null } | { facts: null; refusal: TikTokRefusal; unreadable: null } | { facts: null; refusal: null; unreadable: string };

/**
 * `tt_video/info` for one code. A refusal of the code itself (invalid parameter / not found) is an
 * answer about the code; throttling or faults that outlast the client's retries leave it unreadable.
 */
export async function readCodeInfo(client: TikTokClient, advertiserId: string, code: string): Promise<InfoResult> {
  try {
    return { facts: factsOf(await client.getSparkPost({ advertiser_id: advertiserId, auth_code: code })), refusal: null, unreadable: null };
  } catch (error) {
    if (!(error instanceof TikTokApiError)) throw error;
    if (error.kind === 'invalid' || error.kind === 'not_found') return { facts: null, refusal: { code: error.code, message: error.message }, unreadable: null };
    return { facts: null, refusal: null, unreadable: explainFailure(error.code, error.message).reason };
  }
}

/**
 * Per ad account and post (`advertiserId|itemId`): of the running ad groups with an end date that
 * run the post (one of their ads uses it), the one that ends last. An ad group that does not run the
 * post does not stop when its authorization ends, so it is no reason to warn.
 */
async function latestAdGroups(db: Database, orgId: string, advertiserIds: string[], itemIds: string[]) {
  const latest = new Map<string, { name: string | null; endsAt: Date }>();
  if (itemIds.length === 0) return latest;
  const rows = await db
    .selectDistinct({ advertiserId: ttAdGroups.advertiserId, itemId: ttAds.tiktokItemId, name: ttAdGroups.name, endsAt: ttAdGroups.scheduleEndTime })
    .from(ttAdGroups)
    .innerJoin(ttAds, and(eq(ttAds.orgId, ttAdGroups.orgId), eq(ttAds.connectionId, ttAdGroups.connectionId), eq(ttAds.adgroupId, ttAdGroups.adgroupId)))
    .where(
      and(
        eq(ttAdGroups.orgId, orgId),
        inArray(ttAdGroups.advertiserId, advertiserIds),
        isNull(ttAdGroups.removedAt),
        isNotNull(ttAdGroups.scheduleEndTime),
        ne(ttAdGroups.operationStatus, 'DELETE'),
        isNull(ttAds.removedAt),
        inArray(ttAds.tiktokItemId, itemIds),
      ),
    );
  for (const row of rows) {
    const key = `${row.advertiserId}|${row.itemId}`;
    const current = latest.get(key);
    if (row.endsAt !== null && (current === undefined || row.endsAt > current.endsAt)) latest.set(key, { name: row.name, endsAt: row.endsAt });
  }
  return latest;
}

/** `advertiserId:sha256` of every code the ledger already holds for these ad accounts. */
export async function ledgerCodes(db: Database, orgId: string, advertiserIds: string[], hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await db
    .select({ advertiserId: ttSparkPosts.advertiserId, hash: ttSparkPosts.authCodeSha256 })
    .from(ttSparkPosts)
    .where(and(eq(ttSparkPosts.orgId, orgId), inArray(ttSparkPosts.advertiserId, advertiserIds), inArray(ttSparkPosts.authCodeSha256, hashes), isNull(ttSparkPosts.removedAt)));
  return new Set(rows.map((r) => `${r.advertiserId}:${r.hash}`));
}

/**
 * Reads every code with `tt_video/info` (bounded concurrency, through the shared limiter) and
 * adds the pre-flight warnings per chosen ad account. Changes nothing, on TikTok or here.
 */
export async function previewCodes(db: Database, env: CodesEnv, { orgId, codes, advertiserIds, now = new Date() }: CodeRequest & { orgId: string; now?: Date }): Promise<CodePreviewRow[]> {
  const targets = await resolveCodeTargets(db, { orgId, advertiserIds });
  const first = targets[0] as CodeTarget;
  const clients = connectionClients(env, orgId);
  const { reader } = await clients(first.connectionId);
  const [org] = await db.select({ windowDays: organizations.expiryWindowDays, timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
  const hashes = codes.map(hashAuthCode);
  const [ledger, infos] = await Promise.all([
    ledgerCodes(db, orgId, advertiserIds, hashes),
    // The post, its creator and the code's window are the same for every ad account; one read per code.
    mapConcurrent(codes, env.concurrency ?? DEFAULT_APPLY_CONCURRENCY, (code) => readCodeInfo(reader, first.advertiserId, code)),
  ]);
  const itemIds = [...new Set(infos.flatMap((info) => (info.facts?.itemId ? [info.facts.itemId] : [])))];
  const adGroups = await latestAdGroups(db, orgId, advertiserIds, itemIds);
  return codes.map((code, i) => {
    const info = infos[i] as InfoResult;
    return {
      code,
      masked: maskAuthCode(code),
      facts: info.facts,
      refusal: info.refusal === null ? null : { ...info.refusal, ...explainFailure(info.refusal.code, info.refusal.message) },
      unreadable: info.unreadable,
      targets: targets.map((target) => ({
        advertiserId: target.advertiserId,
        warnings: preflightWarnings({
          facts: info.facts,
          refusal: info.refusal,
          alreadyApplied: ledger.has(`${target.advertiserId}:${hashes[i]}`),
          windowDays: org?.windowDays ?? 14,
          latestAdGroup: (info.facts?.itemId && adGroups.get(`${target.advertiserId}|${info.facts.itemId}`)) || null,
          now,
          timeZone: org?.timeZone ?? 'UTC',
        }),
      })),
    };
  });
}
