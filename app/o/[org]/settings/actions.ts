'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { FormState } from '@/app/(auth)/actions';
import { AppError, ValidationError } from '@/lib/errors';
import { requireMembership } from '@/lib/tenancy/membership';
import { renameOrganization } from '@/lib/tenancy/organizations';
import { deleteOrganization } from '@/lib/tenancy/org-deletion';
import { getJobQueue } from '@/lib/wiring/jobs';

export async function renameOrganizationAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const ctx = await requireMembership(String(form.get('org') ?? ''), 'owner');
    const name = await renameOrganization(ctx.db, { orgId: ctx.org.id, actor: { userId: ctx.user.id, role: ctx.role }, name: form.get('name') });
    revalidatePath(`/o/${ctx.org.slug}`, 'layout');
    return { notice: `The organization is now called ${name}.` };
  } catch (error) {
    if (error instanceof ValidationError) return { error: error.message, fields: error.fieldErrors };
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}

/** Owners delete the organization after typing its name; its data is then removed by a job. */
export async function deleteOrganizationAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const ctx = await requireMembership(String(form.get('org') ?? ''), 'owner');
    await deleteOrganization(ctx.db, { orgId: ctx.org.id, actor: { userId: ctx.user.id, role: ctx.role }, confirmName: form.get('confirmName') });
    await (await getJobQueue()).purgeOrganization(ctx.org.id);
  } catch (error) {
    if (error instanceof ValidationError) return { error: error.message, fields: error.fieldErrors };
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  redirect('/');
}
