import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { ActionForm } from '@/components/action-form';
import { forgotPasswordAction } from '../actions';

export const metadata: Metadata = { title: 'Forgot password' };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams;
  return (
    <Card className="p-8">
      <h1 className="text-xl font-semibold tracking-tight">Forgot your password?</h1>
      <p className="mt-1 text-sm text-slate-500">We e-mail you a link to choose a new one. It works once, for 30 minutes.</p>
      <div className="mt-6">
        <ActionForm action={forgotPasswordAction} submit="E-mail me a link" pending="Sending…">
          <Field label="Email" htmlFor="email">
            <Input id="email" name="email" type="email" autoComplete="email" defaultValue={email ?? ''} required />
          </Field>
        </ActionForm>
      </div>
      <p className="mt-6 text-center text-sm text-slate-500">
        <Link href="/sign-in" className="font-medium text-slate-900 underline-offset-4 hover:underline">
          Back to sign in
        </Link>
      </p>
    </Card>
  );
}
