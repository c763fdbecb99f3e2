import type { Random } from './random';
import type { SparkCodeErrorKey } from './types';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
// Unknown in the real API: the exact code format; the reference only shows `#` and `+` occur.
const SPARK_CODE_PATTERN = /^#[A-Za-z0-9+/]{40,64}={0,2}$/;

// Unknown in the real API: codes and messages for bad Spark codes. We wrap the Ads Manager error
// names (help-centre table) in 400xx codes, so a client can match on the leading word.
export const SPARK_CODE_ERRORS: Record<SparkCodeErrorKey, { code: number; message: string }> = {
  malformed: { code: 40002, message: 'auth_code_format_error: The auth_code is in the wrong format.' },
  not_found: { code: 40007, message: 'auth_code_not_found: The auth_code does not exist or has been deleted by the creator.' },
  expired: { code: 40002, message: 'auth_code_expired: The auth_code has expired. Ask the creator for a new code.' },
  already_applied: { code: 40002, message: 'auth_code_already_used: This post is already authorized to this advertiser with this auth_code.' },
  deleted_post: { code: 40002, message: 'video_deleted: The post behind this auth_code has been deleted.' },
  story_not_supported: { code: 40002, message: 'story_video_not_supported: Stories cannot be used for Spark Ads.' },
  carousel_duet_not_supported: { code: 40002, message: 'carousel_duet_not_supported: Carousel duets cannot be used for Spark Ads.' },
};

export function isWellFormedSparkCode(code: string): boolean {
  return SPARK_CODE_PATTERN.test(code);
}

/** A well-formed code that always carries `#`, `+`, `/` and `=`, the characters clients must encode. */
export function generateSparkCode(random: Random): string {
  const body = random.chars(BASE64, 44).split('');
  body[random.int(0, 14)] = '+';
  body[random.int(15, 29)] = '/';
  return `#${body.join('')}=`;
}
