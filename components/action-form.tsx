'use client';

import { useActionState, type ReactNode } from 'react';
import { Button, type ButtonVariant } from '@/components/ui/button';
import { FormError, FormNotice } from '@/components/ui/field';

/** What a form action answers: the error or a notice, per-field messages, and what was typed (never a password) so nothing is lost. */
export type FormState = { error?: string; notice?: string; fields?: Record<string, string[]>; values?: Record<string, string> } | undefined;

/**
 * A form posting to a server action, with its error or notice above the fields. `hidden`: values
 * the action needs (a token). After a notice the fields stay, so the user can act again.
 */
export function ActionForm({
  action,
  submit,
  pending: pendingLabel,
  hidden = {},
  variant = 'primary',
  children,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  submit: string;
  pending: string;
  hidden?: Record<string, string>;
  variant?: ButtonVariant;
  children?: ReactNode;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, undefined);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormError message={state?.error} />
      <FormNotice message={state?.notice} />
      {children}
      <Button type="submit" variant={variant} disabled={pending}>
        {pending ? pendingLabel : submit}
      </Button>
    </form>
  );
}
