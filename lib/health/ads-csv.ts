import { csvFile } from '@/lib/csv';
import { csvDateTime } from '@/lib/dates';
import { identityTypeWords } from '@/lib/tiktok-words';
import { describeFinding } from './catalogue';
import type { AdListRow } from './queries';

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

/**
 * The ads the filters of `/o/<org>/ads` match, as CSV: the list's columns in words plus the raw codes.
 * Moments are written in the organization's timezone, which the header names (`authorization_ends (UTC)`).
 */
export function adsCsv(rows: AdListRow[], timeZone = 'UTC'): string {
  return csvFile(
    COLUMNS.map((c) => (c === 'authorization_ends' ? `authorization_ends (${timeZone})` : c)),
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
      row.authEndTime ? csvDateTime(row.authEndTime, timeZone) : null,
    ]),
  );
}
