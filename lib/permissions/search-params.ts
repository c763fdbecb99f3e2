import { z } from 'zod';
import { ValidationError } from '@/lib/errors';
import { pageNumberSchema } from '@/lib/query-params';

// The team pages keep their state in the URL; these schemas read it (and the JSON routes' query
// strings). Empty fields mean "not filtered".

export type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, { error: (issue) => `${what} is at most ${max} characters (yours has ${String(issue.input).length}) — shorten it` })
    .optional()
    .transform((v) => (v === '' ? undefined : v));
/** One of `values`, or undefined for an empty field; otherwise `message`. */
const choice = <const T extends readonly [string, ...string[]]>(values: T, message: string) => z.preprocess((v) => (v === '' ? undefined : v), z.enum(values, { error: message }).optional());
const day = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const date = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a date (YYYY-MM-DD)` });
      return z.NEVER;
    }
    return date;
  });

const matrixSchema = z.object({
  bc: optionalText(40, 'Business Center'),
  type: choice(['ADVERTISER', 'TT_ACCOUNT'], 'Asset type must be ADVERTISER or TT_ACCOUNT'),
  role: choice(['ADMIN', 'STANDARD', 'PENDING'], 'Member role must be ADMIN, STANDARD or PENDING'),
  q: optionalText(100, 'Search'),
  page: pageNumberSchema,
  ap: pageNumberSchema,
});

const historySchema = z.object({
  member: optionalText(100, 'Member'),
  asset: optionalText(100, 'Asset'),
  change: choice(['gained', 'lost', 'changed'], 'Change must be gained, lost or changed'),
  from: day,
  to: day,
  page: pageNumberSchema,
});

function parse<S extends z.ZodType>(schema: S, search: SearchParams, keys: string[], what: string): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(keys.map((k) => [k, first(search[k])])));
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, what);
  return parsed.data;
}

export type MatrixQuery = z.output<typeof matrixSchema>;
export const parseMatrixQuery = (search: SearchParams): MatrixQuery => parse(matrixSchema, search, ['bc', 'type', 'role', 'q', 'page', 'ap'], 'filter');

export type HistoryQuery = z.output<typeof historySchema>;
/** `to` is the last day included; the query gets the next midnight as an exclusive end. */
export function parseHistoryQuery(search: SearchParams): HistoryQuery & { toExclusive?: Date } {
  const query = parse(historySchema, search, ['member', 'asset', 'change', 'from', 'to', 'page'], 'filter');
  return { ...query, toExclusive: query.to && new Date(query.to.getTime() + 86_400_000) };
}

/** Every value of a repeated parameter (`?m=a&m=b`), also comma-separated ones, trimmed, without empties. */
export function listParam(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export const firstParam = (value: string | string[] | undefined) => first(value)?.trim() || undefined;
