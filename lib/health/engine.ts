import { HEALTH_PILLARS } from '@/db/schema/health';
import { matchBcAccount, type IdentityNames } from '@/lib/tiktok/bc-account-match';
import { CATALOGUE, isRuleCode, type RuleCode } from './catalogue';
import { authorizationEnded, normalizePostStatus, postProblems } from './post-rules';
import type { AdEvaluation, AdHealthStatus, AdSnapshot, EvaluateOptions, FindingSeverity, SnapshotIdentity, StoredFinding } from './types';

// The rule engine: one ad's synced world and a moment in, findings out. Pure: no database, no
// clock of its own, no network. The pillars are checked in HEALTH_PILLARS order and a later
// pillar is still checked when an earlier one fails, so an ad shows every problem at once; the
// root cause is the first blocking finding in that order.

const DAY_MS = 24 * 60 * 60 * 1000;
/** A code shorter than this is flagged as a short window (TikTok offers 7, 30, 60 and 365 days). */
const SHORT_WINDOW_DAYS = 60;
/** Identity types with which an ad runs as a TikTok account. */
const TIKTOK_ACCOUNT_IDENTITIES = new Set(['AUTH_CODE', 'TT_USER', 'BC_AUTH_TT']);
const SEVERITY_RANK: Record<FindingSeverity, number> = { blocking: 3, warning: 2, info: 1 };

/** A Spark ad runs a TikTok post or posts as a TikTok account; anything else (an upload on a custom identity) is not Spark. */
export function isSparkAd(ad: AdSnapshot['ad']): boolean {
  return ad.tiktokItemId !== null || (ad.identityType !== null && TIKTOK_ACCOUNT_IDENTITIES.has(ad.identityType));
}

