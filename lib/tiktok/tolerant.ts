import { z } from 'zod';

// TikTok data is untrusted input: an odd value in one row must not cost the rest of the page.
// Time values are read in every form TikTok's published material uses; a value that is still
// unreadable becomes null (the row is kept), and a row that cannot be read at all is left out.
// Either way a RowWarning names the row and the field, for the sync to record.

/** One row of a list TikTok sent that was stored only partly (`kept`), or not at all. */
export type RowWarning = {
  /** The row's own id (`ad_id`, `item_id`, `identity_id`, …) when it has one. */
  rowId: string | null;
  /** Dotted path of the field, e.g. `auth_info.auth_end_time`. */
  field: string;
  message: string;
  /** What TikTok sent in that field, cut to 100 characters. */
  raw: string | null;
  /** True when the row was stored with the field set to null; false when the row was left out. */
  kept: boolean;
};

const RAW_LENGTH = 100;
/** Dates outside these years are misreadings (milliseconds sent as seconds, placeholders). */
const MIN_YEAR = 1990;
const MAX_YEAR = 2200;

const TEXT_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const EPOCH_SECONDS = /^\d{9,11}$/;

function inRange(date: Date): Date | undefined {
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < MIN_YEAR || year > MAX_YEAR ? undefined : date;
}

/**
 * Reads a TikTok time: `YYYY-MM-DD HH:MM:SS` (the documented form, UTC), RFC 3339 with or without
 * fraction and offset, `YYYY-MM-DD HH:MM`, a date alone (midnight UTC), or epoch seconds as a
 * number or digit string (the forms the Go SDK parses). Returns null for "not set" (empty text,
 * 0) and undefined for anything else it cannot read.
 */
export function parseTikTokTime(value: string | number): Date | null | undefined {
  if (typeof value === 'number') {
    if (value === 0) return null;
    return Number.isFinite(value) ? inRange(new Date(value * 1000)) : undefined;
  }
  const text = value.trim();
  if (text === '' || text === '0') return null;
  if (EPOCH_SECONDS.test(text)) return inRange(new Date(Number(text) * 1000));
  const match = TEXT_TIME.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.slice(0, 4)}${offset}`);
  // `new Date` rolls 2026-02-30 over to March; a date that does not round-trip is not a date.
  if (Number.isNaN(date.getTime())) return undefined;
  const local = new Date(date.getTime() + offsetMinutes(offset) * 60_000);
  if (local.getUTCFullYear() !== Number(year) || local.getUTCMonth() + 1 !== Number(month) || local.getUTCDate() !== Number(day)) return undefined;
  return inRange(date);
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

/** Marks a schema issue that only costs the field: the field becomes null and the row is kept. */
const SOFT = 'tiktok-soft-field';

/** A time field: a Date, null when not set; an unreadable value is a soft issue (see parseTolerantly). */
export const tiktokTime = z.union([z.string(), z.number()]).transform((value, ctx): Date | null => {
  const date = parseTikTokTime(value);
  if (date === undefined) {
    ctx.addIssue({ code: 'custom', message: 'not a time TikTok uses', input: value, params: { [SOFT]: true } });
    return z.NEVER;
  }
  return date;
});

const isSoft = (issue: z.core.$ZodIssue) => issue.code === 'custom' && (issue.params as Record<string, unknown> | undefined)?.[SOFT] === true;

const rawText = (value: unknown): string | null => {
  if (value === undefined || value === null) return null;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > RAW_LENGTH ? `${text.slice(0, RAW_LENGTH)}…` : text;
};

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A copy of `value` with the field at `path` set to null. */
function withNullAt(value: unknown, path: readonly PropertyKey[]): unknown {
  if (path.length === 0) return null;
  if (value === null || typeof value !== 'object') return value;
  const [key, ...rest] = path as [PropertyKey, ...PropertyKey[]];
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...value }) as Record<PropertyKey, unknown>;
  copy[key] = withNullAt(copy[key], rest);
  return copy;
}

const fieldOf = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(row)';

/** The id TikTok gives the row, from the first id field it carries (nested for posts and BCs). */
export function rowIdOf(row: unknown): string | null {
  const keys = ['ad_id', 'adgroup_id', 'campaign_id', 'item_id', 'identity_id', 'asset_id', 'user_id', 'user_email', 'advertiser_id', 'bc_id'];
  for (const holder of [row, valueAt(row, ['item_info']), valueAt(row, ['bc_info'])]) {
    if (holder === null || typeof holder !== 'object') continue;
    for (const key of keys) {
      const id = (holder as Record<string, unknown>)[key];
      if (typeof id === 'string' || typeof id === 'number') return String(id);
    }
  }
  return null;
}

export type TolerantResult<T> = { ok: true; data: T; warnings: RowWarning[] } | { ok: false; error: z.ZodError; warnings: RowWarning[] };

/**
 * Parses `value`; fields with a soft issue (an unreadable time) are set to null and parsed again,
 * each with a warning that keeps what TikTok sent. Any other issue fails the parse.
 */
export function parseTolerantly<T>(schema: z.ZodType<T>, value: unknown): TolerantResult<T> {
  const first = schema.safeParse(value);
  if (first.success) return { ok: true, data: first.data, warnings: [] };
  const issues = first.error.issues;
  if (!issues.every(isSoft)) return { ok: false, error: first.error, warnings: [] };
  const rowId = rowIdOf(value);
  const warnings = issues.map((issue) => ({ rowId, field: fieldOf(issue.path), message: `${issue.message}; stored as empty`, raw: rawText(valueAt(value, issue.path)), kept: true }));
  const repaired = schema.safeParse(issues.reduce((v, issue) => withNullAt(v, issue.path), value));
  return repaired.success ? { ok: true, data: repaired.data, warnings } : { ok: false, error: repaired.error, warnings: [] };
}

export type TolerantRows<T> = { items: T[]; warnings: RowWarning[] };

/**
 * The rows of a list, each read on its own: a row that cannot be read is left out with a warning
 * naming its id and the first field at fault; the others are kept. An absent or null list is empty.
 */
export function tolerantRows<T extends z.ZodType>(schema: T) {
  return z
    .array(z.unknown())
    .nullish()
    .transform((list): TolerantRows<z.output<T>> => {
      const items: z.output<T>[] = [];
      const warnings: RowWarning[] = [];
      for (const row of list ?? []) {
        const result = parseTolerantly(schema as z.ZodType<z.output<T>>, row);
        warnings.push(...result.warnings);
        if (result.ok) {
          items.push(result.data);
          continue;
        }
        const issue = result.error.issues[0];
        const path = issue?.path ?? [];
        warnings.push({ rowId: rowIdOf(row), field: fieldOf(path), message: `${issue?.message ?? 'unreadable'}; row left out`, raw: rawText(valueAt(row, path)), kept: false });
      }
      return { items, warnings };
    });
}
