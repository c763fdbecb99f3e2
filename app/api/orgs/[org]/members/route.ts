import { NextResponse } from 'next/server';
import { withOrgRoute } from '@/lib/http/route';
import { listMembers } from '@/lib/tenancy/members';

export const GET = withOrgRoute(async ({ ctx }) => NextResponse.json({ members: await listMembers(ctx.db, { orgId: ctx.org.id }) }));
