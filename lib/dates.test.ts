import { describe, expect, it } from 'vitest';
import { csvDateTime, formatDate, formatDateTime, formatLongDate, isoDay, isTimeZone, timeZoneChoices, zoneLabel } from './dates';

// 23:30 UTC on 31 Dec 2026 is already 1 Jan 2027 in Berlin and still 31 Dec in New York.
const moment = new Date('2026-12-31T23:30:05Z');

describe('dates', () => {
  it('writes days and moments in UTC by default, and a moment says its zone', () => {
    expect(formatDate(moment)).toBe('31 Dec 2026');
    expect(formatDateTime(moment)).toBe('31 Dec 2026, 23:30 UTC');
    expect(formatDateTime(moment, 'UTC', { seconds: true })).toBe('31 Dec 2026, 23:30:05 UTC');
    expect(formatDateTime(moment, 'UTC', { zone: false })).toBe('31 Dec 2026, 23:30');
    expect(formatLongDate(moment)).toBe('31 December 2026');
    expect(isoDay(moment)).toBe('2026-12-31');
  });

  it('writes them in the organization’s timezone, naming it next to the time', () => {
    expect(formatDate(moment, 'Europe/Berlin')).toBe('1 Jan 2027');
    expect(formatDateTime(moment, 'Europe/Berlin')).toBe('1 Jan 2027, 00:30 (Europe/Berlin)');
    expect(formatDateTime(moment, 'America/New_York')).toBe('31 Dec 2026, 18:30 (America/New_York)');
    expect(formatLongDate(moment, 'Asia/Tokyo')).toBe('1 January 2027');
    expect(isoDay(moment, 'Europe/Berlin')).toBe('2027-01-01');
    expect(isoDay(moment, 'America/New_York')).toBe('2026-12-31');
    expect(zoneLabel('UTC')).toBe('UTC');
    expect(zoneLabel('Asia/Kolkata')).toBe('(Asia/Kolkata)');
  });

  it('writes CSV moments sortable, in the zone, on a 24-hour clock', () => {
    expect(csvDateTime(moment)).toBe('2026-12-31 23:30');
    expect(csvDateTime(moment, 'Europe/Berlin')).toBe('2027-01-01 00:30');
    expect(csvDateTime(new Date('2026-07-01T00:05:00Z'), 'Asia/Kolkata')).toBe('2026-07-01 05:35');
  });

  it('takes ISO strings as the browser receives them', () => {
    expect(formatDate('2026-03-04T10:00:00.000Z')).toBe('4 Mar 2026');
  });

  it('refuses a timezone that does not exist', () => {
    expect(() => formatDate(moment, 'Mars/Olympus')).toThrow(RangeError);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(' Europe/Berlin')).toBe(false);
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
  });

  it('offers UTC first, then every IANA zone once', () => {
    const choices = timeZoneChoices();
    expect(choices[0]).toBe('UTC');
    expect(choices).toContain('Europe/Berlin');
    expect(new Set(choices).size).toBe(choices.length);
    expect(choices.every(isTimeZone)).toBe(true);
  });
});
