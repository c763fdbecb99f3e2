// How Sparkcheck writes a day or a moment, everywhere (pages, CSVs, e-mails, Slack, CLI): British English
// day-month-year, in the organization's timezone (organizations.time_zone, an IANA name such as
// 'Europe/Berlin'; UTC by default). A moment always says its zone: "6 Dec 2026, 14:05 UTC" or
// "6 Dec 2026, 14:05 (Europe/Berlin)". An unknown name throws a RangeError, so a user's choice is
// checked with `isTimeZone` where it is saved.

type DateInput = Date | string | number;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(style: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(style === 'iso-day' ? 'en-CA' : 'en-GB', { ...options, timeZone });
    formatters.set(key, found);
  }
  return found;
}

const toDate = (value: DateInput) => (value instanceof Date ? value : new Date(value));

/** "6 Dec 2026" */
export function formatDate(value: DateInput, timeZone = 'UTC'): string {
  return formatter('date', timeZone, { dateStyle: 'medium' }).format(toDate(value));
}

/** How a moment names its zone: "UTC", or "(Europe/Berlin)". */
export function zoneLabel(timeZone = 'UTC'): string {
  return timeZone === 'UTC' ? 'UTC' : `(${timeZone})`;
}

/**
 * "6 Dec 2026, 13:05 UTC" / "6 Dec 2026, 14:05 (Europe/Berlin)" (with `seconds`: "…13:05:09 UTC").
 * `zone: false` leaves the zone out where a heading already says it.
 */
export function formatDateTime(value: DateInput, timeZone = 'UTC', { seconds = false, zone = true }: { seconds?: boolean; zone?: boolean } = {}): string {
  const text = formatter(seconds ? 'date-time-seconds' : 'date-time', timeZone, { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' }).format(toDate(value));
  return zone ? `${text} ${zoneLabel(timeZone)}` : text;
}

/** "6 December 2026", for prose such as a letter to a creator. */
export function formatLongDate(value: DateInput, timeZone = 'UTC'): string {
  return formatter('long-date', timeZone, { day: 'numeric', month: 'long', year: 'numeric' }).format(toDate(value));
}

/** "2026-12-06": the calendar day in that timezone, for keys, comparisons and date inputs. */
export function isoDay(value: DateInput, timeZone = 'UTC'): string {
  return formatter('iso-day', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(toDate(value));
}

/** "2026-12-06 14:05": a moment in a CSV cell, sortable, in the organization's zone (the header names it). */
export function csvDateTime(value: DateInput, timeZone = 'UTC'): string {
  return `${isoDay(value, timeZone)} ${formatter('time', timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toDate(value))}`;
}

/** Whether `name` is a timezone this runtime knows (an IANA name such as 'Europe/Berlin', or 'UTC'). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === '' || name !== name.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The timezones an organization can choose: UTC first, then every IANA name this runtime knows. */
export function timeZoneChoices(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
}
