import { NextResponse } from 'next/server';
import { z } from 'zod';
import { env } from '@/lib/env';
import { resolveAuthSecret } from '@/lib/auth/secret';
import { requireVerified } from '@/lib/auth/session';
import { getConnection } from '@/lib/connections/connections';
import { authorizationUrl } from '@/lib/connections/oauth';
import { getTikTokApp } from '@/lib/wiring/tiktok';
import { appOrigin } from '@/lib/http/request';
import { withOrgRoute } from '@/lib/http/route';

/** Starts "Connect TikTok": redirects the admin to TikTok's consent page (the sandbox's in demo mode). */
export const GET = withOrgRoute(
  async ({ ctx, request, query }) => {
    requireVerified(ctx.user, 'connect TikTok');
    const reconnect = query.reconnect;
    const connectionId = reconnect && z.uuid().safeParse(reconnect).success ? (await getConnection(ctx.db, { orgId: ctx.org.id, connectionId: reconnect })).id : undefined;
    const origin = appOrigin(request);
    const url = authorizationUrl(getTikTokApp(ctx.db), {
      secret: resolveAuthSecret(env),
      orgId: ctx.org.id,
      userId: ctx.user.id,
      connectionId,
      redirectUri: `${origin}/tiktok/callback`,
      origin,
    });
    return NextResponse.redirect(url, 303);
  },
  { minRole: 'admin', query: z.object({ reconnect: z.string().optional().meta({ description: 'The id of a connection to reconnect' }) }) },
);
