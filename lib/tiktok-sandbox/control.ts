import { z } from 'zod';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_TOKEN_SINGLE_ADVERTISER, SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES } from './constants';
import { faultConfigSchema } from './faults';
import { worldSpecSchema } from './large-world';
import { rateLimitConfigSchema } from './rate-limiter';
import type { Sandbox } from './sandbox-types';
import { WorldError, type World } from './world';

const advertiserRole = z.enum(['ADMIN', 'OPERATOR', 'ANALYST']);
const ttRoles = z.array(z.enum(['POST', 'LIVE', 'DIRECT_MESSAGE']));

const mutationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('deleteAd'), adId: z.string() }),
  z.object({ op: z.literal('removeMember'), bcId: z.string(), user: z.string() }),
  z.object({ op: z.literal('setMemberAdvertiserRole'), bcId: z.string(), user: z.string(), advertiserId: z.string(), role: advertiserRole.nullable() }),
  z.object({ op: z.literal('setMemberTtAccountRoles'), bcId: z.string(), user: z.string(), ttAccountId: z.string(), roles: ttRoles }),
  z.object({ op: z.literal('unlinkTtAccount'), bcId: z.string(), ttAccountId: z.string() }),
  z.object({
    op: z.literal('updateBcTtAccount'),
    bcId: z.string(),
    ttAccountId: z.string(),
    linkStatus: z.enum(['LINKED', 'PENDING']).optional(),
    roles: ttRoles.optional(),
    canPush: z.boolean().optional(),
    adsOnlyMode: z.boolean().optional(),
  }),
  z.object({ op: z.literal('setTtAccountAssignment'), bcId: z.string(), ttAccountId: z.string(), advertiserId: z.string(), assigned: z.boolean() }),
  z.object({ op: z.literal('revokeAuthorization'), advertiserId: z.string(), itemId: z.string() }),
  z.object({ op: z.literal('unbindAuthorization'), advertiserId: z.string(), itemId: z.string() }),
  z.object({ op: z.literal('setPostStatus'), itemId: z.string(), status: z.enum(['HESITATE_RECOMMEND', 'ONLY_AUTHOR_SEE', 'ONLY_FRIEND_SEE', 'USER_DELETE', 'AUDIT_DELETE', 'REVIEW_PENDING']) }),
  z.object({ op: z.literal('issueCreatorCode'), itemId: z.string(), days: z.union([z.literal(7), z.literal(30), z.literal(60), z.literal(365)]) }),
]);

type Mutation = z.infer<typeof mutationSchema>;

/** Mutations name a TikTok account by the sandbox's key or by the BC `asset_id` the API shows. */
const accountKey = (world: World, id: string) => world.ttAccountByAssetId(id)?.ttAccountId ?? id;

const resetSchema = z.object({ seed: z.string().min(1).optional(), world: worldSpecSchema.optional(), start: z.iso.datetime().optional() });

/** Applies one mutation to the world; returns what a caller needs to know (e.g. a new code). */
function applyMutation(sandbox: Sandbox, mutation: Mutation): Record<string, unknown> {
  const { world } = sandbox;
  switch (mutation.op) {
    case 'deleteAd':
      world.deleteAd(mutation.adId);
      return {};
    case 'removeMember':
      world.removeMember(mutation.bcId, mutation.user);
      return {};
    case 'setMemberAdvertiserRole':
      world.setMemberAdvertiserRole(mutation.bcId, mutation.user, mutation.advertiserId, mutation.role);
      return {};
    case 'setMemberTtAccountRoles':
      world.setMemberTtAccountRoles(mutation.bcId, mutation.user, accountKey(world, mutation.ttAccountId), mutation.roles);
      return {};
    case 'unlinkTtAccount':
      world.unlinkTtAccount(mutation.bcId, accountKey(world, mutation.ttAccountId));
      return {};
    case 'updateBcTtAccount':
      world.updateBcTtAccount(mutation.bcId, accountKey(world, mutation.ttAccountId), mutation);
      return {};
    case 'setTtAccountAssignment':
      world.setTtAccountAssignment(mutation.bcId, accountKey(world, mutation.ttAccountId), mutation.advertiserId, mutation.assigned);
      return {};
    case 'revokeAuthorization':
      world.revokeAuthorization(mutation.advertiserId, mutation.itemId);
      return {};
    case 'unbindAuthorization':
      if (!world.unbindAuthorization(mutation.advertiserId, mutation.itemId)) throw new WorldError(`Post ${mutation.itemId} is not authorized to advertiser ${mutation.advertiserId}`);
      return {};
    case 'setPostStatus':
      world.setPostStatus(mutation.itemId, mutation.status);
      return {};
    case 'issueCreatorCode':
      return { code: world.issueCreatorCode(mutation.itemId, mutation.days).code };
  }
}

