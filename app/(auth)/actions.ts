'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { endCurrentSession, requireUser } from '@/lib/auth/session';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { registerUser } from '@/lib/auth/sign-up';
import { AppError, ValidationError } from '@/lib/errors';
import { acceptInvitation } from '@/lib/tenancy/invitations';

/** What a form action answers: the error, per-field messages, and what was typed (never the password) so nothing is lost. */
export type FormState = { error?: string; fields?: Record<string, string[]>; values?: Record<string, string> } | undefined;

function typedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form) if (key !== 'password' && typeof value === 'string') values[key] = value;
  return values;
}

/** Only same-site paths: an open redirect after sign-in would be a phishing aid. */
function safeCallback(value: FormDataEntryValue | null): string {
  const v = typeof value === 'string' ? value : '';
  return v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/\\') ? v : '/';
}

function toFormState(error: unknown, form: FormData): FormState {
  const values = typedValues(form);
  if (error instanceof ValidationError) return { error: error.message, fields: error.fieldErrors, values };
  if (error instanceof AppError) return { error: error.message, values };
  throw error;
}

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const email = String(form.get('email') ?? '').trim();
  const password = String(form.get('password') ?? '');
  if (!email) return { error: 'Enter your email address', fields: { email: ['Enter your email address'] }, values: typedValues(form) };
  if (!password) return { error: 'Enter your password', fields: { password: ['Enter your password'] }, values: typedValues(form) };
  try {
    await signInWithPassword(email, password);
  } catch (error) {
    return toFormState(error, form);
  }
  redirect(safeCallback(form.get('callbackUrl')));
}

export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const invite = String(form.get('invite') ?? '');
  let destination: string;
  try {
    const raw = Object.fromEntries(form);
    const { user, organization } = await registerUser(await getDb(), { ...raw, invited: invite !== '' });
    await signInWithPassword(user.email, String(raw.password));
    destination = invite ? `/invite/${encodeURIComponent(invite)}` : `/o/${organization?.slug ?? ''}`;
  } catch (error) {
    return toFormState(error, form);
  }
  redirect(destination);
}

export async function acceptInvitationAction(_prev: FormState, form: FormData): Promise<FormState> {
  let slug: string;
  try {
    const user = await requireUser();
    ({ orgSlug: slug } = await acceptInvitation(await getDb(), { token: String(form.get('token') ?? ''), user }));
  } catch (error) {
    return toFormState(error, form);
  }
  redirect(`/o/${slug}`);
}

export async function signOutAction(): Promise<void> {
  await endCurrentSession();
  redirect('/sign-in');
}
