import { NextResponse } from 'next/server';
import { withOrgRoute } from '@/lib/http/route';
import { listParam } from '@/lib/permissions/search-params';
import { compareTeamMembers } from '@/lib/permissions/team';

/** `?members=ID,ID[,…]` (or repeated `members=`): 2–5 members side by side, with a sentence per difference. */
export const GET = withOrgRoute(async ({ request, ctx }) => {
  const result = await compareTeamMembers(ctx.db, { orgId: ctx.org.id, ids: listParam(request.nextUrl.searchParams.getAll('members')) });
  return NextResponse.json(result);
});
