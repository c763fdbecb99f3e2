import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { PASSWORD_HINT } from '@/lib/auth/password-hint';
import { ActionForm } from '@/components/action-form';
import { resetPasswordAction } from '../actions';

export const metadata: Metadata = { title: 'Choose a new password' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <Card className="p-8">
      <h1 className="text-xl font-semibold tracking-tight">Choose a new password</h1>
      <p className="mt-1 text-sm text-slate-500">Setting it signs you out on every device; then sign in with the new one.</p>
      <div className="mt-6">
        <ActionForm action={resetPasswordAction} submit="Set new password" pending="Saving…" hidden={{ token: token ?? '' }}>
          <Field label="New password" htmlFor="password" hint={PASSWORD_HINT}>
            <Input id="password" name="password" type="password" autoComplete="new-password" required />
          </Field>
        </ActionForm>
      </div>
    </Card>
  );
}
