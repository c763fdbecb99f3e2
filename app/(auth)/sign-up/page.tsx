import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ invite?: string; email?: string }> }) {
  const { invite, email } = await searchParams;
  return (
    <Card className="p-8">
      <h1 className="text-xl font-semibold tracking-tight">Create your account</h1>
      <p className="mt-1 text-sm text-slate-500">{invite ? 'Create an account to accept your invitation.' : 'Your account comes with a workspace for your brand or agency.'}</p>
      <div className="mt-6">
        <SignUpForm invite={invite ?? ''} defaultEmail={email ?? ''} />
      </div>
      <p className="mt-6 text-center text-sm text-slate-500">
        Already have an account?{' '}
        <Link href={invite ? `/sign-in?callbackUrl=${encodeURIComponent(`/invite/${invite}`)}` : '/sign-in'} className="font-medium text-slate-900 underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </Card>
  );
}
