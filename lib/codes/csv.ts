import { csvFile } from '@/lib/csv';
import { csvDateTime } from '@/lib/dates';
import type { CodeBatchView } from './queries';

const COLUMNS = ['code', 'ad_account_id', 'ad_account', 'outcome', 'creator', 'post_id', 'authorization_ends', 'tiktok_code', 'tiktok_message', 'reason', 'ask_creator_for'] as const;

/**
 * The batch's results, one row per code and ad account; codes masked as everywhere else. A skipped or
 * failed code keeps its reason and what to ask the creator for. Moments are in the organization's
 * timezone, which the header names.
 */
export function codeBatchCsv(batch: CodeBatchView, timeZone = 'UTC'): string {
  const at = (iso: string | null) => (iso === null ? null : csvDateTime(iso, timeZone));
  return csvFile(
    COLUMNS.map((c) => (c === 'authorization_ends' ? `authorization_ends (${timeZone})` : c)),
    batch.items.map((item) => [
      item.codeMasked,
      item.advertiserId,
      item.advertiserName,
      item.state,
      item.preview?.handle ?? null,
      item.preview?.itemId ?? null,
      at(item.authorizedUntil ?? item.preview?.authEnd ?? null),
      item.tiktokCode,
      item.tiktokMessage,
      item.reason,
      item.askCreator,
    ]),
  );
}
