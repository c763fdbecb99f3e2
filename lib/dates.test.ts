import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatLongDate, isoDay } from './dates';

// 23:30 UTC on 31 Dec 2026 is already 1 Jan 2027 in Berlin and still 31 Dec in New York.
const moment = new Date('2026-12-31T23:30:05Z');

describe('dates', () => {
  it('writes days and moments in UTC by default', () => {
    expect(formatDate(moment)).toBe('31 Dec 2026');
    expect(formatDateTime(moment)).toBe('31 Dec 2026, 23:30');
    expect(formatDateTime(moment, 'UTC', { seconds: true })).toBe('31 Dec 2026, 23:30:05');
    expect(formatLongDate(moment)).toBe('31 December 2026');
    expect(isoDay(moment)).toBe('2026-12-31');
  });

  it('writes them in the timezone it is given', () => {
    expect(formatDate(moment, 'Europe/Berlin')).toBe('1 Jan 2027');
    expect(formatDateTime(moment, 'Europe/Berlin')).toBe('1 Jan 2027, 00:30');
    expect(isoDay(moment, 'Europe/Berlin')).toBe('2027-01-01');
    expect(isoDay(moment, 'America/New_York')).toBe('2026-12-31');
  });

  it('takes ISO strings as the browser receives them', () => {
    expect(formatDate('2026-03-04T10:00:00.000Z')).toBe('4 Mar 2026');
  });

  it('refuses a timezone that does not exist', () => {
    expect(() => formatDate(moment, 'Mars/Olympus')).toThrow(RangeError);
  });
});
