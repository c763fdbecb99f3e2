import Link from 'next/link';
import { RenewalStatusLink } from '@/components/renewals/renewal-status-badge';
import { RequestRenewalButton } from '@/components/renewals/request-renewal-button';
import { CopyButton } from '@/components/ui/copy-button';
import type { RenewalStatus } from '@/db/schema/renewals';
import { postUrl, renewalRequest } from '@/lib/alerts/renewal';
import { formatDate } from '@/lib/dates';
import { adsListSearch, type ExpiringAuthorization } from '@/lib/health/queries';
import { daysLeftLabel, daysUntil } from './labels';

/**
 * Spark authorizations ending soon, soonest first, each with the ads it stops and the renewal request to send its creator.
 * With `renewals` (the organization's slug and each post's latest renewal request): its status, and "Request renewal" for members.
 */
export function ExpiryTimeline({
  items,
  adsBase,
  now,
  brand,
  timeZone = 'UTC',
  renewals,
}: {
  items: ExpiringAuthorization[];
  adsBase: string;
  now: Date;
  brand: string;
  timeZone?: string;
  renewals?: { orgSlug: string; canRequest: boolean; byItem: Map<string, { status: RenewalStatus }> };
}) {
  return (
    <ol className="divide-y divide-slate-100">
      {items.map((item) => (
        <li key={`${item.authEndTime.toISOString()}:${item.advertiserId}:${item.itemId ?? ''}`} className="flex gap-4 px-5 py-3 text-sm" data-testid="expiry-item">
          <div className="w-28 shrink-0">
            <time dateTime={item.authEndTime.toISOString()} className="font-medium text-slate-900">
              {formatDate(item.authEndTime, timeZone)}
            </time>
            <div className="text-xs text-amber-700">{daysLeftLabel(item.authEndTime, now)}</div>
          </div>
          <div className="min-w-0">
            <p className="text-slate-700">
              {item.postHandle ? `@${item.postHandle}'s post` : 'A post'} <span className="font-mono text-xs text-slate-500">{item.itemId}</span> on {item.advertiserName ?? item.advertiserId} stops{' '}
              {item.ads} ad{item.ads === 1 ? '' : 's'}:
            </p>
            <p className="mt-0.5 text-slate-600">
              {item.sampleAds.map((ad, i) => (
                <span key={ad.adId}>
                  {i > 0 ? ', ' : null}
                  <Link href={`${adsBase}/${encodeURIComponent(ad.adId)}`} prefetch={false} className="hover:underline">
                    {ad.adName ?? ad.adId}
                  </Link>
                </span>
              ))}
              {item.ads > item.sampleAds.length ? (
                <>
                  {' '}
                  <Link href={`${adsBase}${adsListSearch({ advertiser: item.advertiserId, sort: 'expiry' })}`} className="text-slate-500 underline underline-offset-4">
                    and {item.ads - item.sampleAds.length} more
                  </Link>
                </>
              ) : null}
            </p>
            {item.itemId ? (
              <CopyButton
                className="mt-1.5"
                label="Copy renewal request"
                name={`Copy the renewal request for ${item.postHandle ? `@${item.postHandle}'s` : 'the'} post ${item.itemId}`}
                text={renewalRequest(
                  { itemId: item.itemId, handle: item.postHandle, caption: null, postUrl: postUrl(item.postHandle, item.itemId), endsAt: item.authEndTime, daysLeft: daysUntil(item.authEndTime, now) },
                  brand,
                )}
              />
            ) : null}
            {item.itemId && renewals ? (
              <div className="mt-1.5 flex flex-wrap items-center gap-2">
                {renewals.byItem.get(item.itemId) ? <RenewalStatusLink orgSlug={renewals.orgSlug} status={renewals.byItem.get(item.itemId)!.status} /> : null}
                {renewals.canRequest ? <RequestRenewalButton orgSlug={renewals.orgSlug} itemId={item.itemId} handle={item.postHandle} /> : null}
              </div>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
