import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { submitCodeBatch } from '@/lib/codes/apply';
import { previewCodes } from '@/lib/codes/preview';
import { getCodeBatch } from '@/lib/codes/queries';
import { codeBatchRequestSchema, codeRequestSchema } from '@/lib/codes/schemas';
import { codesEnv } from '@/lib/codes/tiktok';
import { NotFoundError } from '@/lib/errors';
import { getAdDetail } from '@/lib/health/ad-detail';
import { describeFinding } from '@/lib/health/catalogue';
import { listRootCauseGroups } from '@/lib/health/queries';
import { buildSupportPacket, supportPacketMarkdown } from '@/lib/health/support-packet';
import { compareTeamMembers, explainTeamPost } from '@/lib/permissions/team';
import { createRenewalRequest, createRenewalRequestSchema, renewalDelivery } from '@/lib/renewals/renewals';
import type { OrgContext } from '@/lib/tenancy/membership';
import type { Role } from '@/lib/tenancy/roles';
import { getJobQueue } from '@/lib/wiring/jobs';
import { getTikTokApp } from '@/lib/wiring/tiktok';

/**
 * One MCP tool: its input as a zod object (the SDK validates it and lists it as JSON Schema), the
 * least role the API key needs, and what it does — through the same lib functions as the pages and
 * routes. What it returns is sent to the assistant as JSON text.
 */
export type McpTool<S extends z.ZodObject = z.ZodObject> = {
  name: string;
  title: string;
  description: string;
  minRole: Role;
  /** True for tools that change nothing (MCP's readOnlyHint). */
  readOnly: boolean;
  input: S;
  run: (ctx: OrgContext, input: z.output<S>, call: McpCall) => Promise<unknown>;
};

/** What a tool knows of the request beyond the key: the app's own origin, for links it hands out. */
export type McpCall = { origin: string };

/** A tool with its input type checked against its schema. */
export const tool = <S extends z.ZodObject>(t: McpTool<S>): McpTool => t as unknown as McpTool;

const listBlockingAds = tool({
  name: 'list_blocking_ads',
  title: 'Blocked ads by root cause',
  description:
    'Spark ads that cannot run, grouped by root cause: ads that share one cause share one fix. Each group has the cause in words, how many ads and ad accounts it blocks, and the fix steps.',
  minRole: 'viewer',
  readOnly: true,
  input: z.object({
    advertiserId: z
      .string()
      .regex(/^[0-9A-Za-z_-]{1,64}$/, 'An ad account ID is letters, digits, _ and -')
      .optional()
      .describe('Only this ad account'),
    limit: z.number().int().min(1).max(100).default(20).describe('At most this many groups, most ads first'),
  }),
  run: async (ctx, { advertiserId, limit }) => {
    const { groups, totals } = await listRootCauseGroups(ctx.db, { orgId: ctx.org.id, advertiserId, limit });
    return {
      totals: { rootCauses: totals.groups, blockedAds: totals.ads },
      rootCauses: groups.map((g) => {
        const finding = g.sample ? describeFinding(g.sample) : null;
        return {
          cause: finding?.title ?? g.code,
          code: g.code,
          subject: g.subject,
          ads: g.ads,
          adAccounts: g.advertisers,
          adAccountName: g.advertiserName,
          explanation: finding?.explanation ?? null,
          fixSteps: finding?.fixSteps ?? [],
          whoFixes: finding?.whoFixes ?? [],
        };
      }),
    };
  },
});

const adHealth = tool({
  name: 'get_ad_health',
  title: "One ad's health, fix and support packet",
  description: "One ad's health: status, every finding with its explanation and fix steps, and the support packet to send TikTok support (Markdown).",
  minRole: 'viewer',
  readOnly: true,
  input: z.object({ adId: z.string().trim().min(1, 'Give the TikTok ad ID').max(64).describe('The TikTok ad ID') }),
  run: async (ctx, { adId }) => {
    const detail = await getAdDetail(ctx.db, { orgId: ctx.org.id, adId });
    if (!detail) throw new NotFoundError(`No ad with ID ${adId} in the synced data of ${ctx.org.name}`);
    const { findings, ...ad } = detail.health;
    const packet = detail.snapshot ? buildSupportPacket({ organization: ctx.org.name, snapshot: detail.snapshot, health: detail.health, generatedAt: new Date() }) : null;
    return {
      ad: { adId: ad.adId, name: ad.adName, advertiserId: ad.advertiserId, status: ad.status, evaluatedAt: ad.evaluatedAt },
      findings: findings.map(describeFinding),
      supportPacket: packet ? supportPacketMarkdown(packet) : 'The ad is no longer in the synced data; sync again to build its support packet',
    };
  },
});

