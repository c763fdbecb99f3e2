import { NextResponse } from 'next/server';
import { z } from 'zod';
import { runCodeBatchAfterResponse } from '@/lib/codes/background';
import { getCodeBatch } from '@/lib/codes/queries';
import { codesEnv } from '@/lib/codes/tiktok';
import { NotFoundError } from '@/lib/errors';
import { withOrgRoute } from '@/lib/http/route';
import { getTikTokApp } from '@/lib/wiring/tiktok';

/**
 * "Retry failed" (`retryFailed: true`: only failed items are sent again) or "Resume" (items a dead
 * process left open). A run already working on the batch makes this a no-op, so a double click is safe.
 */
export const POST = withOrgRoute<{ org: string; id: string }, z.ZodType<{ retryFailed: boolean }>>(
  async ({ ctx, params, body }) => {
    const batch = await getCodeBatch(ctx.db, { orgId: ctx.org.id, batchId: params.id });
    if (!batch) throw new NotFoundError('No such batch');
    runCodeBatchAfterResponse(ctx.db, codesEnv(ctx.db, getTikTokApp(ctx.db)), { orgId: ctx.org.id, batchId: batch.id, actorId: ctx.user.id, retryFailed: body.retryFailed });
    return NextResponse.json({ batch }, { status: 202 });
  },
  { minRole: 'member', body: z.object({ retryFailed: z.boolean().default(false) }) },
);
