import { NextResponse } from 'next/server';
import { withOrgRoute } from '@/lib/http/route';
import { revokeRenewalRequest } from '@/lib/renewals/renewals';

/** Revokes an open renewal link: the creator's page stops taking codes at once. */
export const POST = withOrgRoute<{ org: string; id: string }>(
  async ({ ctx, params }) => {
    await revokeRenewalRequest(ctx.db, { orgId: ctx.org.id, id: params.id, actorId: ctx.user.id });
    return NextResponse.json({ revoked: true });
  },
  { minRole: 'member' },
);
