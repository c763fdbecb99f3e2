import type { CodeBatchView } from './queries';

const COLUMNS = ['code', 'ad_account_id', 'ad_account', 'outcome', 'creator', 'post_id', 'authorization_ends', 'tiktok_code', 'tiktok_message', 'reason', 'ask_creator_for'] as const;

/** A cell a spreadsheet shows as text: quoted, and never read as a formula (`=`, `+`, `-`, `@` first). */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The batch's results, one row per code and ad account; codes masked as everywhere else. */
export function codeBatchCsv(batch: CodeBatchView): string {
  const rows = batch.items.map((item) =>
    [
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
    ]
      .map(cell)
      .join(','),
  );
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
