import { NextResponse } from 'next/server';
import { appOrigin } from '@/lib/http/request';
import { withOrgRoute } from '@/lib/http/route';
import { createRenewalRequest, createRenewalRequestSchema, listRenewalRequests, renewalDelivery } from '@/lib/renewals/renewals';

/** The organization's renewal requests, newest first, each with its status. */
export const GET = withOrgRoute(
  async ({ ctx }) => {
    return NextResponse.json({ renewals: await listRenewalRequests(ctx.db, { orgId: ctx.org.id }) });
  },
  { minRole: 'viewer' },
);

/**
 * Creates a renewal link for a post: `{ itemId, advertiserIds?, creatorEmail? }` → `{ id, url }`.
 * The ad accounts default to those whose ads run the post; with `creatorEmail` the link is e-mailed.
 * The URL holds the only copy of the token: it is shown once.
 */
export const POST = withOrgRoute(
  async ({ ctx, request, body }) => {
    const created = await createRenewalRequest(ctx.db, ctx.org.id, { userId: ctx.user.id }, body, renewalDelivery(appOrigin(request), body.creatorEmail));
    return NextResponse.json({ id: created.id, url: created.url, expiresAt: created.expiresAt.toISOString(), advertiserIds: created.advertiserIds }, { status: 201 });
  },
  { minRole: 'member', body: createRenewalRequestSchema, abuseLimit: 'renewal-request' },
);
