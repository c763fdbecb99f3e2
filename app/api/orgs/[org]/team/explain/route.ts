import { NextResponse } from 'next/server';
import { withOrgRoute } from '@/lib/http/route';
import { explainTeamPost } from '@/lib/permissions/team';

/** `?member=ID&post=ITEM_ID[&advertiser=ID]`: can the member use the post, or the first missing link and its fix. */
export const GET = withOrgRoute(async ({ request, ctx }) => {
  const q = request.nextUrl.searchParams;
  const result = await explainTeamPost(ctx.db, { orgId: ctx.org.id, member: q.get('member') ?? '', post: q.get('post') ?? '', advertiserId: q.get('advertiser') || undefined, now: new Date() });
  return NextResponse.json(result);
});
