import { describe, expect, it } from 'vitest';
import { ValidationError } from '@/lib/errors';
import { listParam, parseHistoryQuery, parseMatrixQuery } from './search-params';

describe('team URL parameters', () => {
  it('reads the matrix filters, empty fields meaning no filter', () => {
    expect(parseMatrixQuery({ bc: '', type: 'TT_ACCOUNT', role: 'PENDING', q: '  dana ', page: '3' })).toEqual({ bc: undefined, type: 'TT_ACCOUNT', role: 'PENDING', q: 'dana', page: 3, ap: 1 });
    expect(parseMatrixQuery({ page: ['2', '9'] }).page).toBe(2);
  });

  it('names the field that is wrong', () => {
    expect(() => parseMatrixQuery({ type: 'PIXEL' })).toThrow(ValidationError);
    expect(() => parseMatrixQuery({ type: 'PIXEL' })).toThrow('Invalid filter — type: Asset type must be ADVERTISER or TT_ACCOUNT');
    expect(() => parseMatrixQuery({ page: '0' })).toThrow('page: Page starts at 1');
    expect(() => parseHistoryQuery({ from: '24/11/2026' })).toThrow('from: "24/11/2026" is not a date (YYYY-MM-DD)');
    expect(() => parseHistoryQuery({ change: 'removed' })).toThrow('change: Change must be gained, lost or changed');
  });

  it('says an over-long search is too long instead of cutting it', () => {
    const long = 'x'.repeat(140);
    expect(() => parseMatrixQuery({ q: long })).toThrow('Search is at most 100 characters (yours has 140) — shorten it');
    expect(() => parseHistoryQuery({ asset: long })).toThrow('Asset is at most 100 characters (yours has 140) — shorten it');
    expect(parseMatrixQuery({ q: 'x'.repeat(100) }).q).toHaveLength(100);
  });

  it('makes the history end date inclusive', () => {
    const query = parseHistoryQuery({ from: '2026-11-01', to: '2026-11-24', member: 'marco' });
    expect(query).toMatchObject({ member: 'marco', from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z'), toExclusive: new Date('2026-11-25T00:00:00Z'), page: 1 });
  });

  it('takes repeated and comma-separated members', () => {
    expect(listParam(['1,2', ' 3 ', ''])).toEqual(['1', '2', '3']);
    expect(listParam(undefined)).toEqual([]);
  });
});
