import type { HealthPillar } from '@/db/schema';
import type { AdHealthStatus } from '@/lib/health/types';

export const PILLAR_LABELS: Record<HealthPillar, string> = {
  business_center: 'Business Center',
  identity: 'Identity',
  authorization: 'Authorization',
  post: 'Post',
  preview: 'Preview',
};

export const STATUS_LABELS: Record<AdHealthStatus, string> = {
  blocking: 'Blocking',
  warning: 'Warning',
  healthy: 'Healthy',
  not_spark: 'Not Spark',
  deleted: 'Deleted',
};

export const STATUS_TONES = { blocking: 'red', warning: 'amber', healthy: 'green', not_spark: 'neutral', deleted: 'neutral' } as const satisfies Record<AdHealthStatus, string>;

/** Dates in lists and timelines: UTC, like every other page. */

/** Whole days from `now` until `end`, rounded down (0 = ends today, negative = ended). */
export function daysUntil(end: Date, now: Date): number {
  return Math.floor((end.getTime() - now.getTime()) / 86_400_000);
}

export function daysLeftLabel(end: Date, now: Date): string {
  const days = daysUntil(end, now);
  if (end.getTime() <= now.getTime()) return 'ended';
  if (days === 0) return 'ends today';
  return `${days} day${days === 1 ? '' : 's'} left`;
}
