import { NextResponse } from 'next/server';
import { submitCodeBatch } from '@/lib/codes/apply';
import { getCodeBatch, listCodeBatches } from '@/lib/codes/queries';
import { codeBatchRequestSchema, idempotencyKeySchema } from '@/lib/codes/schemas';
import { codesEnv } from '@/lib/codes/tiktok';
import { ValidationError } from '@/lib/errors';
import { withOrgRoute } from '@/lib/http/route';
import { getJobQueue } from '@/lib/wiring/jobs';
import { getTikTokApp } from '@/lib/wiring/tiktok';
import { pageQuerySchema } from '@/lib/query-params';

/** The organization's batches, newest first (`?page=`). */
export const GET = withOrgRoute(async ({ ctx, query }) => NextResponse.json(await listCodeBatches(ctx.db, { orgId: ctx.org.id, page: query.page })), { minRole: 'member', query: pageQuerySchema });

/**
 * Applies creator codes to ad accounts. `Idempotency-Key` (one per batch) makes a resubmission the
 * same batch: 202 when this request created it, 200 with the existing batch otherwise, 422 when the
 * key was used for a different body. A job applies the codes (resumed by itself if its process dies); poll the batch.
 */
export const POST = withOrgRoute(
  async ({ ctx, request, body }) => {
    const key = idempotencyKeySchema.safeParse(request.headers.get('idempotency-key') ?? undefined);
    if (!key.success) throw ValidationError.field('Idempotency-Key', key.error.issues[0]?.message ?? 'Invalid Idempotency-Key');
    const env = codesEnv(ctx.db, getTikTokApp(ctx.db));
    const { batchId, created } = await submitCodeBatch(ctx.db, env, { orgId: ctx.org.id, actorId: ctx.user.id, idempotencyKey: key.data, request: body, source: 'web' });
    const batch = await getCodeBatch(ctx.db, { orgId: ctx.org.id, batchId });
    // A resubmission of a batch nobody is working on (its process died) continues it.
    if (created || (batch !== null && batch.finishedAt === null && !batch.running)) await (await getJobQueue()).enqueueCodeBatch({ orgId: ctx.org.id, batchId, actorId: ctx.user.id });
    return NextResponse.json({ batch, created }, { status: created ? 202 : 200 });
  },
  { minRole: 'member', body: codeBatchRequestSchema, abuseLimit: 'code-batch' },
);
