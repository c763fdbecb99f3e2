import { NextResponse } from 'next/server';
import { revokeApiKey } from '@/lib/api-keys/api-keys';
import { withOrgRoute } from '@/lib/http/route';

/** Revoke a key: it is refused (401) from its next request on. Admin+. */
export const DELETE = withOrgRoute<{ org: string; id: string }>(
  async ({ ctx, params }) => {
    await revokeApiKey(ctx.db, { orgId: ctx.org.id, actor: { userId: ctx.user.id, role: ctx.role }, keyId: params.id, viaApiKey: ctx.apiKey !== undefined });
    return NextResponse.json({ ok: true });
  },
  { minRole: 'admin' },
);