/** Everything a test in another process needs to drive the seeded world. */
export function describeManifest(sandbox: Sandbox) {
  const { world } = sandbox;
  return {
    appId: SANDBOX_APP_ID,
    appSecret: SANDBOX_APP_SECRET,
    tokens: { full: SANDBOX_ACCESS_TOKEN, withoutSparkScopes: SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES, singleAdvertiser: SANDBOX_TOKEN_SINGLE_ADVERTISER },
    refs: Object.fromEntries(world.refNames().map((name) => [name, world.ref(name)])),
    creatorCodes: world.creatorCodes,
    expectations: world.expectations,
  };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

async function body<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const text = await request.text();
  return schema.parse(text.trim() === '' ? {} : JSON.parse(text));
}

/**
 * Test and demo controls under `<prefix>/_control/`: GET `state` and `manifest`; POST JSON to
 * `clock/advance` {ms}, `clock/set` {time}, `faults` (a fault config), `faults/clear`,
 * `rate-limits` (a partial config), `reset` {seed?, world?, start?}, `mutate` (a mutation).
 */
export async function handleControl(request: Request, operation: string, sandbox: Sandbox): Promise<Response> {
  const route = `${request.method} ${operation}`;
  try {
    switch (route) {
      case 'GET state':
        return json({ ok: true, ...sandbox.describe() });
      case 'GET manifest':
        return json({ ok: true, ...describeManifest(sandbox) });
      case 'POST clock/advance':
        sandbox.clock.advance((await body(request, z.object({ ms: z.number().int() }))).ms);
        return json({ ok: true, now: new Date(sandbox.clock.now()).toISOString() });
      case 'POST clock/set':
        sandbox.clock.set(new Date((await body(request, z.object({ time: z.iso.datetime() }))).time));
        return json({ ok: true, now: new Date(sandbox.clock.now()).toISOString() });
      case 'POST faults':
        sandbox.faults.apply(await body(request, faultConfigSchema));
        return json({ ok: true });
      case 'POST faults/clear':
        sandbox.faults.clear();
        return json({ ok: true });
      case 'POST rate-limits':
        sandbox.rateLimits.configure(await body(request, rateLimitConfigSchema.partial()));
        return json({ ok: true, rateLimits: sandbox.rateLimits.settings });
      case 'POST reset': {
        const options = await body(request, resetSchema);
        sandbox.reset({ ...options, start: options.start === undefined ? undefined : new Date(options.start) });
        return json({ ok: true, ...sandbox.describe() });
      }
      case 'POST mutate':
        return json({ ok: true, ...applyMutation(sandbox, await body(request, mutationSchema)) });
      default:
        return json({ ok: false, error: `No control operation ${route}` }, 404);
    }
  } catch (error) {
    if (error instanceof z.ZodError) return json({ ok: false, error: 'Invalid request body', issues: error.issues }, 400);
    if (error instanceof SyntaxError) return json({ ok: false, error: 'Request body is not JSON' }, 400);
    if (error instanceof WorldError) return json({ ok: false, error: error.message }, 404);
    throw error;
  }
}