/** Whether TikTok lets ads pull posts through this identity. */
function canPull(identity: SnapshotIdentity | null): boolean {
  return identity !== null && (identity.availableStatus === null || identity.availableStatus === 'AVAILABLE') && identity.canPullVideo !== false;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

class Findings {
  readonly list: StoredFinding[] = [];

  add(code: RuleCode, subject: string | null, evidence: StoredFinding['evidence'], severity: FindingSeverity = CATALOGUE[code].severity): void {
    this.list.push({ code, pillar: CATALOGUE[code].pillar, severity, subject, evidence });
  }

  has(code: RuleCode): boolean {
    return this.list.some((f) => f.code === code);
  }

  blocking(pillar?: StoredFinding['pillar']): boolean {
    return this.list.some((f) => f.severity === 'blocking' && (pillar === undefined || f.pillar === pillar));
  }
}

export function evaluateAd(snapshot: AdSnapshot, options: EvaluateOptions): AdEvaluation {
  const { ad } = snapshot;
  if (ad.deleted) return { status: 'deleted', severityRank: 0, findings: [], rootCause: null };
  const findings = new Findings();
  if (!isSparkAd(ad)) {
    if (ad.identityType === 'CUSTOMIZED_USER') {
      findings.add('IDENTITY_CUSTOM', `identity:CUSTOMIZED_USER:${ad.identityId ?? ''}`, { spark: false, identityId: ad.identityId, displayName: snapshot.identity?.displayName ?? null }, 'info');
    }
    return summarize(findings.list, 'not_spark');
  }
  checkBusinessCenter(snapshot, findings);
  checkIdentity(snapshot, findings);
  checkAuthorization(snapshot, options, findings);
  checkPost(snapshot, findings);
  checkPreview(snapshot, findings);
  return summarize(findings.list, null);
}

/** A pushed video goes out through a BC-linked account (`video_id` set); everything else pulls an existing post. */
const pushesVideo = (ad: AdSnapshot['ad']) => ad.identityType === 'BC_AUTH_TT' && ad.videoId !== null;

/** The BC_AUTH_TT identity's names, from its row on this ad account or, when unlisted here, on another. */
function identityNamesOf(s: AdSnapshot): IdentityNames {
  const { ad } = s;
  return {
    identityId: ad.identityId ?? '',
    bcId: ad.identityAuthorizedBcId,
    username: s.identity?.username ?? s.ttAccount?.handle ?? null,
    displayName: s.identity?.displayName ?? s.ttAccount?.displayName ?? null,
  };
}

function checkBusinessCenter(s: AdSnapshot, findings: Findings): void {
  const { ad } = s;
  if (ad.identityType !== 'BC_AUTH_TT' || ad.identityId === null) return;
  const ttAccountId = ad.identityId;
  const handle = s.ttAccount?.handle ?? s.identity?.username ?? null;
  const subject = `tt_account:${ttAccountId}`;
  const names = identityNamesOf(s);
  const match = matchBcAccount(names, s.bcLinks);
  const bcName = s.bcLinks.find((l) => l.bcId === ad.identityAuthorizedBcId)?.bcName ?? null;
  // displayName: how the ad's identity shows the account when no handle is known (titles never fall back to the raw id).
  const base = { handle, displayName: s.identity?.displayName ?? null, ttAccountId, bcId: ad.identityAuthorizedBcId, bcName };
  if (match.kind === 'ambiguous') {
    findings.add('BC_ACCOUNT_AMBIGUOUS', subject, { ...base, matchedBy: match.by, candidates: `${match.accounts.length} accounts`, assetIds: match.accounts.map((a) => a.ttAccountId).join(', ') });
    return;
  }
  if (match.kind === 'unmatched') {
    // The same account may be linked into another connected BC than the one the ad names.
    const elsewhere = [...new Set(s.bcLinks.map((l) => l.bcId))].filter((bcId) => bcId !== ad.identityAuthorizedBcId && matchBcAccount({ ...names, bcId }, s.bcLinks).kind === 'matched');
    findings.add('BC_ACCOUNT_NOT_LINKED', subject, { ...base, linkedBcIds: elsewhere.join(', ') || null });
    return;
  }
  const link = match.account;
  const linked = { ...base, assetId: link.ttAccountId, matchedBy: match.by };
  if (link.relationStatus !== 'BOUND') {
    findings.add('BC_LINK_PENDING', subject, { ...linked, relationStatus: link.relationStatus });
    return;
  }
  if (s.assignedToAdAccount === false) {
    findings.add('BC_NOT_ASSIGNED_TO_AD_ACCOUNT', `assignment:${ad.advertiserId}:${ttAccountId}`, {
      ...linked,
      advertiserId: ad.advertiserId,
      advertiserName: s.advertiser?.name ?? null,
    });
  }
  if (!pushesVideo(ad) && !link.ttAccountRoles.includes('POST')) {
    findings.add('BC_EXISTING_POSTS_OFF', subject, { ...linked, bcPermissions: link.ttAccountRoles.join(', ') || null });
  }
  if (pushesVideo(ad) && s.identity?.canPushVideo === false) {
    findings.add('BC_PUBLISH_NEW_OFF', subject, { ...linked, videoId: ad.videoId, canPushVideo: false });
  }
}

function checkIdentity(s: AdSnapshot, findings: Findings): void {
  const { ad, identity } = s;
  if (ad.identityType === null) {
    findings.add('IDENTITY_NOT_TIKTOK_ACCOUNT', null, { itemId: ad.tiktokItemId, identityType: null });
    return;
  }
  if (ad.identityType === 'CUSTOMIZED_USER') {
    findings.add('IDENTITY_CUSTOM', null, { spark: true, identityId: ad.identityId, displayName: identity?.displayName ?? null, itemId: ad.tiktokItemId });
    return;
  }
  const handle = identity?.username ?? s.ttAccount?.handle ?? null;
  const evidence = { handle, displayName: identity?.displayName ?? null, identityType: ad.identityType, identityId: ad.identityId };
  // A BC_AUTH_TT identity's state follows from its BC link; a Business Center finding already names the fix.
  const explainedByBc = ad.identityType === 'BC_AUTH_TT' && findings.blocking('business_center');
  const subject = `identity:${ad.identityType}:${ad.identityId ?? ''}`;
  if (identity === null) {
    // AUTH_CODE identities exist only through applied codes: a missing one is an authorization problem.
    if (ad.identityType === 'TT_USER') findings.add('IDENTITY_UNAVAILABLE', subject, { ...evidence, listed: false, availableStatus: null });
  } else if (!explainedByBc) {
    const statusProblem = identity.availableStatus !== null && identity.availableStatus !== 'AVAILABLE';
    // A pushed video needs no pulling; a pull ad does.
    const pullProblem = !pushesVideo(ad) && identity.canPullVideo === false;
    if (statusProblem || pullProblem) {
      findings.add('IDENTITY_UNAVAILABLE', subject, { ...evidence, listed: true, availableStatus: identity.availableStatus, canPullVideo: identity.canPullVideo });
    }
  }
  const owner = s.postOwner;
  if (ad.tiktokItemId === null || owner === null) return;
  const wrong =
    ad.identityType === 'AUTH_CODE' ? owner.identityId !== null && owner.identityId !== ad.identityId : s.post === null && owner.handle !== null && handle !== null && owner.handle !== handle;
  if (wrong) {
    findings.add('IDENTITY_WRONG_HANDLE', null, { identityHandle: handle, postHandle: owner.handle, identityType: ad.identityType, identityId: ad.identityId, itemId: ad.tiktokItemId });
  }
}

function checkAuthorization(s: AdSnapshot, { now, expiryWindowDays }: EvaluateOptions, findings: Findings): void {
  const { ad, authorization } = s;
  if (ad.identityType !== 'AUTH_CODE' || ad.tiktokItemId === null) return;
  const subject = `post:${ad.advertiserId}:${ad.tiktokItemId}`;
  const handle = s.postOwner?.handle ?? s.identity?.username ?? null;
  const base = { handle, itemId: ad.tiktokItemId, advertiserId: ad.advertiserId };
  if (authorization === null) {
    findings.add('AUTH_MISSING', subject, { ...base, advertiserName: s.advertiser?.name ?? null });
    return;
  }
  const end = authorization.authEndTime;
  const evidence = { ...base, adAuthStatus: authorization.adAuthStatus, authEndTime: iso(end) };
  const ended = authorizationEnded(authorization, now);
  if (ended !== null) {
    findings.add(ended, subject, evidence);
    return;
  }
  if (end !== null) {
    const msLeft = end.getTime() - now.getTime();
    const groupEnd = s.adGroup?.scheduleEndTime ?? null;
    const withinWindow = msLeft <= expiryWindowDays * DAY_MS;
    const beforeAdGroupEnd = groupEnd !== null && end.getTime() < groupEnd.getTime();
    if (withinWindow || beforeAdGroupEnd) {
      findings.add('AUTH_EXPIRING_SOON', subject, {
        ...evidence,
        daysLeft: Math.floor(msLeft / DAY_MS),
        windowDays: expiryWindowDays,
        beforeAdGroupEnd: !withinWindow && beforeAdGroupEnd,
        adgroupEndTime: iso(groupEnd),
      });
    }
  }
  const start = authorization.authStartTime;
  if (start !== null && end !== null && ad.operationStatus === 'ENABLE') {
    const windowDays = Math.round((end.getTime() - start.getTime()) / DAY_MS);
    if (end.getTime() - start.getTime() < SHORT_WINDOW_DAYS * DAY_MS) findings.add('AUTH_SHORT_WINDOW', subject, { ...evidence, windowDays });
  }
  findings.add('CAPTION_LOCKED', `item:${ad.tiktokItemId}`, { itemId: ad.tiktokItemId, adAuthStatus: authorization.adAuthStatus });
}

function checkPost(s: AdSnapshot, findings: Findings): void {
  const { ad, post, identity } = s;
  if (ad.tiktokItemId === null || ad.identityType === null || !TIKTOK_ACCOUNT_IDENTITIES.has(ad.identityType)) return;
  const handle = s.postOwner?.handle ?? identity?.username ?? s.ttAccount?.handle ?? null;
  const subject = `item:${ad.tiktokItemId}`;
  if (post === null) {
    // Identity endpoints hide deleted posts and posts of other accounts; only ask when the identity could pull.
    if (ad.identityType !== 'AUTH_CODE' && canPull(identity) && !findings.blocking('business_center') && !findings.has('IDENTITY_WRONG_HANDLE')) {
      findings.add('POST_NOT_FOUND', subject, { handle, itemId: ad.tiktokItemId, identityType: ad.identityType, identityId: ad.identityId });
    }
    return;
  }
  const evidence = { handle, itemId: post.itemId, postStatus: normalizePostStatus(post.status) };
  for (const problem of postProblems(post, { adsOnlyMode: identity?.adsOnlyMode ?? null, darkPostStatus: ad.darkPostStatus })) {
    if (problem.code === 'POST_PRIVATE') findings.add('POST_PRIVATE', subject, { ...evidence, adsOnlyMode: identity?.adsOnlyMode ?? null });
    else if (problem.code === 'PRIVATE_WILL_BECOME_PUBLIC') findings.add('PRIVATE_WILL_BECOME_PUBLIC', subject, { ...evidence, darkPostStatus: ad.darkPostStatus, adsOnlyMode: true });
    else if (problem.code === 'POST_UNSUPPORTED') {
      findings.add('POST_UNSUPPORTED', subject, {
        ...evidence,
        reason: problem.reason,
        itemType: post.itemType,
        duetOriginalItemId: post.duetOriginalItemId,
        mentionedItems: post.mentionedItemIds.length,
      });
    } else findings.add('POST_DELETED', subject, evidence);
  }
}

/** Only an ad that passes every pillar can lack a preview for no reason of its own. */
function checkPreview(s: AdSnapshot, findings: Findings): void {
  if (s.preview === null || s.preview.previewUrl !== null || findings.blocking()) return;
  findings.add('PREVIEW_UNAVAILABLE', null, { reason: s.preview.reason, checkedAt: iso(s.preview.checkedAt) });
}

function summarize(list: StoredFinding[], forced: AdHealthStatus | null): AdEvaluation {
  const findings = list.toSorted((a, b) => HEALTH_PILLARS.indexOf(a.pillar) - HEALTH_PILLARS.indexOf(b.pillar));
  const candidates = findings.filter((f) => !(isRuleCode(f.code) && CATALOGUE[f.code].note === true));
  const worst = candidates.reduce((rank, f) => Math.max(rank, SEVERITY_RANK[f.severity]), 0);
  const rootCause = candidates.find((f) => SEVERITY_RANK[f.severity] === worst) ?? null;
  if (forced !== null) return { status: forced, severityRank: 0, findings, rootCause };
  const status: AdHealthStatus = worst === 3 ? 'blocking' : worst === 2 ? 'warning' : 'healthy';
  return { status, severityRank: worst, findings, rootCause };
}
