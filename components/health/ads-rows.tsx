'use client';

import Link from 'next/link';
import { RenewalStatusLink } from '@/components/renewals/renewal-status-badge';
import { RENEWAL_SELECTION_FORM } from '@/components/renewals/request-renewals-form';
import type { RenewalStatus } from '@/db/schema/renewals';
import type { AdHealthStatus } from '@/lib/health/types';
import { StatusBadge } from './status-badge';

/**
 * One ad of the list as the browser needs it, in words already: ad id, ad name, "account › campaign ›
 * ad group", post id, post author's handle, the identity line, status, the root cause's title, the
 * authorization's end date, "N days left" and the post's latest renewal request. A tuple, so the page's data (sent once more for React to
 * take over the server's HTML) carries no key names and no markup per row.
 */
export type AdsTableRow = [
  adId: string,
  adName: string | null,
  path: string,
  itemId: string | null,
  postHandle: string | null,
  identity: string,
  status: AdHealthStatus,
  rootCause: string | null,
  ends: string | null,
  daysLeft: string | null,
  renewal: RenewalStatus | null,
];

/**
 * The rows of the ads table. Styling sits once on the tbody (per column, and `small` is a grey
 * secondary line), so each row's HTML is its words and a few tags.
 */
export function AdsRows({ rows, adBase, renewals }: { rows: AdsTableRow[]; adBase: string; renewals?: { orgSlug: string; selectable: boolean } }) {
  const keys = rowKeys(rows);
  return (
    <tbody className="divide-y divide-slate-100 text-slate-700 [&_small]:block [&_small]:text-xs [&_small]:text-slate-500 [&>tr]:align-top [&>tr>td]:px-5 [&>tr>td]:py-3 [&>tr>td:nth-child(1)]:max-w-64 [&>tr>td:nth-child(1)>a]:font-medium [&>tr>td:nth-child(1)>a]:text-slate-900 [&>tr>td:nth-child(1)>a:hover]:underline [&>tr>td:nth-child(2)]:max-w-48 [&>tr>td:nth-child(2)]:text-slate-600 [&>tr>td:nth-child(3)]:max-w-72 [&>tr>td:nth-child(4)]:whitespace-nowrap [&>tr>td:nth-child(4)]:text-slate-600">
      {rows.map(([adId, adName, path, itemId, postHandle, identity, status, rootCause, ends, daysLeft, renewal], i) => (
        <tr key={keys[i]} data-testid={`ad-row-${adId}`}>
          <td>
            <Link href={`${adBase}/${encodeURIComponent(adId)}`} prefetch={false}>
              {adName ?? 'Unnamed ad'}
            </Link>
            <small className="font-mono">{adId}</small>
            <small>{path}</small>
          </td>
          <td>
            {itemId ? (
              <>
                <div>
                  {renewals?.selectable ? (
                    <input type="checkbox" form={RENEWAL_SELECTION_FORM} name="itemId" value={itemId} aria-label={`Select post ${itemId} for a renewal request`} className="mr-1.5 align-middle" />
                  ) : null}
                  {postHandle ? `Post by @${postHandle}` : 'Post'}
                </div>
                <small className="font-mono">{itemId}</small>
              </>
            ) : (
              <div className="text-slate-500">No TikTok post</div>
            )}
            <small>{identity}</small>
          </td>
          <td>
            <StatusBadge status={status} />
            {rootCause ? <div className={status === 'blocking' || status === 'warning' ? 'mt-1 text-sm' : 'mt-1 text-xs text-slate-500'}>{rootCause}</div> : null}
          </td>
          <td>
            {ends ? (
              <>
                <div>{ends}</div>
                <small>{daysLeft}</small>
                {renewal && renewals ? <RenewalStatusLink orgSlug={renewals.orgSlug} status={renewal} /> : null}
              </>
            ) : (
              <span className="text-slate-500">—</span>
            )}
          </td>
        </tr>
      ))}
    </tbody>
  );
}

/**
 * A key per row that follows its ad when a refresh (a sync finishing) reorders the list, so a ticked
 * box stays with its post. The ad id, and how many rows above it have the same one: an ad two
 * connections both reach is listed twice.
 */
export function rowKeys(rows: AdsTableRow[]): string[] {
  const seen = new Map<string, number>();
  return rows.map(([adId]) => {
    const n = seen.get(adId) ?? 0;
    seen.set(adId, n + 1);
    return `${adId}#${n}`;
  });
}
