export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The documented TikTok format, `YYYY-MM-DD HH:MM:SS` in UTC. */
export function formatApiTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The ISO form several live payloads use instead (auth window fields), e.g. `2026-05-24T07:09:07Z`. */
export function formatIsoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `YYYYMMDDHHMMSS`, the prefix of TikTok request ids. */
export function formatCompactTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/** Parses `YYYY-MM-DD HH:MM:SS` (UTC); NaN when it is not that shape. */
export function parseApiTime(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return Number.NaN;
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}
