import { createRandom } from './random';
import { DAY_MS, HOUR_MS } from './time';
import type { Post } from './types';

// Signed media URLs expire like TikTok's: post media after about an hour, profile images after
// about two days, carousel images and music after 90 days (reference §0). Store ids, not URLs.
const expires = (nowMs: number, ttlMs: number) => `x-expires=${Math.floor((nowMs + ttlMs) / 1000)}`;

export function videoInfoOf(post: Post, nowMs: number) {
  if (post.videoId === null) return null;
  const random = createRandom(`media:${post.itemId}`);
  const hd = random.chance(0.6);
  const bitRate = random.int(1_500_000, 9_000_000);
  const query = expires(nowMs, HOUR_MS);
  return {
    video_id: post.videoId,
    duration: post.durationSec,
    width: hd ? 1080 : 720,
    height: hd ? 1920 : 1280,
    size: Math.round((post.durationSec * bitRate) / 8),
    bit_rate: bitRate,
    signature: random.hex(32).toLowerCase(),
    format: 'mp4',
    poster_url: `https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/${post.itemId}~tplv-noop.image?${query}`,
    preview_url: `https://v16m.tiktokcdn.com/${post.videoId}/preview.mp4?${query}`,
    url: `https://v16m.tiktokcdn.com/${post.videoId}/video.mp4?${query}`,
    file_name: `${post.itemId}.mp4`,
  };
}

export function carouselInfoOf(post: Post, nowMs: number) {
  if (post.itemType !== 'CAROUSEL') return null;
  const query = expires(nowMs, 90 * DAY_MS);
  return {
    image_info: [1, 2, 3].map((n) => ({
      image_id: `${post.itemId}-${n}`,
      image_url: `https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-i-photomode/${post.itemId}-${n}.jpeg?${query}`,
      image_width: 1080,
      image_height: 1440,
    })),
    music_info: { music_id: `${post.itemId}-music`, music_url: `https://sf16-ies-music-va.tiktokcdn.com/obj/${post.itemId}.mp3?${query}`, music_duration: 30 },
  };
}

export function profileImageOf(id: string, nowMs: number): string {
  return `https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/${id}~c5_100x100.jpeg?${expires(nowMs, 2 * DAY_MS)}`;
}
