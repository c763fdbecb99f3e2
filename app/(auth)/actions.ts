'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import type { FormState } from '@/components/action-form';
import { enforceAbuseLimit } from '@/lib/abuse/limits';
import { signUpFromForm } from '@/lib/tenancy/sign-up';
import { requestPasswordReset, resetPassword, verifyEmail } from '@/lib/auth/accounts';
import { endCurrentSession, requireUser } from '@/lib/auth/session';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { AppError, ValidationError } from '@/lib/errors';
import { clientIp } from '@/lib/http/request';
import { safeCallbackPath } from '@/lib/safe-url';
import { emailSchema, acceptInvitation } from '@/lib/tenancy/invitations';
import { currentMailContext, requestIp } from './mail-context';

export type { FormState };

const SECRET_FIELDS = new Set(['password', 'current', 'token']);

function typedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form) if (!SECRET_FIELDS.has(key) && typeof value === 'string') values[key] = value;
  return values;
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
    await signInWithPassword(email, password, await requestIp());
  } catch (error) {
    return toFormState(error, form);
  }
  // Only same-site paths: an open redirect after sign-in would be a phishing aid.
  redirect(safeCallbackPath(form.get('callbackUrl')));
}

export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const invite = String(form.get('invite') ?? '');
  let destination: string;
  try {
    const raw = Object.fromEntries(form);
    const db = await getDb();
    await enforceAbuseLimit(db, 'signup', { ip: clientIp(await headers()) });
    const outcome = await signUpFromForm(db, raw, { mail: await currentMailContext(), invite: invite || undefined });
    if (outcome.joined) {
      await signInWithPassword(outcome.joined.email, String(raw.password), await requestIp());
      destination = `/o/${outcome.joined.orgSlug}`;
    } else {
      // The same answer whether the address was free or taken (its owner was e-mailed).
      const email = String(raw.email ?? '').trim();
      const back = invite ? `&callbackUrl=${encodeURIComponent(`/invite/${invite}`)}` : '';
      destination = `/sign-in?notice=check-email&email=${encodeURIComponent(email)}${back}`;
    }
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

const FORGOT_PASSWORD_NOTICE = 'If an account uses that address, we e-mailed it a link to choose a new password. The link works for 30 minutes.';

export async function forgotPasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const email = emailSchema.safeParse(form.get('email'));
  if (!email.success) return { error: email.error.issues[0]!.message, fields: { email: [email.error.issues[0]!.message] }, values: typedValues(form) };
  try {
    await requestPasswordReset(await getDb(), { email: email.data, ...(await currentMailContext()) });
  } catch (error) {
    return toFormState(error, form);
  }
  return { notice: FORGOT_PASSWORD_NOTICE };
}

export async function resetPasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  let email: string;
  try {
    ({ email } = await resetPassword(await getDb(), { token: String(form.get('token') ?? ''), password: form.get('password') }));
  } catch (error) {
    return toFormState(error, form);
  }
  redirect(`/sign-in?notice=password-reset&email=${encodeURIComponent(email)}`);
}

export async function verifyEmailAction(_prev: FormState, form: FormData): Promise<FormState> {
  let email: string;
  try {
    ({ email } = await verifyEmail(await getDb(), { token: String(form.get('token') ?? '') }));
  } catch (error) {
    return toFormState(error, form);
  }
  return { notice: `${email} is confirmed.` };
}
