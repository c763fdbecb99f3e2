import { eq } from 'drizzle-orm';
import { NextResponse } from 'next/server';
import { organizations } from '@/db/schema';
import { withOrgRoute } from '@/lib/http/route';
import { audit } from '@/lib/audit/audit';
import { organizationSettingsSchema } from '@/lib/tenancy/organizations';

export const GET = withOrgRoute(async ({ ctx }) => NextResponse.json({ organization: { ...ctx.org, role: ctx.role } }));

/** Organization settings (admin+): the TikTok sync schedule. */
export const PATCH = withOrgRoute(
  async ({ ctx, body }) => {
    await ctx.db.transaction(async (tx) => {
      await tx.update(organizations).set(body).where(eq(organizations.id, ctx.org.id));
      await audit(tx, ctx.org.id, ctx.user.id, 'org.settings_changed', null, body);
    });
    return NextResponse.json({ ok: true, ...body });
  },
  { minRole: 'admin', body: organizationSettingsSchema },
);
