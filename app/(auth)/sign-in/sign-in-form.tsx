'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input } from '@/components/ui/field';
import { signInAction, type FormState } from '../actions';

export function SignInForm({ callbackUrl, defaultEmail }: { callbackUrl: string; defaultEmail: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, undefined);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state?.error} />
      <Field label="Email" htmlFor="email" error={state?.fields?.email?.[0]}>
        <Input id="email" name="email" type="email" autoComplete="email" defaultValue={state?.values?.email ?? defaultEmail} required />
      </Field>
      <Field label="Password" htmlFor="password" error={state?.fields?.password?.[0]}>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
