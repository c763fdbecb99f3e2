import { NextResponse } from 'next/server';
import { createApiKey, listApiKeys, newApiKeySchema, requireSignedIn } from '@/lib/api-keys/api-keys';
import { withOrgRoute } from '@/lib/http/route';

/** The organization's API keys with their prefix, role, creator and last use (never the key). Admin+. */
export const GET = withOrgRoute(
  async ({ ctx }) => {
    requireSignedIn(ctx);
    return NextResponse.json({ apiKeys: await listApiKeys(ctx.db, { orgId: ctx.org.id }) });
  },
  { minRole: 'admin' },
);

/** Make a key `{ name, role: viewer|member|admin, expiresAt? }`; the answer carries the key, shown this once. Admin+. */
export const POST = withOrgRoute(
  async ({ ctx, body }) => {
    requireSignedIn(ctx);
    const { id, key, prefix } = await createApiKey(ctx.db, { orgId: ctx.org.id, actor: { userId: ctx.user.id, role: ctx.role }, input: body });
    return NextResponse.json({ id, key, prefix }, { status: 201 });
  },
  { minRole: 'admin', body: newApiKeySchema },
);
