import { z } from 'zod';
import { ApiError, paramError } from './api-error';

/**
 * Query parameters as one value per key. TikTok takes arrays and objects as JSON strings and
 * rejects the repeated-key form (`?ids=a&ids=b`) with this exact message.
 */
export function readQuery(url: URL): Record<string, string> {
  const values = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    if (values.has(key)) throw paramError('error unmarshaling parameter');
    values.set(key, value);
  }
  return Object.fromEntries(values);
}

export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw paramError('error unmarshaling request body');
  }
}

/** A GET parameter that carries JSON, validated by `schema` once decoded. */
export function jsonParam<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'error unmarshaling parameter' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

export const idParam = z.string().min(1);

export function pageParams(defaultSize: number, maxSize: number) {
  return {
    page: z.coerce.number().int().min(1).default(1),
    page_size: z.coerce
      .number()
      .int()
      .min(1, { error: `page_size must be between 1 and ${maxSize}` })
      .max(maxSize, { error: `page_size must be between 1 and ${maxSize}` })
      .default(defaultSize),
  };
}

export function parseParams<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input, { error: (issue) => (issue.input === undefined ? 'Missing data for required field.' : undefined) });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? 'params' : issue.path.join('.');
  throw new ApiError(40002, `${field}: ${issue?.message ?? 'invalid value'}`);
}

export type PageInfo = { page: number; page_size: number; total_number: number; total_page: number };

/** Slices one page and maps only that page, so large lists cost O(page) to serialise. */
export function paginate<T, R>(items: readonly T[], page: number, pageSize: number, toPayload: (item: T) => R): { list: R[]; page_info: PageInfo } {
  return {
    list: items.slice((page - 1) * pageSize, page * pageSize).map(toPayload),
    page_info: { page, page_size: pageSize, total_number: items.length, total_page: Math.ceil(items.length / pageSize) },
  };
}
