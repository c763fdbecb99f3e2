import { NextResponse } from 'next/server';
import { getCodeBatch } from '@/lib/codes/queries';
import { NotFoundError } from '@/lib/errors';
import { withOrgRoute } from '@/lib/http/route';

/** A batch with each item's state and result (what the page polls while codes apply). */
export const GET = withOrgRoute<{ org: string; id: string }>(
  async ({ ctx, params }) => {
    const batch = await getCodeBatch(ctx.db, { orgId: ctx.org.id, batchId: params.id });
    if (!batch) throw new NotFoundError('No such batch');
    return NextResponse.json({ batch });
  },
  { minRole: 'member' },
);
