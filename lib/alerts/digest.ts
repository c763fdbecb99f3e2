import 'server-only';
import { and, asc, eq, gt, inArray, isNull, lte, ne, notInArray, or } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { adHealth, organizations, tiktokConnections, ttAds, ttAdvertisers, ttSparkPosts, type StoredFinding } from '@/db/schema';
import { describeRootCauseGroup } from '@/lib/health/catalogue';
import { queryOpenRenewals, type OpenRenewal } from '@/lib/renewals/digest-queries';
import { postUrl, renewalRequest, type RenewalPost } from './renewal';

const DAY_MS = 86_400_000;
/** Post statuses that mean the post is gone: renewing its authorization would not help (the ad is blocking instead). */
const DELETED_POST_STATUSES = ['USER_DELETE', 'AUDIT_DELETE'];

export type DigestAd = { adId: string; adName: string | null; advertiserId: string; advertiserName: string | null; running: boolean };

/** One post whose Spark authorization ends within the window on at least one ad account. */
export type ExpiringPost = RenewalPost & {
  /** `endsAt` is the earliest end among these ad accounts in the window. */
  adAccounts: { advertiserId: string; advertiserName: string | null; endsAt: Date }[];
  /** Ads on those ad accounts that run on the post (not deleted). */
  ads: DigestAd[];
  /** Ready to send to the creator; null when no ad uses the authorization (nothing stops when it ends, so nothing to ask for). */
  renewalRequest: string | null;
};

/** Ads that turned blocking, grouped by root cause (code + subject): one fix, many ads. */
export type BlockingGroup = {
  code: string;
  headline: string;
  title: string;
  fixSteps: string[];
  whoFixes: string[];
  ads: (DigestAd & { blockingSince: Date })[];
};

export type Digest = {
  /** timeZone: the organization's, every date of the digest is written in it. */
  org: { name: string; slug: string; timeZone: string };
  generatedAt: Date;
  windowDays: number;
  /** Ads that turned blocking after this moment are reported (on the first digest: every ad blocking now). */
  blockingSince: Date;
  /** No digest went out before: `blocking` is every ad blocking now, the baseline later digests compare with. */
  firstDigest: boolean;
  expiring: ExpiringPost[];
  blocking: BlockingGroup[];
  /** Renewal links the creators have not finished yet. */
  openRenewals?: OpenRenewal[];
};

/** Whole days until `end`, rounded up (an authorization ending in 2.1 days has 3 days left). */
export function daysLeft(end: Date, now: Date): number {
  return Math.max(0, Math.ceil((end.getTime() - now.getTime()) / DAY_MS));
}

const handleOf = (name: string | null) => (name ? name.replace(/^@/, '') : null);
const activeConnection = (orgId: string) => and(eq(tiktokConnections.orgId, orgId), ne(tiktokConnections.status, 'disconnected'));

