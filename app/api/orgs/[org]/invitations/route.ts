import { NextResponse } from 'next/server';
import { appOrigin } from '@/lib/http/request';
import { withOrgRoute } from '@/lib/http/route';
import { mailContextFor } from '@/lib/mail/account-mail';
import { invitationUrl, sendInvitationMail } from '@/lib/tenancy/invitation-mail';
import { createInvitation, listPendingInvitations, newInvitationSchema } from '@/lib/tenancy/invitations';

export const GET = withOrgRoute(async ({ ctx }) => NextResponse.json({ invitations: await listPendingInvitations(ctx.db, { orgId: ctx.org.id }) }), { minRole: 'admin' });

/** Invite by email with a role: the invitee is e-mailed the link (valid 7 days); the answer carries it too. */
export const POST = withOrgRoute(
  async ({ ctx, body, request }) => {
    const mail = mailContextFor(appOrigin(request)); // before writing: no invitation without its e-mail
    const invitation = await createInvitation(ctx.db, { orgId: ctx.org.id, actor: { userId: ctx.user.id, role: ctx.role }, ...body });
    await sendInvitationMail(ctx.db, { ...body, orgName: ctx.org.name, inviter: ctx.user.name ?? ctx.user.email, token: invitation.token }, mail);
    const url = invitationUrl(mail.base, invitation.token);
    return NextResponse.json({ invitation: { id: invitation.id, email: body.email, role: body.role, expiresAt: invitation.expiresAt, url } }, { status: 201 });
  },
  { minRole: 'admin', body: newInvitationSchema, abuseLimit: 'invitation' },
);
