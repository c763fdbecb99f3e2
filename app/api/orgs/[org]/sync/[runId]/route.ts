import { NextResponse } from 'next/server';
import { z } from 'zod';
import { NotFoundError } from '@/lib/errors';
import { withOrgRoute } from '@/lib/http/route';
import { getSyncRun } from '@/lib/sync';

/** A sync run's progress, counters and errors (what the progress bar polls). */
export const GET = withOrgRoute<{ org: string; runId: string }>(async ({ ctx, params }) => {
  if (!z.uuid().safeParse(params.runId).success) throw new NotFoundError('No such sync run');
  const run = await getSyncRun(ctx.db, { orgId: ctx.org.id, runId: params.runId });
  if (!run) throw new NotFoundError('No such sync run');
  return NextResponse.json({ run });
});
