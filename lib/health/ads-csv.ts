import type { Queryable } from '@/db/client';
import { csvFile } from '@/lib/csv';
import { identityTypeWords } from '@/lib/tiktok/labels';
import { describeFinding } from './catalogue';
import { listAds, type AdListRow, type AdsListQuery } from './queries';

/** Rows read per statement while exporting; the export is every ad the filters match, in the list's order. */
const EXPORT_PAGE_SIZE = 1000;

const COLUMNS = [
  'ad_id',
  'ad_name',
  'ad_account_id',
  'ad_account',
  'campaign',
  'ad_group',
  'health',
  'root_cause',
  'root_cause_code',
  'finding_codes',
  'post_id',
  'post_handle',
  'identity',
  'identity_handle',
  'authorization_ends',
] as const;

function rootCauseTitle(row: AdListRow): string | null {
  const root = row.findings.find((f) => f.code === row.rootCauseCode && f.subject === row.rootCauseSubject) ?? row.findings.find((f) => f.code === row.rootCauseCode);
  return root ? describeFinding(root).title : null;
}

/** The ads the filters of `/o/<org>/ads` match, as CSV: the list's columns in words plus the raw codes. */
export function adsCsv(rows: AdListRow[]): string {
  return csvFile(
    COLUMNS,
    rows.map((row) => [
      row.adId,
      row.adName,
      row.advertiserId,
      row.advertiserName,
      row.campaignName,
      row.adgroupName,
      row.status,
      rootCauseTitle(row),
      row.rootCauseCode,
      row.findingCodes.join(' '),
      row.itemId,
      row.postHandle,
      identityTypeWords(row.identityType),
      row.identityHandle,
      row.authEndTime?.toISOString() ?? null,
    ]),
  );
}

/** Every ad matching `query` (all pages), read EXPORT_PAGE_SIZE at a time. */
export async function listAdsForExport(db: Queryable, { orgId, query }: { orgId: string; query: AdsListQuery }): Promise<AdListRow[]> {
  const rows: AdListRow[] = [];
  for (let page = 1; ; page += 1) {
    const result = await listAds(db, { orgId, query: { ...query, page }, pageSize: EXPORT_PAGE_SIZE });
    rows.push(...result.rows);
    if (page >= result.pages) return rows;
  }
}
