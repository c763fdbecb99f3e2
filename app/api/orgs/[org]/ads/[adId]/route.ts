import { NextResponse } from 'next/server';
import { NotFoundError } from '@/lib/errors';
import { withOrgRoute } from '@/lib/http/route';
import { describeFinding } from '@/lib/health/catalogue';
import { getAdDetail } from '@/lib/health/ad-detail';

/** One ad's stored health, its findings with fixes, and the synced world they were computed from. Another organization's ad is a 404. */
export const GET = withOrgRoute<{ org: string; adId: string }>(async ({ ctx, params }) => {
  const detail = await getAdDetail(ctx.db, { orgId: ctx.org.id, adId: params.adId });
  if (!detail) throw new NotFoundError('No such ad');
  const { findings, ...ad } = detail.health;
  return NextResponse.json({ ad, findings: findings.map(describeFinding), snapshot: detail.snapshot });
});
