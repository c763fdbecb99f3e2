import { z } from 'zod';
import { ValidationError } from '@/lib/errors';

/** A page number in a URL: a whole number from 1 to 100,000 (an unbounded one would overflow the query's OFFSET). */
export const pageNumberSchema = z.coerce
  .number({ error: 'Page must be a number' })
  .min(1, 'Page starts at 1')
  .max(100_000, 'Page is too large (at most 100,000)')
  // After the range: a huge number is "too large", not "not a whole number" (zod's int() wants a safe integer).
  .int('Page must be a whole number')
  .default(1);

/** `?page=` of a JSON route as a query-string schema (a form's empty field is page 1). */
export const pageQuerySchema = z.object({ page: z.preprocess((v) => (Array.isArray(v) ? v[0] : v === '' ? undefined : v), pageNumberSchema) });

const first = (value: string | string[] | null | undefined) => (Array.isArray(value) ? value[0] : (value ?? undefined));

/** `?page=` of a JSON route: the page, or a 422 naming the field. */
export function parsePageParam(value: string | string[] | null | undefined): number {
  const parsed = pageNumberSchema.safeParse(first(value) === '' ? undefined : first(value));
  if (!parsed.success) throw ValidationError.field('page', parsed.error.issues[0]!.message);
  return parsed.data;
}

/** `?page=` of a page: the page, or page 1 and the message to show. */
export function readPageParam(value: string | string[] | undefined): { page: number; error: string | null } {
  try {
    return { page: parsePageParam(value), error: null };
  } catch (error) {
    if (error instanceof ValidationError) return { page: 1, error: error.message };
    throw error;
  }
}
