import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { ActionForm } from '@/components/action-form';
import { verifyEmailAction } from '../actions';

export const metadata: Metadata = { title: 'Confirm your e-mail address' };

// The link only shows a button: mail scanners that open links must not use up the token.
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <Card className="p-8">
      <h1 className="text-xl font-semibold tracking-tight">Confirm your e-mail address</h1>
      <p className="mt-1 text-sm text-slate-500">Confirmed accounts can accept invitations and connect TikTok.</p>
      <div className="mt-6">
        <ActionForm action={verifyEmailAction} submit="Confirm my address" pending="Confirming…" hidden={{ token: token ?? '' }} />
      </div>
      <p className="mt-6 text-center text-sm text-slate-500">
        <Link href="/" className="font-medium text-slate-900 underline-offset-4 hover:underline">
          Continue to Sparkcheck
        </Link>
      </p>
    </Card>
  );
}
