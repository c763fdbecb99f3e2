import { NextResponse } from 'next/server';
import { addChannel, newChannelSchema } from '@/lib/alerts/channels';
import { alertEnvironment } from '@/lib/alerts/environment';
import { withOrgRoute } from '@/lib/http/route';

/**
 * Add an e-mail recipient (`{kind: 'email', email}` or `{kind: 'member', userId}`) or a Slack
 * incoming webhook (`{kind: 'slack', url, name?}`; https on Slack's hosts only). Admin+.
 */
export const POST = withOrgRoute(
  async ({ ctx, body }) => {
    const { keyring, config } = alertEnvironment();
    const channel = await addChannel(ctx.db, { orgId: ctx.org.id, actorId: ctx.user.id, input: body, keyring, policy: config });
    return NextResponse.json({ channel }, { status: 201 });
  },
  { minRole: 'admin', body: newChannelSchema, abuseLimit: 'alert-channel' },
);
