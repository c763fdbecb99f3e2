import { NextResponse } from 'next/server';
import { appOrigin } from '@/lib/http/request';
import { withOrgRoute } from '@/lib/http/route';
import { createInvitation, listPendingInvitations, newInvitationSchema } from '@/lib/tenancy/invitations';

export const GET = withOrgRoute(
  async ({ ctx }) => NextResponse.json({ invitations: await listPendingInvitations(ctx.db, { orgId: ctx.org.id }) }),
  { minRole: 'admin' },
);

/** Invite by email with a role; the answer carries the link (valid 7 days) to send to the invitee. */
export const POST = withOrgRoute(
  async ({ ctx, body, request }) => {
    const invitation = await createInvitation(ctx.db, { orgId: ctx.org.id, actor: { userId: ctx.user.id, role: ctx.role }, ...body });
    const url = new URL(`/invite/${invitation.token}`, appOrigin(request)).toString();
    return NextResponse.json({ invitation: { id: invitation.id, email: body.email, role: body.role, expiresAt: invitation.expiresAt, url } }, { status: 201 });
  },
  { minRole: 'admin', body: newInvitationSchema, abuseLimit: 'invitation' },
);
