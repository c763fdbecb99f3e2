import { NextResponse } from 'next/server';
import { disconnectConnection, getConnection, selectionSchema, updateConnectionSelection } from '@/lib/connections/connections';
import { withOrgRoute } from '@/lib/http/route';

type Params = { org: string; id: string };

export const GET = withOrgRoute<Params>(async ({ ctx, params }) => NextResponse.json({ connection: await getConnection(ctx.db, { orgId: ctx.org.id, connectionId: params.id }) }), {
  minRole: 'admin',
});

/** Choose which ad accounts and Business Centers this connection syncs, or rename it. */
export const PATCH = withOrgRoute<Params, typeof selectionSchema>(
  async ({ ctx, params, body }) => {
    await getConnection(ctx.db, { orgId: ctx.org.id, connectionId: params.id });
    const connection = await updateConnectionSelection(ctx.db, { orgId: ctx.org.id, connectionId: params.id, actorId: ctx.user.id, ...body });
    return NextResponse.json({ connection });
  },
  { minRole: 'admin', body: selectionSchema },
);

/** Disconnect: the token is forgotten, synced data and history stay. */
export const DELETE = withOrgRoute<Params>(
  async ({ ctx, params }) => {
    await getConnection(ctx.db, { orgId: ctx.org.id, connectionId: params.id });
    await disconnectConnection(ctx.db, { orgId: ctx.org.id, connectionId: params.id, actorId: ctx.user.id });
    return NextResponse.json({ ok: true });
  },
  { minRole: 'admin' },
);
