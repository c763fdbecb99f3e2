import { carouselInfoOf, videoInfoOf } from '../media';
import { formatIsoTime } from '../time';
import type { Authorization, Post, PostStatus, TikTokAccount } from '../types';

/** The authorization window as `/tt_video/*` and AUTH_CODE identity posts show it; these fields come back in ISO form. */
export type AuthWindow = { status: string; startMs: number; endMs: number; inviteStartMs: number | null };

export function windowOf(authorization: Authorization, status: string): AuthWindow {
  return { status, startMs: authorization.authStartMs, endMs: authorization.authEndMs, inviteStartMs: authorization.inviteStartMs };
}

/** Epoch seconds, the form the Go SDK parses besides text (reference, Corrections: time values). */
const epochSeconds = (ms: number) => Math.floor(ms / 1000);

export function authInfoPayload(window: AuthWindow, post: Pick<Post, 'epochTimes'>) {
  // Unknown in the real API: which endpoints send epoch seconds; posts marked epochTimes do, the others ISO text.
  const time = post.epochTimes === true ? epochSeconds : formatIsoTime;
  return {
    ad_auth_status: window.status,
    auth_start_time: time(window.startMs),
    auth_end_time: time(window.endMs),
    invite_start_time: window.inviteStartMs === null ? null : time(window.inviteStartMs),
  };
}

export function isDeleted(post: Post): boolean {
  return post.status === 'USER_DELETE' || post.status === 'AUDIT_DELETE';
}

/** One `/tt_video/list/` element, also the whole `data` of `/tt_video/info/`. Statuses are unprefixed here. */
export function sparkPostPayload(post: Post, account: TikTokAccount | undefined, authCode: string, window: AuthWindow, nowMs: number) {
  return {
    item_info: {
      item_id: post.itemId,
      auth_code: authCode,
      text: post.text,
      status: post.status,
      item_type: post.itemType,
      anchor_list: null,
      duet_original_item_id: post.duetOriginalItemId,
      stitch_original_item_id: null,
      is_multi_duet_stitch: false,
      mentioned_item_ids: post.mentionedItemIds,
    },
    auth_info: authInfoPayload(window, post),
    video_info: videoInfoOf(post, nowMs),
    carousel_info: carouselInfoOf(post, nowMs),
    user_info: { identity_id: account?.authCodeIdentityId ?? null, identity_type: 'AUTH_CODE', tiktok_name: account?.handle ?? null },
  };
}

// Identity endpoints spell statuses with prefixes (reference §3.2), inconsistently so for friends-only.
const IDENTITY_ITEM_STATUS: Record<PostStatus, string> = {
  HESITATE_RECOMMEND: 'ITEM_STATUS_HESITATE_RECOMMEND',
  ONLY_AUTHOR_SEE: 'ITEM_STATUS_ONLY_AUTHOR_SEE',
  ONLY_FRIEND_SEE: 'STATUS_ONLY_FRIEND_SEE',
  // Unknown in the real API: the prefixed spelling of the statuses below; identity endpoints hide deleted posts anyway.
  REVIEW_PENDING: 'ITEM_STATUS_REVIEW_PENDING',
  USER_DELETE: 'ITEM_STATUS_USER_DELETE',
  AUDIT_DELETE: 'ITEM_STATUS_AUDIT_DELETE',
};

/** A post as `/identity/video/get|info/` show it; `auth_info` only for AUTH_CODE identities. */
export function identityPostPayload(post: Post, window: AuthWindow | null, nowMs: number) {
  return {
    item_id: post.itemId,
    item_type: post.itemType,
    status: IDENTITY_ITEM_STATUS[post.status],
    text: post.text,
    ...(window === null ? {} : { auth_info: authInfoPayload(window, post) }),
    anchor_list: [],
    video_info: videoInfoOf(post, nowMs),
    carousel_info: carouselInfoOf(post, nowMs),
  };
}
