import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withOrgRoute } from '@/lib/http/route';
import { listParam } from '@/lib/permissions/search-params';
import { compareTeamMembers } from '@/lib/permissions/team';

/** `?members=ID,ID[,…]` (or repeated `members=`): 2–5 members side by side, with a sentence per difference. */
export const GET = withOrgRoute(async ({ ctx, query }) => NextResponse.json(await compareTeamMembers(ctx.db, { orgId: ctx.org.id, ids: listParam(query.members) })), {
  query: z.object({
    members: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .meta({ description: 'Member keys, TikTok user ids or e-mail addresses: comma-separated or repeated, 2 to 5' }),
  }),
});
