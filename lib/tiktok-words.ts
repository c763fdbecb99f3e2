// TikTok's enum values in the words of TikTok's own help pages, for titles, checklists and support
// packets. The raw value stays next to the words (as a code tag, and in stored evidence) so a user
// can match it with what Ads Manager or TikTok support says. An unknown value is shown as it came.

const IDENTITY_TYPE_WORDS: Record<string, string> = {
  TT_USER: 'TikTok account the brand owns',
  BC_AUTH_TT: 'Business Center account',
  AUTH_CODE: 'Creator code (authorized post)',
  CUSTOMIZED_USER: 'Custom Identity',
  TTS_TT: 'TikTok Shop account',
};

const AVAILABLE_STATUS_WORDS: Record<string, string> = {
  AVAILABLE: 'available',
  NO_VALID_BIND_ACCOUNT: 'no valid link to the ad account',
  SCOPE_UNAVAILABLE: 'permission not granted',
  IS_PRIVATE_ACCOUNT: 'private account',
  NOT_BUSINESS_ACCOUNT: 'not a business account',
};

/** Post statuses without TikTok's `ITEM_STATUS_` / `STATUS_` prefixes (see normalizePostStatus). */
const POST_STATUS_WORDS: Record<string, string> = {
  HESITATE_RECOMMEND: 'public (recommended)',
  ONLY_AUTHOR_SEE: 'private (only the creator sees it)',
  ONLY_FRIEND_SEE: 'friends only',
  ONLY_USER_PASS: 'visible only to approved viewers',
  USER_DELETE: 'deleted by the creator',
  AUDIT_DELETE: 'removed by moderation',
  REVIEW_PENDING: 'under review',
};

const AD_AUTH_STATUS_WORDS: Record<string, string> = {
  AUTHORIZED: 'authorized',
  EXPIRED: 'expired',
};

const BC_LINK_STATUS_WORDS: Record<string, string> = {
  BOUND: 'linked',
  UNBOUND: 'not linked',
  PENDING: 'pending (QR code not scanned)',
  REJECTED: 'rejected',
  REJECT: 'rejected',
};

const lookup =
  (words: Record<string, string>) =>
  (value: string | null | undefined): string | null =>
    value === null || value === undefined ? null : (words[value] ?? value);

export const identityTypeWords = lookup(IDENTITY_TYPE_WORDS);
export const availableStatusWords = lookup(AVAILABLE_STATUS_WORDS);
export const postStatusWords = lookup(POST_STATUS_WORDS);
export const adAuthStatusWords = lookup(AD_AUTH_STATUS_WORDS);
export const bcLinkStatusWords = lookup(BC_LINK_STATUS_WORDS);

/**
 * Why an ad needs no Spark code, by how it posts: the brand's own TikTok account or one its Business
 * Center holds needs none; a Custom Identity posts as no TikTok account at all (a name and picture
 * over an uploaded video), so it must never be described as an account the brand controls.
 */
export function noSparkCodeNeeded(identityType: string | null): string {
  switch (identityType) {
    case 'TT_USER':
      return 'the ad posts as a TikTok account the brand owns.';
    case 'BC_AUTH_TT':
      return 'the ad posts as a TikTok account the brand’s Business Center holds (Business Center → Accounts → TikTok accounts).';
    case 'CUSTOMIZED_USER':
      return 'the ad uses a Custom Identity — a name and picture over an uploaded video — so it posts as no TikTok account and runs no TikTok post.';
    default:
      return 'the ad does not run a creator’s post through a Spark code.';
  }
}
