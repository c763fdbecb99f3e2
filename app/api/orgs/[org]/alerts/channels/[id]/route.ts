import { NextResponse } from 'next/server';
import { removeChannel } from '@/lib/alerts/channels';
import { channelIdParam } from '@/lib/alerts/queries';
import { withOrgRoute } from '@/lib/http/route';

export const DELETE = withOrgRoute<{ org: string; id: string }>(
  async ({ ctx, params }) => {
    await removeChannel(ctx.db, { orgId: ctx.org.id, actorId: ctx.user.id, channelId: channelIdParam(params.id) });
    return NextResponse.json({ ok: true });
  },
  { minRole: 'admin' },
);
