import { csvFile } from '@/lib/csv';
import type { CodeBatchView } from './queries';

const COLUMNS = ['code', 'ad_account_id', 'ad_account', 'outcome', 'creator', 'post_id', 'authorization_ends', 'tiktok_code', 'tiktok_message', 'reason', 'ask_creator_for'] as const;

/** The batch's results, one row per code and ad account; codes masked as everywhere else. */
export function codeBatchCsv(batch: CodeBatchView): string {
  return csvFile(
    COLUMNS,
    batch.items.map((item) => [
      item.codeMasked,
      item.advertiserId,
      item.advertiserName,
      item.state,
      item.preview?.handle ?? null,
      item.preview?.itemId ?? null,
      item.authorizedUntil ?? item.preview?.authEnd ?? null,
      item.tiktokCode,
      item.tiktokMessage,
      item.reason,
      item.askCreator,
    ]),
  );
}
