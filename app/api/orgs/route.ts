import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { enforceAbuseLimit } from '@/lib/abuse/limits';
import { requireUser } from '@/lib/auth/session';
import { withRoute } from '@/lib/http/route';
import { createOrganization, listUserOrganizations, newOrganizationSchema } from '@/lib/tenancy/organizations';

/** The organizations the signed-in user belongs to, with their role in each. */
export const GET = withRoute(async () => {
  const user = await requireUser();
  return NextResponse.json({ organizations: await listUserOrganizations(await getDb(), user.id) });
});

/** Create another organization; the creator is its owner. */
export const POST = withRoute(
  async ({ body }) => {
    const user = await requireUser();
    const db = await getDb();
    await enforceAbuseLimit(db, 'organization-create', { user: user.id });
    const organization = await db.transaction((tx) => createOrganization(tx, { ...body, ownerId: user.id }));
    return NextResponse.json({ organization }, { status: 201 });
  },
  { body: newOrganizationSchema },
);
