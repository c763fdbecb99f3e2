import { NextResponse } from 'next/server';
import { discoverAccess, listConnections, saveConnection, accessTokenInputSchema } from '@/lib/connections/connections';
import { getKeyring, tiktokClient } from '@/lib/connections/tiktok-app';
import { getTikTokApp } from '@/lib/wiring/tiktok';
import { withOrgRoute } from '@/lib/http/route';
import { requireVerified } from '@/lib/auth/session';

export const GET = withOrgRoute(async ({ ctx }) => NextResponse.json({ connections: await listConnections(ctx.db, { orgId: ctx.org.id }) }), {
  minRole: 'admin',
});

/** Connect with a long-lived Marketing API access token (self-hosters, scripts). */
export const POST = withOrgRoute(
  async ({ ctx, body }) => {
    requireVerified(ctx.user, 'connect TikTok');
    const app = getTikTokApp(ctx.db);
    const discovered = await discoverAccess(tiktokClient(app, { orgId: ctx.org.id, accessToken: body.accessToken }), app.target);
    const connection = await saveConnection(ctx.db, getKeyring(), {
      orgId: ctx.org.id,
      actorId: ctx.user.id,
      method: 'access_token',
      accessToken: body.accessToken,
      label: body.label,
      discovered,
    });
    return NextResponse.json({ connection, ...discovered }, { status: 201 });
  },
  { minRole: 'admin', body: accessTokenInputSchema },
);
