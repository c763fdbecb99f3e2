import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { DEMO_EMAIL, DEMO_PASSWORD } from '@/lib/demo/credentials';
import { Card } from '@/components/ui/card';
import { FormNotice } from '@/components/ui/field';
import { CHECK_EMAIL_MESSAGE } from '@/lib/tenancy/sign-up';
import { isDemoMode } from '@/lib/env';
import { safeCallbackPath } from '@/lib/safe-url';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

const NOTICES: Record<string, string> = {
  'check-email': CHECK_EMAIL_MESSAGE,
  'password-reset': 'Your password is changed and every session was signed out. Sign in with the new password.',
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; email?: string; notice?: string }> }) {
  await connection();
  const { callbackUrl, email, notice } = await searchParams;
  const demo = isDemoMode();
  return (
    <>
      <Card className="p-8">
        <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
        <p className="mt-1 text-sm text-slate-500">Welcome back. Use the email and password of your Sparkcheck account.</p>
        <div className="mt-6 space-y-4">
          <FormNotice message={notice ? NOTICES[notice] : undefined} />
          <SignInForm callbackUrl={safeCallbackPath(callbackUrl)} defaultEmail={email ?? ''} />
        </div>
        <p className="mt-4 text-right text-sm">
          <Link href={`/forgot-password${email ? `?email=${encodeURIComponent(email)}` : ''}`} className="font-medium text-slate-700 underline-offset-4 hover:underline">
            Forgot password?
          </Link>
        </p>
        <p className="mt-6 text-center text-sm text-slate-500">
          New to Sparkcheck?{' '}
          <Link href="/sign-up" className="font-medium text-slate-900 underline-offset-4 hover:underline">
            Create an account
          </Link>
        </p>
      </Card>
      {demo ? (
        <div data-testid="demo-login" className="mt-4 rounded-xl bg-amber-50 px-5 py-4 text-sm text-amber-900 ring-1 ring-amber-200">
          <p className="font-medium">Demo mode</p>
          <p className="mt-1">
            Sign in as <code className="rounded bg-white/70 px-1 py-0.5">{DEMO_EMAIL}</code> with password <code className="rounded bg-white/70 px-1 py-0.5">{DEMO_PASSWORD}</code> to explore the demo
            organization.
          </p>
        </div>
      ) : null}
    </>
  );
}
