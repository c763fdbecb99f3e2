import Link from 'next/link';
import type { RenewalStatus } from '@/db/schema/renewals';
import { Table, Th } from '@/components/ui/table';
import { formatDate } from '@/lib/dates';
import { describeFinding } from '@/lib/health/catalogue';
import { identityTypeWords } from '@/lib/tiktok-words';
import type { AdListRow, AdsListQuery, AdSort } from '@/lib/health/queries';
import { adsHref } from './ads-filters';
import { AdsRows, type AdsTableRow } from './ads-rows';
import { daysLeftLabel } from './labels';

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

/** What the browser needs of one row, worded on the server (the findings and other columns stay here). */
function toTableRow(row: AdListRow, now: Date, timeZone: string, renewals?: Map<string, { status: RenewalStatus }>): AdsTableRow {
  const root = row.findings.find((f) => f.code === row.rootCauseCode && f.subject === row.rootCauseSubject) ?? row.findings.find((f) => f.code === row.rootCauseCode);
  const identity = `${identityTypeWords(row.identityType) ?? 'No identity'}${row.identityHandle ? ` · @${row.identityHandle}` : ''}`;
  return [
    row.adId,
    row.adName,
    [row.advertiserName ?? row.advertiserId, row.campaignName, row.adgroupName].filter(Boolean).join(' › '),
    row.itemId,
    row.postHandle,
    identity,
    row.status,
    root ? describeFinding(root).title : null,
    row.authEndTime ? formatDate(row.authEndTime, timeZone) : null,
    row.authEndTime ? daysLeftLabel(row.authEndTime, now) : null,
    (row.itemId && renewals?.get(row.itemId)?.status) || null,
  ];
}

/**
 * One page of ads; the ad name opens its detail page. The header (sort links) renders here, the rows
 * in the browser's bundle from worded tuples. With `renewals`: each post's latest renewal request next
 * to its expiry, and (members) a checkbox per post for "Request renewal".
 */
export function AdsTable({
  rows,
  base,
  adBase,
  query,
  now,
  timeZone = 'UTC',
  renewals,
}: {
  rows: AdListRow[];
  base: string;
  adBase: string;
  query: AdsListQuery;
  now: Date;
  timeZone?: string;
  renewals?: { orgSlug: string; selectable: boolean; byItem: Map<string, { status: RenewalStatus }> };
}) {
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
      <AdsRows
        rows={rows.map((row) => toTableRow(row, now, timeZone, renewals?.byItem))}
        adBase={adBase}
        renewals={renewals ? { orgSlug: renewals.orgSlug, selectable: renewals.selectable } : undefined}
      />
    </Table>
  );
}
