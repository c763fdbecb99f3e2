import { NextResponse } from 'next/server';
import { listChannels } from '@/lib/alerts/channels';
import { alertSettingsSchema, getAlertSettings, updateAlertSettings } from '@/lib/alerts/settings';
import { withOrgRoute } from '@/lib/http/route';

/** Alert settings and channels (admin+). Slack webhooks appear only as hints. */
export const GET = withOrgRoute(
  async ({ ctx }) => {
    const [settings, channels] = await Promise.all([getAlertSettings(ctx.db, { orgId: ctx.org.id }), listChannels(ctx.db, { orgId: ctx.org.id })]);
    return NextResponse.json({ settings, channels });
  },
  { minRole: 'admin' },
);

/** Change any of: expiry window, daily digest (and its UTC hour), immediate blocking alerts. */
export const PATCH = withOrgRoute(
  async ({ ctx, body }) => {
    const settings = await updateAlertSettings(ctx.db, { orgId: ctx.org.id, actorId: ctx.user.id, input: body });
    return NextResponse.json({ settings });
  },
  { minRole: 'admin', body: alertSettingsSchema },
);
