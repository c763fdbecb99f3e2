import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/session';
import { withRoute } from '@/lib/http/route';
import { acceptInvitation } from '@/lib/tenancy/invitations';

/** Accept an invitation as the signed-in user (whose email must be the invited one). */
export const POST = withRoute<{ token: string }>(async ({ params }) => {
  const user = await requireUser();
  const result = await acceptInvitation(await getDb(), { token: params.token, user });
  return NextResponse.json(result);
});
