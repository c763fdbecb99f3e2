// How Sparkcheck writes a day or a moment, everywhere (pages, e-mails, Slack, CLI): British English
// day-month-year. Times are in UTC unless a timezone is given as an IANA name (e.g. 'Europe/Berlin');
// an unknown name throws a RangeError, so check a user's choice where it is saved.

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

/** "6 Dec 2026, 13:05" (with `seconds`: "6 Dec 2026, 13:05:09") */
export function formatDateTime(value: DateInput, timeZone = 'UTC', { seconds = false }: { seconds?: boolean } = {}): string {
  return formatter(seconds ? 'date-time-seconds' : 'date-time', timeZone, { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' }).format(toDate(value));
}

/** "6 December 2026", for prose such as a letter to a creator. */
export function formatLongDate(value: DateInput, timeZone = 'UTC'): string {
  return formatter('long-date', timeZone, { day: 'numeric', month: 'long', year: 'numeric' }).format(toDate(value));
}

/** "2026-12-06": the calendar day in that timezone, for keys, comparisons and date inputs. */
export function isoDay(value: DateInput, timeZone = 'UTC'): string {
  return formatter('iso-day', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(toDate(value));
}
