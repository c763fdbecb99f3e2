import { z } from 'zod';
import { codeProblem, MAX_CODE_LENGTH, MAX_CODES_PER_BATCH } from './parse';

/** Ad accounts one batch may target; each code becomes one item per ad account. */
export const MAX_TARGETS_PER_BATCH = 10;

/** One creator code, exactly as it will be sent to TikTok (the paste box trims; the API does not). */
export const creatorCodeSchema = z
  .string({ error: 'Each code must be a string' })
  .max(MAX_CODE_LENGTH, `A code is at most ${MAX_CODE_LENGTH} characters`)
  .superRefine((code, ctx) => {
    const problem = codeProblem(code);
    if (problem === 'empty') ctx.addIssue({ code: 'custom', message: 'A code cannot be empty' });
    else if (problem === 'control_characters') ctx.addIssue({ code: 'custom', message: 'A code cannot contain control characters' });
    else if (problem === 'too_short') ctx.addIssue({ code: 'custom', message: 'A code is at least 8 characters' });
    else if (code !== code.trim()) ctx.addIssue({ code: 'custom', message: 'A code cannot start or end with whitespace' });
  });

const advertiserIdSchema = z.string().regex(/^\d{1,32}$/, 'An ad account id is a number');

const uniqueList = <T extends z.ZodType<string>>(item: T, what: string, min: number, max: number) =>
  z
    .array(item, { error: `Give a list of ${what}s` })
    .min(min, min === 1 ? `Give at least one ${what}` : `Give at least ${min} ${what}s`)
    .max(max, `At most ${max} ${what}s per batch — split them into batches of ${max}`)
    .refine((list) => new Set(list).size === list.length, `Each ${what} may appear only once`);

export const codeRequestSchema = z.object({
  codes: uniqueList(creatorCodeSchema, 'code', 1, MAX_CODES_PER_BATCH),
  advertiserIds: uniqueList(advertiserIdSchema, 'ad account', 1, MAX_TARGETS_PER_BATCH),
});
export type CodeRequest = z.infer<typeof codeRequestSchema>;

const text = (max: number) => z.string().max(max).nullable();

/** What the preview said about a code left out, sent back with the batch so the skipped item keeps its reason. */
export const skipDetailSchema = z.object({
  code: z.string().max(MAX_CODE_LENGTH),
  refusal: z
    .object({ code: z.number().int().nullable(), message: z.string().max(1_000) })
    .nullable()
    .default(null),
  facts: z
    .object({
      itemId: text(64),
      handle: text(200),
      caption: text(2_500),
      thumbnailUrl: text(2_000),
      postStatus: text(64),
      authStatus: text(64),
      authStart: z.iso.datetime({ offset: true }).nullable(),
      authEnd: z.iso.datetime({ offset: true }).nullable(),
    })
    .nullable()
    .default(null),
});
export type SkipDetail = z.infer<typeof skipDetailSchema>;

/**
 * The body of `POST /api/orgs/[org]/code-batches`: `skipCodes` are kept in the batch as skipped, not
 * sent; `skipDetails` (optional) is what the preview said about them, so each keeps its reason.
 */
export const codeBatchRequestSchema = codeRequestSchema
  .extend({ skipCodes: z.array(z.string()).max(MAX_CODES_PER_BATCH).default([]), skipDetails: z.array(skipDetailSchema).max(MAX_CODES_PER_BATCH).optional() })
  .refine((body) => body.skipCodes.every((code) => body.codes.includes(code)), { message: 'skipCodes must be codes of this batch', path: ['skipCodes'] });
export type CodeBatchRequest = z.infer<typeof codeBatchRequestSchema>;

/** Idempotency-Key header: what the client made up for this batch (a UUID from the page). */
export const idempotencyKeySchema = z
  .string({ error: 'The Idempotency-Key header is required (one per batch, reused when resending it)' })
  .trim()
  .min(8, 'The Idempotency-Key header must be 8–200 characters')
  .max(200, 'The Idempotency-Key header must be 8–200 characters');
