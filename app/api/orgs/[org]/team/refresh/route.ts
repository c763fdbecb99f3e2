import { NextResponse } from 'next/server';
import { getJobQueue } from '@/lib/wiring/jobs';
import { requestOrgSync } from '@/lib/jobs/sync-requests';
import { withOrgRoute } from '@/lib/http/route';
import { requestPermissionRefresh } from '@/lib/sync';

/**
 * "Refresh permissions": the next sync of every connection reads members and permissions, and a
 * sync starts now (while one is queued or running, that one stays and the next reads them).
 */
export const POST = withOrgRoute(
  async ({ ctx }) => {
    await requestPermissionRefresh(ctx.db, { orgId: ctx.org.id });
    const queue = await getJobQueue();
    const runs = await requestOrgSync(ctx.db, queue.enqueue, { orgId: ctx.org.id, trigger: 'manual', requestedBy: ctx.user.id });
    return NextResponse.json({ runs: runs.map((r) => ({ id: r.id, connectionId: r.connectionId, status: r.status })) }, { status: 202 });
  },
  { minRole: 'member' },
);
