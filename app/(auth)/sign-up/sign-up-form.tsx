'use client';

import { useActionState } from 'react';
import { PASSWORD_HINT } from '@/lib/auth/password-hint';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input, Select } from '@/components/ui/field';
import { signUpAction, type FormState } from '../actions';

export function SignUpForm({ invite, defaultEmail }: { invite: string; defaultEmail: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signUpAction, undefined);
  const err = (field: string) => state?.fields?.[field]?.[0];
  const typed = (field: string) => state?.values?.[field];
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="invite" value={invite} />
      <FormError message={state?.error} />
      <Field label="Your name" htmlFor="name" error={err('name')}>
        <Input id="name" name="name" autoComplete="name" defaultValue={typed('name')} required />
      </Field>
      <Field label="Work email" htmlFor="email" error={err('email')}>
        <Input id="email" name="email" type="email" autoComplete="email" defaultValue={typed('email') ?? defaultEmail} readOnly={Boolean(invite && defaultEmail)} required />
      </Field>
      <Field label="Password" htmlFor="password" error={err('password')} hint={PASSWORD_HINT}>
        <Input id="password" name="password" type="password" autoComplete="new-password" required />
      </Field>
      {invite ? null : (
        <div className="space-y-4 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
          <Field label="Organization name" htmlFor="orgName" error={err('orgName')} hint="Your brand or agency, as your team knows it.">
            <Input id="orgName" name="orgName" defaultValue={typed('orgName')} required />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Kind" htmlFor="orgKind" error={err('orgKind')}>
              <Select id="orgKind" name="orgKind" defaultValue={typed('orgKind') ?? 'brand'}>
                <option value="brand">Brand</option>
                <option value="agency">Agency</option>
              </Select>
            </Field>
            <Field label="URL slug (optional)" htmlFor="orgSlug" error={err('orgSlug')}>
              <Input id="orgSlug" name="orgSlug" placeholder="from the name" defaultValue={typed('orgSlug')} />
            </Field>
          </div>
        </div>
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Creating your account…' : 'Create account'}
      </Button>
    </form>
  );
}
