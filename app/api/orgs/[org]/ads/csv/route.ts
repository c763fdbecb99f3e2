import { adsCsv } from '@/lib/health/ads-csv';
import { isoDay } from '@/lib/dates';
import { listAdsForExport, adsListQuerySchema } from '@/lib/health/queries';
import { withOrgRoute } from '@/lib/http/route';

/** The ads list with the filters of `/o/<org>/ads` as CSV: every matching ad, not one page (a bad filter is a 422 naming it). */
export const GET = withOrgRoute(
  async ({ ctx, query }) => {
    const rows = await listAdsForExport(ctx.db, { orgId: ctx.org.id, query });
    return new Response(adsCsv(rows, ctx.org.timeZone), {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${ctx.org.slug}-ads-${isoDay(new Date(), ctx.org.timeZone)}.csv"` },
    });
  },
  { query: adsListQuerySchema, queryName: 'filter' },
);
