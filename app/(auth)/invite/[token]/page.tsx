import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { currentUser } from '@/lib/auth/session';
import { NotFoundError } from '@/lib/errors';
import { findInvitationByToken, type InvitationView } from '@/lib/tenancy/invitations';
import { ROLE_LABELS } from '@/lib/tenancy/roles';
import { AcceptInvitationForm, SignOutButton } from './invite-forms';

export const metadata: Metadata = { title: 'Invitation' };

const CLOSED: Record<Exclude<InvitationView['state'], 'pending'>, string> = {
  accepted: 'This invitation has already been used.',
  revoked: 'This invitation was revoked. Ask an admin of the organization for a new one.',
  expired: 'This invitation has expired (links are valid for 7 days). Ask an admin of the organization for a new one.',
};

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invitation: InvitationView | null = null;
  try {
    invitation = await findInvitationByToken(await getDb(), token);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  if (!invitation) {
    return (
      <Card className="p-8">
        <h1 className="text-xl font-semibold tracking-tight">Invitation not found</h1>
        <p className="mt-2 text-sm text-slate-500">This invitation link is not valid. Check that you copied the whole link.</p>
      </Card>
    );
  }
  const user = await currentUser();
  const here = `/invite/${encodeURIComponent(token)}`;
  return (
    <Card className="p-8">
      <h1 className="text-xl font-semibold tracking-tight">Join {invitation.orgName}</h1>
      <p className="mt-2 text-sm text-slate-600">
        <strong>{invitation.email}</strong> is invited to <strong>{invitation.orgName}</strong> on Sparkcheck as <strong>{ROLE_LABELS[invitation.role]}</strong>.
      </p>
      <div className="mt-6">
        {invitation.state !== 'pending' ? (
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
            {CLOSED[invitation.state]}
          </p>
        ) : !user ? (
          <div className="flex flex-col gap-2">
            <Link className={buttonClass('primary')} href={`/sign-up?invite=${encodeURIComponent(token)}&email=${encodeURIComponent(invitation.email)}`}>
              Create an account and join
            </Link>
            <Link className={buttonClass('secondary')} href={`/sign-in?callbackUrl=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`}>
              I already have an account
            </Link>
          </div>
        ) : user.email === invitation.email ? (
          <AcceptInvitationForm token={token} />
        ) : (
          <div className="space-y-3 text-sm text-slate-600">
            <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200">
              You are signed in as {user.email}, but this invitation is for {invitation.email}.
            </p>
            <SignOutButton />
          </div>
        )}
      </div>
    </Card>
  );
}