async function advertiserNames(db: Queryable, orgId: string, advertiserIds: string[]): Promise<Map<string, string | null>> {
  if (advertiserIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([ttAdvertisers.advertiserId], { advertiserId: ttAdvertisers.advertiserId, name: ttAdvertisers.name })
    .from(ttAdvertisers)
    .where(and(eq(ttAdvertisers.orgId, orgId), inArray(ttAdvertisers.advertiserId, advertiserIds), isNull(ttAdvertisers.removedAt)))
    .orderBy(asc(ttAdvertisers.advertiserId), asc(ttAdvertisers.name));
  return new Map(rows.map((r) => [r.advertiserId, r.name]));
}

/** Spark authorizations (synced, current, not revoked, post not deleted) ending after `now` and within the window, per post. */
export async function listExpiringPosts(
  db: Queryable,
  { orgId, orgName, now, windowDays, timeZone = 'UTC' }: { orgId: string; orgName: string; now: Date; windowDays: number; timeZone?: string },
): Promise<ExpiringPost[]> {
  const until = new Date(now.getTime() + windowDays * DAY_MS);
  const authorizations = await db
    .selectDistinct({
      itemId: ttSparkPosts.itemId,
      advertiserId: ttSparkPosts.advertiserId,
      authEndTime: ttSparkPosts.authEndTime,
      tiktokName: ttSparkPosts.tiktokName,
      caption: ttSparkPosts.caption,
    })
    .from(ttSparkPosts)
    .innerJoin(tiktokConnections, and(eq(tiktokConnections.orgId, ttSparkPosts.orgId), eq(tiktokConnections.id, ttSparkPosts.connectionId)))
    .where(
      and(
        eq(ttSparkPosts.orgId, orgId),
        activeConnection(orgId),
        isNull(ttSparkPosts.removedAt),
        gt(ttSparkPosts.authEndTime, now),
        lte(ttSparkPosts.authEndTime, until),
        or(isNull(ttSparkPosts.adAuthStatus), ne(ttSparkPosts.adAuthStatus, 'REVOKED')),
        or(isNull(ttSparkPosts.status), notInArray(ttSparkPosts.status, DELETED_POST_STATUSES)),
      ),
    )
    .orderBy(asc(ttSparkPosts.authEndTime), asc(ttSparkPosts.itemId), asc(ttSparkPosts.advertiserId));
  if (authorizations.length === 0) return [];

  const itemIds = [...new Set(authorizations.map((a) => a.itemId))];
  const advertiserIds = [...new Set(authorizations.map((a) => a.advertiserId))];
  const [names, ads] = await Promise.all([
    advertiserNames(db, orgId, advertiserIds),
    db
      .selectDistinct({ adId: ttAds.adId, adName: ttAds.name, advertiserId: ttAds.advertiserId, itemId: ttAds.tiktokItemId, operationStatus: ttAds.operationStatus })
      .from(ttAds)
      .innerJoin(tiktokConnections, and(eq(tiktokConnections.orgId, ttAds.orgId), eq(tiktokConnections.id, ttAds.connectionId)))
      .where(and(eq(ttAds.orgId, orgId), activeConnection(orgId), inArray(ttAds.tiktokItemId, itemIds), inArray(ttAds.advertiserId, advertiserIds), isNull(ttAds.removedAt), eq(ttAds.deleted, false)))
      .orderBy(asc(ttAds.name), asc(ttAds.adId)),
  ]);

  const posts = new Map<string, ExpiringPost>();
  for (const a of authorizations) {
    const endsAt = a.authEndTime!;
    let post = posts.get(a.itemId);
    if (!post) {
      const handle = handleOf(a.tiktokName);
      post = { itemId: a.itemId, handle, caption: a.caption, postUrl: postUrl(handle, a.itemId), endsAt, daysLeft: daysLeft(endsAt, now), adAccounts: [], ads: [], renewalRequest: '' };
      posts.set(a.itemId, post);
    }
    if (!post.adAccounts.some((x) => x.advertiserId === a.advertiserId)) {
      post.adAccounts.push({ advertiserId: a.advertiserId, advertiserName: names.get(a.advertiserId) ?? null, endsAt });
    }
  }
  for (const ad of ads) {
    const post = posts.get(ad.itemId ?? '');
    if (!post?.adAccounts.some((x) => x.advertiserId === ad.advertiserId)) continue;
    if (post.ads.some((x) => x.adId === ad.adId)) continue;
    post.ads.push({ adId: ad.adId, adName: ad.adName, advertiserId: ad.advertiserId, advertiserName: names.get(ad.advertiserId) ?? null, running: ad.operationStatus === 'ENABLE' });
  }
  // An authorization no ad uses stops nothing when it ends: no request to the creator is drafted for it.
  return [...posts.values()].map((post) => ({ ...post, renewalRequest: post.ads.length === 0 ? null : renewalRequest(post, orgName, timeZone) }));
}

/** Ads whose health turned blocking in (`since`, `now`]; `runningOnly` keeps ads switched on (those should deliver). */
export async function queryNewlyBlocking(db: Queryable, { orgId, since, now, runningOnly = false }: { orgId: string; since: Date; now: Date; runningOnly?: boolean }) {
  return db
    .select({
      connectionId: adHealth.connectionId,
      adId: adHealth.adId,
      adName: adHealth.adName,
      advertiserId: adHealth.advertiserId,
      advertiserName: adHealth.advertiserName,
      operationStatus: adHealth.operationStatus,
      code: adHealth.rootCauseCode,
      subject: adHealth.rootCauseSubject,
      findings: adHealth.findings,
      blockingSince: adHealth.blockingSince,
    })
    .from(adHealth)
    .where(
      and(
        eq(adHealth.orgId, orgId),
        eq(adHealth.status, 'blocking'),
        gt(adHealth.blockingSince, since),
        lte(adHealth.blockingSince, now),
        runningOnly ? eq(adHealth.operationStatus, 'ENABLE') : undefined,
      ),
    )
    .orderBy(asc(adHealth.rootCauseCode), asc(adHealth.rootCauseSubject), asc(adHealth.adName), asc(adHealth.adId));
}

export type NewlyBlockingAd = Awaited<ReturnType<typeof queryNewlyBlocking>>[number];

/** Blocking ads grouped by root cause (code + subject) with the fix in words, most ads first. */
export function groupBlockingAds(rows: NewlyBlockingAd[]): BlockingGroup[] {
  const byCause = new Map<string, { sample: StoredFinding | null; code: string; ads: BlockingGroup['ads'] }>();
  for (const row of rows) {
    const code = row.code ?? 'UNKNOWN';
    // Without a subject the fix is on each ad: such ads share the rule's wording, not one fix.
    const key = `${code}\u0000${row.subject ?? ''}`;
    let group = byCause.get(key);
    if (!group) {
      group = { code, sample: row.findings.find((f) => f.code === row.code) ?? null, ads: [] };
      byCause.set(key, group);
    }
    group.ads.push({
      adId: row.adId,
      adName: row.adName,
      advertiserId: row.advertiserId,
      advertiserName: row.advertiserName,
      running: row.operationStatus === 'ENABLE',
      blockingSince: row.blockingSince!,
    });
  }
  return [...byCause.values()]
    .map(({ code, sample, ads }) => {
      const described = sample ? describeRootCauseGroup(sample, ads.length) : { headline: `${ads.length} ads blocked — ${code}`, title: code, fixSteps: [], whoFixes: [] };
      return { code, ...described, ads };
    })
    .sort((a, b) => b.ads.length - a.ads.length || a.code.localeCompare(b.code));
}

/**
 * The digest of an organization at `now`: expiring authorizations with renewal requests, and ads that
 * turned blocking after `blockingSince` — or, on the first digest (`firstDigest`), every ad blocking now,
 * since there is no earlier digest to be "new" against.
 */
export async function buildDigest(db: Queryable, { orgId, now, blockingSince, firstDigest = false }: { orgId: string; now: Date; blockingSince: Date; firstDigest?: boolean }): Promise<Digest> {
  const [org] = await db
    .select({ name: organizations.name, slug: organizations.slug, windowDays: organizations.expiryWindowDays, timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!org) throw new Error(`organization ${orgId} not found`);
  const [expiring, blocking] = await Promise.all([
    listExpiringPosts(db, { orgId, orgName: org.name, now, windowDays: org.windowDays, timeZone: org.timeZone }),
    queryNewlyBlocking(db, { orgId, since: firstDigest ? new Date(0) : blockingSince, now }),
  ]);
  const openRenewals = await queryOpenRenewals(db, { orgId, now });
  return {
    org: { name: org.name, slug: org.slug, timeZone: org.timeZone },
    generatedAt: now,
    windowDays: org.windowDays,
    blockingSince,
    firstDigest,
    expiring,
    blocking: groupBlockingAds(blocking),
    openRenewals,
  };
}
