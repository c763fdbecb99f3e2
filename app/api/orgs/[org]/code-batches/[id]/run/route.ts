import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getCodeBatch } from '@/lib/codes/queries';
import { NotFoundError } from '@/lib/errors';
import { withOrgRoute } from '@/lib/http/route';
import { getJobQueue } from '@/lib/wiring/jobs';

/**
 * "Retry failed" (`retryFailed: true`: only failed items are sent again) or "Resume" (items a dead
 * process left open). A run already working on the batch makes this a no-op, so a double click is safe.
 */
export const POST = withOrgRoute<{ org: string; id: string }, z.ZodType<{ retryFailed: boolean }>>(
  async ({ ctx, params, body }) => {
    const batch = await getCodeBatch(ctx.db, { orgId: ctx.org.id, batchId: params.id });
    if (!batch) throw new NotFoundError('No such batch');
    await (await getJobQueue()).enqueueCodeBatch({ orgId: ctx.org.id, batchId: batch.id, actorId: ctx.user.id, retryFailed: body.retryFailed });
    return NextResponse.json({ batch }, { status: 202 });
  },
  { minRole: 'member', body: z.object({ retryFailed: z.boolean().default(false) }) },
);
