import { NextResponse } from 'next/server';
import { z } from 'zod';
import { NotFoundError } from '@/lib/errors';
import { withOrgRoute } from '@/lib/http/route';
import { getJobQueue } from '@/lib/wiring/jobs';
import { closeInterruptedRuns } from '@/lib/jobs/sync-requests';
import { getSyncRun } from '@/lib/sync';

/** A sync run's progress, counters and errors (what the progress bar polls). */
export const GET = withOrgRoute<{ org: string; runId: string }>(async ({ ctx, params }) => {
  if (!z.uuid().safeParse(params.runId).success) throw new NotFoundError('No such sync run');
  let run = await getSyncRun(ctx.db, { orgId: ctx.org.id, runId: params.runId });
  if (!run) throw new NotFoundError('No such sync run');
  if (run.status === 'queued' || run.status === 'running') {
    // Whoever looks next closes a run whose process died, so the bar never waits on a dead run.
    if ((await closeInterruptedRuns(ctx.db, await getJobQueue(), { orgId: ctx.org.id })).some((r) => r.id === run?.id)) {
      run = await getSyncRun(ctx.db, { orgId: ctx.org.id, runId: params.runId });
    }
  }
  return NextResponse.json({ run });
});
