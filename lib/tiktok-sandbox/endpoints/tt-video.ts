import { z } from 'zod';
import { ApiError, notFoundError } from '../api-error';
import { SCOPES } from '../constants';
import { requireAdvertiser, type Endpoint, type EndpointContext } from '../context';
import { idParam, jsonParam, pageParams, paginate, parseParams } from '../params';
import { isWellFormedSparkCode, SPARK_CODE_ERRORS } from '../spark-codes';
import { DAY_MS } from '../time';
import type { CreatorCode, Post, SparkCodeErrorKey } from '../types';
import { isDeleted, sparkPostPayload, windowOf, type AuthWindow } from './post-payloads';

function sparkCodeError(key: SparkCodeErrorKey): ApiError {
  const { code, message } = SPARK_CODE_ERRORS[key];
  return new ApiError(code, message);
}

/** The code's post, or the error TikTok gives for a code it cannot use at all. Codes are taken byte-exact. */
function resolveCreatorCode(context: EndpointContext, code: string): { creatorCode: CreatorCode; post: Post } {
  if (!isWellFormedSparkCode(code)) throw sparkCodeError('malformed');
  const creatorCode = context.world.sparkCodes.get(code);
  const post = creatorCode === undefined ? undefined : context.world.posts.get(creatorCode.itemId);
  if (creatorCode === undefined || creatorCode.revoked || post === undefined) throw sparkCodeError('not_found');
  if (isDeleted(post)) throw sparkCodeError('deleted_post');
  if (post.format === 'STORY') throw sparkCodeError('story_not_supported');
  // Unknown in the real API: whether carousel duets are refused at authorization or only at ad creation; we refuse here.
  if (post.format === 'CAROUSEL_DUET') throw sparkCodeError('carousel_duet_not_supported');
  return { creatorCode, post };
}

const codeExpired = (context: EndpointContext, code: CreatorCode) => context.clock.now() >= code.generatedMs + code.days * DAY_MS;

const codeParams = z.object({ advertiser_id: idParam, auth_code: z.string().min(1) });

export const ttVideoEndpoints: Record<string, Endpoint> = {
  'tt_video/info': {
    method: 'GET',
    scope: SCOPES.queryTikTokPosts,
    handle(context) {
      const params = parseParams(codeParams, context.input);
      requireAdvertiser(context, params.advertiser_id);
      const { creatorCode, post } = resolveCreatorCode(context, params.auth_code);
      const { world } = context;
      const applied = world.authorization(params.advertiser_id, post.itemId);
      let window: AuthWindow;
      if (applied !== undefined && applied.authCode === creatorCode.code) {
        window = windowOf(applied, world.authorizationStatus(applied));
      } else {
        // Unknown in the real API: the status of a code not yet applied to this ad account; we say NOT_AUTHORIZED.
        const status = codeExpired(context, creatorCode) ? 'EXPIRED' : 'NOT_AUTHORIZED';
        window = { status, startMs: creatorCode.generatedMs, endMs: creatorCode.generatedMs + creatorCode.days * DAY_MS, inviteStartMs: null };
      }
      return sparkPostPayload(post, world.ttAccounts.get(post.ttAccountId), creatorCode.code, window, context.clock.now());
    },
  },

  'tt_video/list': {
    method: 'GET',
    scope: SCOPES.authorizeTikTokPosts,
    handle(context) {
      const params = parseParams(
        z.object({
          advertiser_id: idParam,
          item_types: jsonParam(z.array(z.enum(['VIDEO', 'CAROUSEL'])).min(1)).optional(),
          keyword: z.string().max(500).optional(),
          ...pageParams(20, 50),
        }),
        context.input,
      );
      requireAdvertiser(context, params.advertiser_id);
      const { world } = context;
      const itemTypes = new Set(params.item_types ?? ['VIDEO', 'CAROUSEL']);
      const keyword = params.keyword?.trim();
      const byItemId = keyword !== undefined && /^\d{19,}$/.test(keyword);
      const rows = world
        .authorizationsOf(params.advertiser_id)
        .flatMap((authorization) => {
          const post = world.posts.get(authorization.itemId);
          return post === undefined ? [] : [{ authorization, post }];
        })
        .filter(
          ({ post }) => itemTypes.has(post.itemType) && (keyword === undefined || keyword === '' || (byItemId ? post.itemId === keyword : post.text.toLowerCase().includes(keyword.toLowerCase()))),
        )
        .toSorted((a, b) => b.authorization.inviteStartMs - a.authorization.inviteStartMs || a.post.itemId.localeCompare(b.post.itemId));
      const now = context.clock.now();
      return paginate(rows, params.page, params.page_size, ({ authorization, post }) =>
        sparkPostPayload(post, world.ttAccounts.get(post.ttAccountId), authorization.authCode, windowOf(authorization, world.authorizationStatus(authorization)), now),
      );
    },
  },

  'tt_video/authorize': {
    method: 'POST',
    scope: SCOPES.authorizeTikTokPosts,
    handle(context) {
      const params = parseParams(codeParams.extend({ original_post_auth_code: z.string().optional() }), context.input);
      requireAdvertiser(context, params.advertiser_id);
      const throttled = context.rateLimits.admitAdvertiser(params.advertiser_id);
      if (throttled !== null) {
        throw new ApiError(40133, `Advertiser (${params.advertiser_id})'s QPS (${throttled.qps}) reaches QPS limit ${throttled.limit} for current path, request is temporarily restricted.`);
      }
      const { creatorCode, post } = resolveCreatorCode(context, params.auth_code);
      if (codeExpired(context, creatorCode)) throw sparkCodeError('expired');
      if (context.world.authorization(params.advertiser_id, post.itemId)?.authCode === creatorCode.code) throw sparkCodeError('already_applied');
      context.world.applyCreatorCode(params.advertiser_id, creatorCode);
      return {};
    },
  },

  'tt_video/unbind': {
    method: 'POST',
    scope: SCOPES.authorizeTikTokPosts,
    handle(context) {
      const params = parseParams(z.object({ advertiser_id: idParam, item_id: idParam }), context.input);
      requireAdvertiser(context, params.advertiser_id);
      if (!context.world.unbindAuthorization(params.advertiser_id, params.item_id)) throw notFoundError(`Item ${params.item_id} is not authorized to this advertiser.`);
      return {};
    },
  },
};
