import { NextResponse } from 'next/server';
import { getJobQueue } from '@/lib/wiring/jobs';
import { requestOrgSync } from '@/lib/jobs/sync-requests';
import { withOrgRoute } from '@/lib/http/route';

/** "Sync now": starts a sync of every active connection; while one runs, returns the running one. */
export const POST = withOrgRoute(
  async ({ ctx }) => {
    const queue = await getJobQueue();
    const runs = await requestOrgSync(ctx.db, queue.enqueue, { orgId: ctx.org.id, trigger: 'manual', requestedBy: ctx.user.id });
    return NextResponse.json({ runId: runs[0]!.id, runs: runs.map((r) => ({ id: r.id, connectionId: r.connectionId, status: r.status })) }, { status: 202 });
  },
  { minRole: 'member' },
);
