import { codeBatchCsv } from '@/lib/codes/csv';
import { isoDay } from '@/lib/dates';
import { getCodeBatch } from '@/lib/codes/queries';
import { NotFoundError } from '@/lib/errors';
import { withOrgRoute } from '@/lib/http/route';

/** The batch's results as CSV (codes masked). */
export const GET = withOrgRoute<{ org: string; id: string }>(
  async ({ ctx, params }) => {
    const batch = await getCodeBatch(ctx.db, { orgId: ctx.org.id, batchId: params.id });
    if (!batch) throw new NotFoundError('No such batch');
    return new Response(codeBatchCsv(batch, ctx.org.timeZone), {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="creator-codes-${isoDay(batch.createdAt, ctx.org.timeZone)}-${batch.id.slice(0, 8)}.csv"` },
    });
  },
  { minRole: 'member' },
);
