import { formatDateTime } from '@/lib/dates';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { PASSWORD_HINT } from '@/lib/auth/password-hint';
import { currentUser, sessionCookie } from '@/lib/auth/session';
import { listSessions } from '@/lib/auth/sessions';
import { ActionForm } from '@/components/action-form';
import { changeEmailAction, changePasswordAction, endSessionAction, renameAction, resendVerificationAction, signOutEverywhereAction } from './actions';

export const metadata: Metadata = { title: 'Your profile' };

export default async function AccountPage() {
  const user = await currentUser();
  const cookie = await sessionCookie();
  if (!user || !cookie) redirect('/sign-in?callbackUrl=/account');
  const sessions = await listSessions(await getDb(), { userId: user.id });
  return (
    <div className="space-y-4">
      <Card className="p-6">
        <div className="flex items-center justify-between gap-3">
          <h1 className="text-xl font-semibold tracking-tight">Your profile</h1>
          <Link href="/" className="text-sm font-medium text-slate-600 hover:text-slate-900">
            Back to Sparkcheck
          </Link>
        </div>
        <div className="mt-5">
          <ActionForm action={renameAction} submit="Save name" pending="Saving…">
            <Field label="Name" htmlFor="name">
              <Input id="name" name="name" defaultValue={user.name ?? ''} autoComplete="name" required />
            </Field>
          </ActionForm>
        </div>
      </Card>

      <Card className="p-6">
        <h2 className="text-sm font-semibold text-slate-900">E-mail address</h2>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          {user.email}
          {user.emailVerified ? <Badge tone="green">Confirmed</Badge> : <Badge tone="amber">Not confirmed</Badge>}
        </p>
        {user.emailVerified ? null : (
          <div className="mt-3">
            <p className="mb-3 text-sm text-slate-500">Until you confirm it you cannot accept invitations or connect TikTok.</p>
            <ActionForm action={resendVerificationAction} submit="Send a new confirmation link" pending="Sending…" variant="secondary" />
          </div>
        )}
        <div className="mt-5">
          <ActionForm action={changeEmailAction} submit="Change e-mail" pending="Sending…" variant="secondary">
            <Field label="New e-mail address" htmlFor="new-email" hint="We e-mail it a link; the address changes when the link is opened.">
              <Input id="new-email" name="email" type="email" autoComplete="email" required />
            </Field>
          </ActionForm>
        </div>
      </Card>

      <Card className="p-6">
        <h2 className="text-sm font-semibold text-slate-900">Password</h2>
        <div className="mt-3">
          <ActionForm action={changePasswordAction} submit="Change password" pending="Saving…" variant="secondary">
            <Field label="Current password" htmlFor="current">
              <Input id="current" name="current" type="password" autoComplete="current-password" required />
            </Field>
            <Field label="New password" htmlFor="password" hint={`${PASSWORD_HINT} Other sessions are signed out.`}>
              <Input id="password" name="password" type="password" autoComplete="new-password" required />
            </Field>
          </ActionForm>
        </div>
      </Card>

      <Card className="p-6">
        <h2 className="text-sm font-semibold text-slate-900">Sessions</h2>
        <p className="mt-1 text-sm text-slate-500">Browsers signed in to your account. Signing one out takes effect on its next click.</p>
        <ul className="mt-4 divide-y divide-slate-100" data-testid="sessions">
          {sessions.map((s) => (
            <li key={s.sid} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
              <div className="min-w-0">
                <p className="truncate text-slate-900">{s.userAgent ?? 'Unknown browser'}</p>
                <p className="text-xs text-slate-500">
                  Signed in {formatDateTime(s.createdAt)} from {s.ip ?? 'an unknown address'}
                  {s.sid === cookie.sid ? ' · this browser' : ''}
                </p>
              </div>
              {s.sid === cookie.sid ? null : <ActionForm action={endSessionAction} submit="Sign out" pending="Signing out…" variant="secondary" hidden={{ sid: s.sid }} />}
            </li>
          ))}
        </ul>
        <div className="mt-4">
          <ActionForm action={signOutEverywhereAction} submit="Sign out everywhere" pending="Signing out…" variant="danger" />
        </div>
      </Card>
    </div>
  );
}
