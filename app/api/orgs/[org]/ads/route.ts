import { NextResponse } from 'next/server';
import { withOrgRoute } from '@/lib/http/route';
import { describeFinding } from '@/lib/health/catalogue';
import { listAds, adsListQuerySchema } from '@/lib/health/queries';

/** The ads list with the filters of `/o/<org>/ads` (a bad one is a 422 naming it); findings come with their words and fixes. */
export const GET = withOrgRoute(
  async ({ ctx, query }) => {
    const { rows, ...page } = await listAds(ctx.db, { orgId: ctx.org.id, query });
    return NextResponse.json({ ...page, ads: rows.map((row) => ({ ...row, findings: row.findings.map(describeFinding) })) });
  },
  { query: adsListQuerySchema, queryName: 'filter' },
);
