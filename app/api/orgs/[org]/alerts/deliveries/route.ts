import { NextResponse } from 'next/server';
import { deliveriesQuerySchema, listDeliveries } from '@/lib/alerts/queries';
import { ValidationError } from '@/lib/errors';
import { withOrgRoute } from '@/lib/http/route';

/** The outbox and delivery log, newest first (`?status=failed` for failures only). Admin+. */
export const GET = withOrgRoute(
  async ({ ctx, request }) => {
    const parsed = deliveriesQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'query');
    return NextResponse.json({ deliveries: await listDeliveries(ctx.db, { orgId: ctx.org.id, status: parsed.data.status }) });
  },
  { minRole: 'admin' },
);
