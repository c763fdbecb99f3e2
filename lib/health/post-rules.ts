import type { RuleCode } from './catalogue';

// The checks on a post and on its Spark authorization, as one rule source: the health engine runs
// them for an ad, Team → Explain for "can member X use post P". Pure.

const DELETED_POST = new Set(['USER_DELETE', 'AUDIT_DELETE']);
const PRIVATE_POST = new Set(['ONLY_AUTHOR_SEE', 'ONLY_FRIEND_SEE']);

/** Identity endpoints prefix post statuses (`ITEM_STATUS_ONLY_AUTHOR_SEE`, `STATUS_ONLY_FRIEND_SEE`); Spark lists do not. */
export function normalizePostStatus(status: string | null): string | null {
  return status === null ? null : status.replace(/^(ITEM_STATUS_|STATUS_)/, '');
}

/** What is known of a post, from a Spark authorization or an identity's post list. */
export type PostFacts = {
  status: string | null;
  itemType: string | null;
  duetOriginalItemId: string | null;
  mentionedItemIds: string[];
  isMultiDuetStitch: boolean | null;
};

/** Why Spark refuses the post's format, or null when it is supported. */
export function unsupportedFormat(post: PostFacts): string | null {
  if (post.itemType === 'STORY') return 'story';
  if (post.itemType === 'CAROUSEL' && post.duetOriginalItemId !== null) return 'duet carousel';
  if (post.mentionedItemIds.length > 1) return 'mentions several videos';
  if (post.isMultiDuetStitch === true) return 'multi duet or stitch';
  return null;
}

export type PostProblem =
  | { code: 'POST_DELETED'; status: string }
  | { code: 'POST_PRIVATE'; status: string }
  | { code: 'PRIVATE_WILL_BECOME_PUBLIC'; status: string }
  | { code: 'POST_UNSUPPORTED'; status: string | null; reason: string };

/**
 * Everything wrong with running this post in an ad: deleted (nothing else matters), private or
 * friends-only (fine only through an ads-only identity, where it turns public if the ad shows it on
 * the profile), or a format Spark refuses.
 */
export function postProblems(post: PostFacts, use: { adsOnlyMode: boolean | null; darkPostStatus?: string | null }): PostProblem[] {
  const status = normalizePostStatus(post.status);
  if (status !== null && DELETED_POST.has(status)) return [{ code: 'POST_DELETED', status }];
  const problems: PostProblem[] = [];
  if (status !== null && PRIVATE_POST.has(status)) {
    if (use.adsOnlyMode !== true) problems.push({ code: 'POST_PRIVATE', status });
    else if (use.darkPostStatus === 'OFF') problems.push({ code: 'PRIVATE_WILL_BECOME_PUBLIC', status });
  }
  const reason = unsupportedFormat(post);
  if (reason !== null) problems.push({ code: 'POST_UNSUPPORTED', status, reason });
  return problems;
}

/** A post problem that stops the ad (the catalogue's severity), as opposed to a note. */
export const blocksAd = (problem: PostProblem): boolean => problem.code !== 'PRIVATE_WILL_BECOME_PUBLIC';

/** Whether a Spark authorization still lets ads run the post: revoked, ended, or live. */
export function authorizationEnded(authorization: { adAuthStatus: string | null; authEndTime: Date | null }, now: Date): Extract<RuleCode, 'AUTH_REVOKED' | 'AUTH_EXPIRED'> | null {
  if (authorization.adAuthStatus === 'REVOKED') return 'AUTH_REVOKED';
  const end = authorization.authEndTime;
  if (authorization.adAuthStatus === 'EXPIRED' || (end !== null && end.getTime() <= now.getTime())) return 'AUTH_EXPIRED';
  return null;
}
