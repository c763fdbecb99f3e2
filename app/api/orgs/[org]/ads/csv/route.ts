import { adsCsv } from '@/lib/health/ads-csv';
import { listAdsForExport, parseAdsListQuery } from '@/lib/health/queries';
import { withOrgRoute } from '@/lib/http/route';

/** The ads list with the filters of `/o/<org>/ads` as CSV: every matching ad, not one page (a bad filter is a 422 naming it). */
export const GET = withOrgRoute(async ({ request, ctx }) => {
  const query = parseAdsListQuery(request.nextUrl.searchParams);
  const rows = await listAdsForExport(ctx.db, { orgId: ctx.org.id, query });
  return new Response(adsCsv(rows), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${ctx.org.slug}-ads-${new Date().toISOString().slice(0, 10)}.csv"` },
  });
});
