import Link from 'next/link';
import { Table, Th } from '@/components/ui/table';
import { formatDate } from '@/lib/dates';
import { describeFinding } from '@/lib/health/catalogue';
import { identityTypeWords } from '@/lib/tiktok-words';
import type { AdListRow, AdsListQuery, AdSort } from '@/lib/health/queries';
import { adsHref } from './ads-filters';
import { daysLeftLabel } from './labels';
import { StatusBadge } from './status-badge';

function SortHeader({ label, sort, base, query }: { label: string; sort: AdSort; base: string; query: AdsListQuery }) {
  const active = (query.sort ?? 'severity') === sort;
  return (
    <Th aria-sort={active ? (query.dir === 'asc' || (!query.dir && sort !== 'severity') ? 'ascending' : 'descending') : undefined}>
      <Link href={adsHref(base, query, { sort, dir: undefined })} className={active ? 'text-slate-900 underline underline-offset-4' : 'hover:text-slate-900'}>
        {label}
      </Link>
    </Th>
  );
}

const handle = (h: string | null) => (h ? `@${h}` : null);

/** One page of ads; the ad name opens its detail page. */
export function AdsTable({ rows, base, adBase, query, now }: { rows: AdListRow[]; base: string; adBase: string; query: AdsListQuery; now: Date }) {
  return (
    <Table>
      <thead>
        <tr>
          <SortHeader label="Ad" sort="ad" base={base} query={query} />
          <Th>Post and identity</Th>
          <SortHeader label="Health" sort="severity" base={base} query={query} />
          <SortHeader label="Expires" sort="expiry" base={base} query={query} />
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 text-slate-700 [&>tr>td]:px-5 [&>tr>td]:py-3">
        {rows.map((row) => {
          const root = row.findings.find((f) => f.code === row.rootCauseCode && f.subject === row.rootCauseSubject) ?? row.findings.find((f) => f.code === row.rootCauseCode);
          return (
            <tr key={`${row.connectionId}:${row.adId}`} data-testid={`ad-row-${row.adId}`} className="align-top">
              <td className="max-w-64">
                <Link href={`${adBase}/${encodeURIComponent(row.adId)}`} prefetch={false} className="font-medium text-slate-900 hover:underline">
                  {row.adName ?? 'Unnamed ad'}
                </Link>
                <div className="font-mono text-xs text-slate-500">{row.adId}</div>
                <div className="text-xs text-slate-500">{[row.advertiserName ?? row.advertiserId, row.campaignName, row.adgroupName].filter(Boolean).join(' › ')}</div>
              </td>
              <td className="max-w-48 text-slate-600">
                {row.itemId ? (
                  <>
                    <div>{row.postHandle ? `Post by ${handle(row.postHandle)}` : 'Post'}</div>
                    <div className="font-mono text-xs text-slate-500">{row.itemId}</div>
                  </>
                ) : (
                  <div className="text-slate-500">No TikTok post</div>
                )}
                <div className="text-xs text-slate-500">
                  {identityTypeWords(row.identityType) ?? 'No identity'}
                  {row.identityHandle ? ` · ${handle(row.identityHandle)}` : ''}
                </div>
              </td>
              <td className="max-w-72">
                <StatusBadge status={row.status} />
                {root ? (
                  <div className={row.status === 'blocking' || row.status === 'warning' ? 'mt-1 text-sm text-slate-700' : 'mt-1 text-xs text-slate-500'}>{describeFinding(root).title}</div>
                ) : null}
              </td>
              <td className="whitespace-nowrap text-slate-600">
                {row.authEndTime ? (
                  <>
                    <div>{formatDate(row.authEndTime)}</div>
                    <div className="text-xs text-slate-500">{daysLeftLabel(row.authEndTime, now)}</div>
                  </>
                ) : (
                  <span className="text-slate-500">—</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
