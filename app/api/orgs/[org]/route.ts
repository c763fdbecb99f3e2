import { NextResponse } from 'next/server';
import { withOrgRoute } from '@/lib/http/route';

export const GET = withOrgRoute(async ({ ctx }) => NextResponse.json({ organization: { ...ctx.org, role: ctx.role } }));
