import { NextResponse } from 'next/server';
import { previewCodes } from '@/lib/codes/preview';
import { codeRequestSchema } from '@/lib/codes/schemas';
import { codesEnv } from '@/lib/codes/tiktok';
import { withOrgRoute } from '@/lib/http/route';
import { getTikTokApp } from '@/lib/wiring/tiktok';

/** Reads each code from TikTok (`tt_video/info`) with pre-flight warnings per ad account; changes nothing. */
export const POST = withOrgRoute(async ({ ctx, body }) => NextResponse.json({ rows: await previewCodes(ctx.db, codesEnv(ctx.db, getTikTokApp(ctx.db)), { orgId: ctx.org.id, ...body }) }), {
  minRole: 'member',
  body: codeRequestSchema,
});
