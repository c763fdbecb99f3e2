import { describe, expect, it } from 'vitest';
import { ValidationError } from '@/lib/errors';
import { parsePageParam, readPageParam } from './query-params';

describe('page numbers in query strings', () => {
  it('reads 1–100,000, and an empty or missing one as 1', () => {
    expect(parsePageParam('7')).toBe(7);
    expect(parsePageParam(null)).toBe(1);
    expect(parsePageParam('')).toBe(1);
    expect(parsePageParam(['3', '9'])).toBe(3);
  });

  it('names what is wrong with the rest (422 on the API, a message on pages)', () => {
    const cases: [string, string][] = [
      ['99999999999999999999', 'Page is too large (at most 100,000)'],
      ['100001', 'Page is too large (at most 100,000)'],
      ['0', 'Page starts at 1'],
      ['-3', 'Page starts at 1'],
      ['2.5', 'Page must be a whole number'],
      ['two', 'Page must be a number'],
    ];
    for (const [value, message] of cases) {
      expect(() => parsePageParam(value), value).toThrow(ValidationError.field('page', message));
      expect(readPageParam(value)).toEqual({ page: 1, error: message });
    }
  });
});