const explainPost = tool({
  name: 'explain_post_access',
  title: 'Can this member use this post?',
  description:
    'Whether a Business Center member can run a TikTok post as a Spark Ad (optionally on one ad account), and if not, the first missing link (Business Center, ad-account role, TikTok account access, authorization) and how to fix it.',
  minRole: 'viewer',
  readOnly: true,
  input: z.object({
    member: z.string().describe('The member: e-mail address, TikTok user ID or member key'),
    post: z.string().describe('The TikTok item ID of the post (digits)'),
    advertiserId: z.string().optional().describe('Check on this ad account only'),
  }),
  run: (ctx, { member, post, advertiserId }) => explainTeamPost(ctx.db, { orgId: ctx.org.id, member, post, advertiserId, now: new Date() }),
});

const compareMembers = tool({
  name: 'compare_members',
  title: 'Compare team members',
  description: '2 to 5 Business Center members side by side: their Business Centers, ad-account roles, TikTok account access and the Spark posts each can use, with a sentence per difference.',
  minRole: 'viewer',
  readOnly: true,
  input: z.object({ members: z.array(z.string()).min(2).max(5).describe('E-mail addresses, TikTok user IDs or member keys') }),
  run: (ctx, { members }) => compareTeamMembers(ctx.db, { orgId: ctx.org.id, ids: members }),
});

const previewCreatorCodes = tool({
  name: 'preview_creator_codes',
  title: 'Preview creator codes',
  description: 'Reads each creator code from TikTok (whose post, which TikTok account, authorized until when) with warnings per ad account. Changes nothing.',
  minRole: 'member',
  readOnly: true,
  input: codeRequestSchema,
  run: async (ctx, input) => ({ rows: await previewCodes(ctx.db, codesEnv(ctx.db, getTikTokApp(ctx.db)), { orgId: ctx.org.id, ...input }) }),
});

const applyCreatorCodes = tool({
  name: 'apply_creator_codes',
  title: 'Apply creator codes',
  description:
    'Applies creator codes to ad accounts, as the creator codes page does: a batch that a background job sends to TikTok. Returns the batch; codes listed in skipCodes are kept as skipped. Reusing an idempotencyKey returns the same batch instead of a second one. Needs a member key or higher.',
  minRole: 'member',
  readOnly: false,
  input: codeBatchRequestSchema.safeExtend({ idempotencyKey: z.string().min(8).max(200).optional().describe('Reuse to resend the same batch safely') }),
  run: async (ctx, { idempotencyKey, ...request }) => {
    const env = codesEnv(ctx.db, getTikTokApp(ctx.db));
    const { batchId, created } = await submitCodeBatch(ctx.db, env, { orgId: ctx.org.id, actorId: ctx.user.id, idempotencyKey: idempotencyKey ?? randomUUID(), request, source: 'web' });
    const batch = await getCodeBatch(ctx.db, { orgId: ctx.org.id, batchId });
    if (created || (batch !== null && batch.finishedAt === null && !batch.running)) await (await getJobQueue()).enqueueCodeBatch({ orgId: ctx.org.id, batchId, actorId: ctx.user.id });
    return { created, batch };
  },
});

const requestRenewal = tool({
  name: 'create_renewal_request',
  title: 'Ask a creator to renew a post',
  description:
    'Creates a renewal link for a post whose creator authorization ends: the creator opens it on a phone, pastes a new code, and Sparkcheck applies it to the ad accounts. The ad accounts default to those whose ads run the post; with creatorEmail the link is e-mailed (one reminder a week later). Returns the link, shown only this once. Needs a member key or higher.',
  minRole: 'member',
  readOnly: false,
  input: createRenewalRequestSchema,
  run: async (ctx, input, { origin }) => {
    const created = await createRenewalRequest(ctx.db, ctx.org.id, { userId: ctx.user.id }, input, renewalDelivery(origin, input.creatorEmail));
    return { id: created.id, url: created.url, expiresAt: created.expiresAt.toISOString(), adAccounts: created.advertiserIds };
  },
});

/** Every tool the MCP endpoint offers, in the order assistants see them. A new tool is one more entry. */
export const MCP_TOOLS: McpTool[] = [listBlockingAds, adHealth, explainPost, compareMembers, previewCreatorCodes, applyCreatorCodes, requestRenewal];
