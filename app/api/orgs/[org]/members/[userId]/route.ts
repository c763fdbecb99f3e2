import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withOrgRoute } from '@/lib/http/route';
import { changeMemberRole, removeMember } from '@/lib/tenancy/members';
import { roleSchema } from '@/lib/tenancy/roles';

/** Change a member's role (admin+; owner roles only by owners; never the last owner). */
export const PATCH = withOrgRoute<{ org: string; userId: string }, z.ZodObject<{ role: typeof roleSchema }>>(
  async ({ ctx, params, body }) => {
    await changeMemberRole(ctx.db, { orgId: ctx.org.id, actor: { userId: ctx.user.id, role: ctx.role }, userId: params.userId, role: body.role });
    return NextResponse.json({ ok: true });
  },
  { minRole: 'admin', body: z.object({ role: roleSchema }) },
);

/** Remove a member (admin+), or leave (your own id, any role). */
export const DELETE = withOrgRoute<{ org: string; userId: string }>(async ({ ctx, params }) => {
  await removeMember(ctx.db, { orgId: ctx.org.id, actor: { userId: ctx.user.id, role: ctx.role }, userId: params.userId });
  return NextResponse.json({ ok: true });
});
