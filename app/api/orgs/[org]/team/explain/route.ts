import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withOrgRoute } from '@/lib/http/route';
import { explainTeamPost } from '@/lib/permissions/team';

/** `?member=ID&post=ITEM_ID[&advertiser=ID]`: can the member use the post, or the first missing link and its fix. */
export const GET = withOrgRoute(
  async ({ ctx, query }) =>
    NextResponse.json(await explainTeamPost(ctx.db, { orgId: ctx.org.id, member: query.member ?? '', post: query.post ?? '', advertiserId: query.advertiser || undefined, now: new Date() })),
  {
    query: z.object({
      member: z.string().optional().meta({ description: 'Member key, TikTok user id or e-mail address' }),
      post: z.string().optional().meta({ description: 'The TikTok item ID of the post' }),
      advertiser: z.string().optional().meta({ description: 'Check on this ad account only' }),
    }),
  },
);
