import { formatLongDate } from '@/lib/dates';

/** The Spark code duration we ask creators for: the longest TikTok offers, so the ad is not interrupted again this year. */
export const RECOMMENDED_CODE_DAYS = 365;

export type RenewalPost = {
  itemId: string;
  /** Without '@'. */
  handle: string | null;
  caption: string | null;
  postUrl: string | null;
  endsAt: Date;
  daysLeft: number;
};

/** The post's public link; TikTok resolves a post by handle and item id. */
export function postUrl(handle: string | null, itemId: string): string | null {
  return handle ? `https://www.tiktok.com/@${encodeURIComponent(handle)}/video/${encodeURIComponent(itemId)}` : null;
}

export function daysPhrase(daysLeft: number): string {
  if (daysLeft <= 0) return 'today';
  return daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days`;
}

function shortCaption(caption: string | null): string | null {
  const text = caption?.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * A message the brand can send the creator as it is (DM, e-mail, chat): which post, when the
 * current authorization ends, how to make a new code in the TikTok app, and why 365 days.
 */
export function renewalRequest(post: RenewalPost, brand: string, timeZone = 'UTC'): string {
  const greeting = post.handle ? `Hi @${post.handle},` : 'Hi,';
  const caption = shortCaption(post.caption);
  const which = [post.postUrl ?? `your TikTok post (ID ${post.itemId})`, caption ? `(“${caption}”)` : null].filter(Boolean).join(' ');
  return [
    greeting,
    '',
    `Thank you for letting ${brand} run your post as a Spark Ad: ${which}`,
    '',
    `The ad authorization you gave us ends on ${formatLongDate(post.endsAt, timeZone)} (${daysPhrase(post.daysLeft)}). After that the ad stops. Could you send us a new authorization code?`,
    '',
    'In the TikTok app:',
    '1. Open the post and tap ⋯ (More), then “Ad settings”.',
    '2. Make sure “Ad authorization” is switched on.',
    '3. Tap “Generate code” and choose 365 days as the authorization period.',
    '4. Agree to the terms, copy the code and send it to us in a reply.',
    '',
    `Please pick ${RECOMMENDED_CODE_DAYS} days: we will not need to ask you again this year, and you can end the authorization in Ad settings at any time.`,
    '',
    'Thank you!',
    brand,
  ].join('\n');
}
