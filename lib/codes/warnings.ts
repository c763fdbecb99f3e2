import type { CodePreviewFacts } from '@/db/schema';
import { formatDate } from '@/lib/dates';
import { explainFailure, tiktokErrorName } from './outcomes';

// Pure: the pre-flight warnings a preview row shows for one code on one ad account.

export type WarningKind =
  'invalid_code' | 'post_deleted' | 'unsupported_format' | 'expired' | 'expires_within_window' | 'ends_before_ad_group' | 'private_will_become_public' | 'caption_locked' | 'already_applied';

export type PreflightWarning = { kind: WarningKind; severity: 'blocking' | 'warning' | 'info'; text: string };

export type TikTokRefusal = { code: number | null; message: string };

export type WarningInput = {
  /** What `tt_video/info` returned, or null when it refused the code (`refusal`) or could not be read. */
  facts: CodePreviewFacts | null;
  refusal: TikTokRefusal | null;
  /** The ledger (tt_spark_posts) holds this code for this ad account. */
  alreadyApplied: boolean;
  /** organizations.expiry_window_days */
  windowDays: number;
  /** Of this ad account's running ad groups that run the code's post, the one that ends last (if any has an end date). */
  latestAdGroup: { name: string | null; endsAt: Date } | null;
  now: Date;
  /** The organization's timezone, for the dates the warnings mention. */
  timeZone?: string;
};

const DAY_MS = 86_400_000;
const DELETED = new Set(['USER_DELETE', 'AUDIT_DELETE']);
const PRIVATE = new Set(['ONLY_AUTHOR_SEE', 'ONLY_FRIEND_SEE', 'ONLY_USER_PASS']);
const UNSUPPORTED = new Set(['story_video_not_supported', 'carousel_duet_not_supported', 'mention_multiple_videos', 'multi_duet_stitch_refused']);

/** Whole days from `now` until `end`, rounded up (0 once it has passed). */
export function daysLeft(end: Date, now: Date): number {
  return Math.max(0, Math.ceil((end.getTime() - now.getTime()) / DAY_MS));
}

function refusalWarning(refusal: TikTokRefusal): PreflightWarning {
  const name = tiktokErrorName(refusal.message);
  const text = explainFailure(refusal.code, refusal.message).reason;
  if (name === 'video_deleted') return { kind: 'post_deleted', severity: 'blocking', text };
  if (name === 'auth_code_expired') return { kind: 'expired', severity: 'blocking', text };
  if (name !== null && UNSUPPORTED.has(name)) return { kind: 'unsupported_format', severity: 'blocking', text };
  return { kind: 'invalid_code', severity: 'blocking', text };
}

export function preflightWarnings({ facts, refusal, alreadyApplied, windowDays, latestAdGroup, now, timeZone = 'UTC' }: WarningInput): PreflightWarning[] {
  const day = (d: Date) => formatDate(d, timeZone);
  const warnings: PreflightWarning[] = [];
  if (refusal !== null) warnings.push(refusalWarning(refusal));
  if (alreadyApplied) warnings.push({ kind: 'already_applied', severity: 'info', text: 'Already applied to this ad account; applying again changes nothing.' });
  if (facts === null) return warnings;

  const status = facts.postStatus ?? '';
  if (DELETED.has(status)) warnings.push({ kind: 'post_deleted', severity: 'blocking', text: 'The post was deleted; it cannot run as a Spark Ad.' });
  const end = facts.authEnd === null ? null : new Date(facts.authEnd);
  if (facts.authStatus === 'EXPIRED' || (end !== null && end.getTime() <= now.getTime())) {
    warnings.push({ kind: 'expired', severity: 'blocking', text: `The code expired${end === null ? '' : ` on ${day(end)}`}; ask the creator for a new one.` });
  } else if (end !== null) {
    const left = daysLeft(end, now);
    if (left <= windowDays) {
      warnings.push({
        kind: 'expires_within_window',
        severity: 'warning',
        text: `The authorization ends on ${day(end)} (${left} day${left === 1 ? '' : 's'} left), within your ${windowDays}-day warning window.`,
      });
    }
    if (latestAdGroup !== null && latestAdGroup.endsAt.getTime() > end.getTime()) {
      warnings.push({
        kind: 'ends_before_ad_group',
        severity: 'warning',
        text: `The authorization ends on ${day(end)}, before ad group ${latestAdGroup.name ? `“${latestAdGroup.name}”` : 'of this ad account'} ends (${day(latestAdGroup.endsAt)}).`,
      });
    }
  }
  if (PRIVATE.has(status)) {
    warnings.push({
      kind: 'private_will_become_public',
      severity: 'warning',
      text: 'The post is private: running it as an ad makes it public, unless the ad uses “Show through ads only”.',
    });
  }
  if (refusal === null && !DELETED.has(status)) {
    warnings.push({ kind: 'caption_locked', severity: 'info', text: 'Once the code is applied, the creator can no longer edit the caption.' });
  }
  return warnings;
}
