import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withOrgRoute } from '@/lib/http/route';
import { NotFoundError } from '@/lib/errors';
import { revokeInvitation } from '@/lib/tenancy/invitations';

export const DELETE = withOrgRoute<{ org: string; id: string }>(
  async ({ ctx, params }) => {
    if (!z.uuid().safeParse(params.id).success) throw new NotFoundError('No pending invitation with that id');
    await revokeInvitation(ctx.db, { orgId: ctx.org.id, actor: { userId: ctx.user.id, role: ctx.role }, invitationId: params.id });
    return NextResponse.json({ ok: true });
  },
  { minRole: 'admin' },
);
