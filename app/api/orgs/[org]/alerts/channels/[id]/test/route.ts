import { NextResponse } from 'next/server';
import { alertEnvironment } from '@/lib/alerts/environment';
import { channelIdParam } from '@/lib/alerts/queries';
import { sendTestAlert } from '@/lib/alerts/run';
import { withOrgRoute } from '@/lib/http/route';

/** "Send test": the current digest, marked as a test, to this channel now; answers with how delivery went. */
export const POST = withOrgRoute<{ org: string; id: string }>(
  async ({ ctx, params }) => {
    const delivery = await sendTestAlert(ctx.db, alertEnvironment(), { orgId: ctx.org.id, channelId: channelIdParam(params.id), actorId: ctx.user.id });
    const { id, kind, transport, recipient, subject, status, attempts, lastError, sentAt } = delivery;
    return NextResponse.json({ delivery: { id, kind, transport, recipient, subject, status, attempts, lastError, sentAt } });
  },
  { minRole: 'admin', abuseLimit: 'alert-test' },
);
