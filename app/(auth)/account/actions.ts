'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { changePassword, renameUser, requestEmailChange, sendVerificationMail } from '@/lib/auth/accounts';
import { endAllSessions, requireUser, sessionCookie } from '@/lib/auth/session';
import { endSession } from '@/lib/auth/sessions';
import { AppError, UnauthenticatedError, ValidationError } from '@/lib/errors';
import { emailSchema } from '@/lib/tenancy/invitations';
import type { FormState } from '../actions';
import { currentMailContext } from '../mail-context';

async function run(work: () => Promise<string>): Promise<FormState> {
  try {
    return { notice: await work() };
  } catch (error) {
    if (error instanceof UnauthenticatedError) redirect('/sign-in?callbackUrl=/account');
    if (error instanceof ValidationError) return { error: error.message, fields: error.fieldErrors };
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}

export async function renameAction(_prev: FormState, form: FormData): Promise<FormState> {
  return run(async () => {
    const user = await requireUser();
    await renameUser(await getDb(), { userId: user.id, name: form.get('name') });
    return 'Your name is saved.';
  });
}

export async function resendVerificationAction(): Promise<FormState> {
  return run(async () => {
    const user = await requireUser();
    if (user.emailVerified) return `${user.email} is already confirmed.`;
    await sendVerificationMail(await getDb(), user, await currentMailContext());
    return `We e-mailed a new confirmation link to ${user.email}.`;
  });
}

export async function changeEmailAction(_prev: FormState, form: FormData): Promise<FormState> {
  return run(async () => {
    const user = await requireUser();
    const email = emailSchema.safeParse(form.get('email'));
    if (!email.success) throw ValidationError.field('email', email.error.issues[0]!.message);
    await requestEmailChange(await getDb(), { userId: user.id, email: email.data, ...(await currentMailContext()) });
    return `We e-mailed a confirmation link to ${email.data}. Your address changes when you open it; until then it stays ${user.email}.`;
  });
}

export async function changePasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  return run(async () => {
    const user = await requireUser();
    const cookie = await sessionCookie();
    if (!cookie) throw new UnauthenticatedError();
    await changePassword(await getDb(), { userId: user.id, current: String(form.get('current') ?? ''), password: form.get('password'), keepSid: cookie.sid });
    return 'Your password is changed. Every other session was signed out.';
  });
}

export async function endSessionAction(_prev: FormState, form: FormData): Promise<FormState> {
  return run(async () => {
    const user = await requireUser();
    const ended = await endSession(await getDb(), { sid: String(form.get('sid') ?? ''), userId: user.id });
    return ended ? 'That session is signed out.' : 'That session had already ended.';
  });
}

export async function signOutEverywhereAction(): Promise<FormState> {
  await endAllSessions();
  redirect('/sign-in');
}
