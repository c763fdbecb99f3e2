import { NextResponse } from 'next/server';
import { z } from 'zod';
import { NotFoundError } from '@/lib/errors';
import { withOrgRoute } from '@/lib/http/route';
import { getAdDetail } from '@/lib/health/ad-detail';
import { buildSupportPacket, supportPacketMarkdown } from '@/lib/health/support-packet';

const formatSchema = z.object({ format: z.enum(['json', 'md'], { error: 'must be json or md' }).default('json') });

/** The support packet of one ad as a download: `?format=json` (default) or `?format=md`. */
export const GET = withOrgRoute<{ org: string; adId: string }, undefined, typeof formatSchema>(
  async ({ ctx, params, query }) => {
    const detail = await getAdDetail(ctx.db, { orgId: ctx.org.id, adId: params.adId });
    if (!detail) throw new NotFoundError('No such ad');
    if (!detail.snapshot) throw new NotFoundError('The ad is no longer in the synced data; sync again to build its support packet');
    const packet = buildSupportPacket({ organization: ctx.org.name, snapshot: detail.snapshot, health: detail.health, generatedAt: new Date(), timeZone: ctx.org.timeZone });
    const name = `sparkcheck-ad-${detail.health.adId.replace(/[^0-9A-Za-z_-]/g, '_')}-support-packet.${query.format}`;
    const headers = { 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' };
    if (query.format === 'md') return new NextResponse(supportPacketMarkdown(packet), { headers: { ...headers, 'Content-Type': 'text/markdown; charset=utf-8' } });
    return NextResponse.json(packet, { headers });
  },
  { query: formatSchema, queryName: 'format' },
);
