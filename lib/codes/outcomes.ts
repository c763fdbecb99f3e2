import type { CodePreviewFacts } from '@/db/schema';
import { kindOfCode } from '@/lib/tiktok/errors';

// Pure: what a TikTok answer to a creator code means for a media buyer. The API's codes for bad
// Spark codes are not documented (reference §8.3); TikTok puts the Ads Manager error name first in
// the message (`auth_code_expired: …`), so the leading word decides and the envelope code is a fallback.

export type FailureExplanation = {
  /** In plain words, what went wrong. */
  reason: string;
  /** What to ask the creator for; null when the creator cannot fix it. */
  askCreator: string | null;
  /** Worth pressing "Retry failed" without anything changing first. */
  retryable: boolean;
};

const NEW_CODE = 'A new code for the same post (Ad settings → Ad authorization → Generate code), ideally for 365 days.';

const BY_NAME: Record<string, FailureExplanation> = {
  auth_code_format_error: {
    reason: 'TikTok does not recognise this as a creator code — it was probably cut off or mistyped when copied.',
    askCreator: 'The code again, copied in full from TikTok (Ad settings → Ad authorization) and sent as text.',
    retryable: false,
  },
  auth_code_not_found: {
    reason: 'TikTok does not know this code: the creator deleted it or turned Ad authorization off.',
    askCreator: 'To turn Ad authorization on for the post and send a new code.',
    retryable: false,
  },
  auth_code_expired: { reason: 'The code expired before it was applied.', askCreator: NEW_CODE, retryable: false },
  video_deleted: {
    reason: 'The post behind this code was deleted, by the creator or by moderation.',
    askCreator: 'A code for a post that is still live; this one cannot run as a Spark Ad.',
    retryable: false,
  },
  video_unavailable: {
    reason: 'The post is unavailable (it breaks TikTok’s guidelines) and cannot run as an ad.',
    askCreator: 'A code for a different post.',
    retryable: false,
  },
  story_video_not_supported: { reason: 'The code is for a Story; Stories cannot run as Spark Ads.', askCreator: 'A code for a regular video post.', retryable: false },
  carousel_duet_not_supported: { reason: 'The code is for a carousel duet, which Spark Ads do not support.', askCreator: 'A code for a regular video or photo post.', retryable: false },
  mention_multiple_videos: { reason: 'The post mentions several other videos, which Spark Ads do not support.', askCreator: 'A code for a post without video mentions.', retryable: false },
  illegal_item_status_error: {
    reason: 'The post is in a state TikTok does not allow for ads (e.g. under review or restricted).',
    askCreator: 'To check the post is public and approved, then send a new code.',
    retryable: false,
  },
};

const ALREADY_APPLIED = 'auth_code_already_used';

/** The Ads Manager error name TikTok puts first in the message (`auth_code_expired`), if any. */
export function tiktokErrorName(message: string): string | null {
  return /^([a-z][a-z0-9_]+):/.exec(message.trim())?.[1] ?? null;
}

/** TikTok refused the code because it is already applied to this ad account: a success for the buyer. */
export function isAlreadyAppliedAnswer(message: string): boolean {
  return tiktokErrorName(message) === ALREADY_APPLIED;
}

/** A failure with no answer, or a server fault: TikTok may have applied the code before it failed. */
export function mayHaveApplied(code: number | null): boolean {
  return code === null || kindOfCode(code) === 'transient';
}

export function explainFailure(code: number | null, message: string): FailureExplanation {
  const name = tiktokErrorName(message);
  const known = name === null ? undefined : BY_NAME[name];
  if (known) return known;
  if (code === null || kindOfCode(code) === 'transient') {
    return { reason: 'TikTok did not answer in time or had a temporary problem; the code was not applied.', askCreator: null, retryable: true };
  }
  switch (kindOfCode(code)) {
    case 'rate_limited':
      return { reason: 'TikTok limited how fast codes may be applied and kept refusing; nothing was applied.', askCreator: null, retryable: true };
    case 'permission':
      return {
        reason: 'The TikTok connection may not authorize posts on this ad account (it needs the “Authorize TikTok posts” permission and an Admin or Operator role). An admin must reconnect TikTok.',
        askCreator: null,
        retryable: false,
      };
    case 'auth':
      return { reason: 'TikTok no longer accepts this connection’s access token. An admin must reconnect TikTok.', askCreator: null, retryable: false };
    case 'not_found':
      return { reason: 'TikTok does not know this code or this ad account.', askCreator: 'The code again, copied in full.', retryable: false };
    default:
      return { reason: `TikTok refused the code: ${message}`, askCreator: 'A new code for the post.', retryable: false };
  }
}

/** What the preview knew about a code the buyer left out (stored on the skipped item). */
export type SkipFacts = {
  /** TikTok's refusal of the code at preview (envelope code and message), if it refused it. */
  tiktokCode: number | null;
  tiktokMessage: string | null;
  /** What `tt_video/info` said about the post at preview. */
  facts: CodePreviewFacts | null;
  /** The ledger holds the code for this ad account. */
  alreadyApplied: boolean;
  /** When the item was recorded as skipped. */
  skippedAt: Date | null;
};

const DELETED_POSTS = new Set(['USER_DELETE', 'AUDIT_DELETE']);

/**
 * Why a code was left out at preview and not sent, and what to ask the creator for: TikTok's refusal
 * (malformed, unknown, expired, deleted post…) in words, else what the post's facts showed (expired,
 * deleted), else already applied, else the buyer's own choice.
 */
export function explainSkip({ tiktokCode, tiktokMessage, facts, alreadyApplied, skippedAt }: SkipFacts): Pick<FailureExplanation, 'reason' | 'askCreator'> {
  const leftOut = 'Left out at preview and not sent';
  if (tiktokMessage !== null) {
    const { reason, askCreator } = explainFailure(tiktokCode, tiktokMessage);
    return { reason: `${leftOut}: ${reason.replace(/^The /, 'the ')}`, askCreator };
  }
  if (facts !== null && DELETED_POSTS.has(facts.postStatus ?? ''))
    return { reason: `${leftOut}: ${BY_NAME.video_deleted!.reason.replace(/^The /, 'the ')}`, askCreator: BY_NAME.video_deleted!.askCreator };
  const end = facts?.authEnd ? new Date(facts.authEnd) : null;
  if (facts !== null && (facts.authStatus === 'EXPIRED' || (end !== null && skippedAt !== null && end.getTime() <= skippedAt.getTime()))) {
    return { reason: `${leftOut}: the code had expired.`, askCreator: NEW_CODE };
  }
  if (alreadyApplied) return { reason: `${leftOut}: it is already applied to this ad account, so sending it again would change nothing.`, askCreator: null };
  return { reason: `${leftOut}: you unticked it.`, askCreator: null };
}
