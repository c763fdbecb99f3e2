import { NextResponse } from 'next/server';
import { deliveriesQuerySchema, listDeliveries } from '@/lib/alerts/queries';
import { withOrgRoute } from '@/lib/http/route';

/** The outbox and delivery log, newest first (`?status=failed` for failures only). Admin+. */
export const GET = withOrgRoute(async ({ ctx, query }) => NextResponse.json({ deliveries: await listDeliveries(ctx.db, { orgId: ctx.org.id, status: query.status }) }), {
  minRole: 'admin',
  query: deliveriesQuerySchema,
});
