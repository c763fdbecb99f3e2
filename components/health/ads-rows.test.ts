import { describe, expect, it } from 'vitest';
import { rowKeys, type AdsTableRow } from './ads-rows';

const row = (adId: string, itemId: string): AdsTableRow => [adId, `Ad ${adId}`, 'Acme › Spring › Broad', itemId, 'creator', 'Business Center account · @creator', 'blocking', null, null, null, null];

describe('rowKeys', () => {
  it('keeps each ad’s key when a refresh reorders the list, so a ticked post stays ticked', () => {
    const before = [row('101', 'p1'), row('102', 'p2'), row('103', 'p3')];
    const after = [before[2]!, before[0]!, before[1]!];
    const keyOf = (rows: AdsTableRow[], adId: string) => rowKeys(rows)[rows.findIndex((r) => r[0] === adId)];
    for (const adId of ['101', '102', '103']) expect(keyOf(after, adId)).toBe(keyOf(before, adId));
  });

  it('tells apart the two rows of an ad two connections both reach', () => {
    const keys = rowKeys([row('101', 'p1'), row('102', 'p2'), row('101', 'p1')]);
    expect(new Set(keys).size).toBe(3);
  });
});
