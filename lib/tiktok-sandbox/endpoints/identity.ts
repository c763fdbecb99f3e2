import { z } from 'zod';
import { notFoundError, paramError, permissionError } from '../api-error';
import { SCOPES } from '../constants';
import { requireAdvertiser, type Endpoint, type EndpointContext } from '../context';
import { profileImageOf } from '../media';
import { idParam, jsonParam, pageParams, paginate, parseParams } from '../params';
import type { IdentityView, Post } from '../types';
import { identityPostPayload, isDeleted, windowOf, type AuthWindow } from './post-payloads';

const IDENTITY_TYPES = ['CUSTOMIZED_USER', 'AUTH_CODE', 'TT_USER', 'BC_AUTH_TT', 'TTS_TT'] as const;
const POST_IDENTITY_TYPES = ['AUTH_CODE', 'TT_USER', 'BC_AUTH_TT'] as const;

function identityPayload(identity: IdentityView, nowMs: number, avatarField: 'profile_image' | 'profile_image_url' = 'profile_image') {
  return {
    identity_id: identity.identityId,
    identity_type: identity.identityType,
    identity_authorized_bc_id: identity.identityAuthorizedBcId,
    display_name: identity.displayName,
    username: identity.username,
    // `identity/get` documents `profile_image`; `identity/info` renamed it `profile_image_url` in v1.3 (Doc 1740218453385217).
    [avatarField]: profileImageOf(identity.identityId, nowMs),
    available_status: identity.availableStatus,
    can_pull_video: identity.canPullVideo,
    can_push_video: identity.canPushVideo,
    can_use_live_ads: identity.canUseLiveAds,
    can_manage_message: identity.canManageMessage,
    ads_only_mode: identity.adsOnlyMode,
    is_gpppa: false,
  };
}

const identityRefParams = {
  advertiser_id: idParam,
  identity_id: idParam,
  identity_authorized_bc_id: idParam.optional(),
};

function requireIdentity(context: EndpointContext, params: { advertiser_id: string; identity_id: string; identity_type: string; identity_authorized_bc_id?: string | undefined }): IdentityView {
  requireAdvertiser(context, params.advertiser_id);
  if (params.identity_type === 'BC_AUTH_TT' && params.identity_authorized_bc_id === undefined) {
    throw paramError('identity_authorized_bc_id: Required when identity_type is BC_AUTH_TT.');
  }
  const identity = context.world.identityOf(params.advertiser_id, params.identity_id, params.identity_type, params.identity_authorized_bc_id);
  if (identity === undefined) throw notFoundError(`Identity ${params.identity_id} does not exist.`);
  return identity;
}

/** Posts an identity can pull for this ad account, newest first; deleted posts are not shown. */
function identityPosts(context: EndpointContext, advertiserId: string, identity: IdentityView): { post: Post; window: AuthWindow | null }[] {
  const { world } = context;
  // Unknown in the real API: the answer for an unusable identity; we refuse with a permission error.
  if ((identity.availableStatus !== null && identity.availableStatus !== 'AVAILABLE') || !identity.canPullVideo) {
    throw permissionError(`The identity cannot pull TikTok posts (available_status ${identity.availableStatus ?? 'null'}, can_pull_video ${String(identity.canPullVideo)}).`);
  }
  const rows =
    identity.identityType === 'AUTH_CODE'
      ? world.authorizationsOf(advertiserId).flatMap((authorization) => {
          const post = world.posts.get(authorization.itemId);
          return post !== undefined && post.ttAccountId === identity.ttAccountId ? [{ post, window: windowOf(authorization, world.authorizationStatus(authorization)) }] : [];
        })
      : world.postsOf(identity.ttAccountId ?? '').map((post) => ({ post, window: null }));
  return rows.filter((r) => !isDeleted(r.post)).toSorted((a, b) => b.post.createMs - a.post.createMs || a.post.itemId.localeCompare(b.post.itemId));
}

export const identityEndpoints: Record<string, Endpoint> = {
  'identity/get': {
    method: 'GET',
    scope: SCOPES.queryIdentity,
    handle(context) {
      const params = parseParams(
        z.object({
          advertiser_id: idParam,
          identity_type: z.enum(IDENTITY_TYPES).optional(),
          identity_authorized_bc_id: idParam.optional(),
          filtering: jsonParam(z.object({ keyword: z.string().optional() })).optional(),
          ...pageParams(20, 100),
        }),
        context.input,
      );
      requireAdvertiser(context, params.advertiser_id);
      if (params.identity_type === 'BC_AUTH_TT' && params.identity_authorized_bc_id === undefined) {
        throw paramError('identity_authorized_bc_id: Required when identity_type is BC_AUTH_TT.');
      }
      // Doc 1740218420781057: the keyword filter is for AUTH_CODE identities only.
      if (params.filtering?.keyword !== undefined && params.identity_type !== 'AUTH_CODE') {
        throw paramError('filtering.keyword: Only supported when identity_type is AUTH_CODE.');
      }
      const keyword = params.filtering?.keyword?.toLowerCase();
      const identities = context.world
        .identitiesOf(params.advertiser_id)
        .filter(
          (i) =>
            (params.identity_type === undefined || i.identityType === params.identity_type) &&
            (params.identity_type !== 'BC_AUTH_TT' || i.identityAuthorizedBcId === params.identity_authorized_bc_id) &&
            (keyword === undefined || i.displayName.toLowerCase().includes(keyword)),
        );
      const now = context.clock.now();
      const { list, page_info } = paginate(identities, params.page, params.page_size, (i) => identityPayload(i, now));
      // Doc 1740218420781057: page_info is only meaningful with an identity_type; for BC_AUTH_TT, and without a type, it is all zeros.
      if (params.identity_type === undefined || params.identity_type === 'BC_AUTH_TT') {
        // Unknown in the real API: whether a BC_AUTH_TT list is paged at all; we page it like the others, only page_info is zeroed.
        return { identity_list: list, page_info: { page: 0, page_size: 0, total_number: 0, total_page: 0 } };
      }
      return { identity_list: list, page_info };
    },
  },

  'identity/info': {
    method: 'GET',
    scope: SCOPES.queryIdentity,
    handle(context) {
      const params = parseParams(z.object({ ...identityRefParams, identity_type: z.enum(IDENTITY_TYPES) }), context.input);
      return { identity_info: identityPayload(requireIdentity(context, params), context.clock.now(), 'profile_image_url') };
    },
  },

  'identity/video/get': {
    method: 'GET',
    scope: SCOPES.queryIdentity,
    handle(context) {
      const params = parseParams(
        z.object({
          ...identityRefParams,
          identity_type: z.enum(POST_IDENTITY_TYPES),
          item_type: z.enum(['VIDEO', 'CAROUSEL']).default('VIDEO'),
          keyword: z.string().optional(),
          cursor: z.string().regex(/^\d+$/, { error: 'cursor must be a cursor returned by a previous call' }).default('0'),
          // Doc 1740218475032577: at most 20 come back; a larger count is not refused.
          count: z.coerce
            .number()
            .int()
            .min(1)
            .default(20)
            .transform((count) => Math.min(count, 20)),
        }),
        context.input,
      );
      const identity = requireIdentity(context, params);
      const keyword = params.identity_type === 'AUTH_CODE' ? params.keyword?.toLowerCase() : undefined;
      const rows = identityPosts(context, params.advertiser_id, identity).filter((r) => r.post.itemType === params.item_type && (keyword === undefined || r.post.text.toLowerCase().includes(keyword)));
      const start = Number(params.cursor);
      const page = rows.slice(start, start + params.count);
      const now = context.clock.now();
      return { video_list: page.map((r) => identityPostPayload(r.post, r.window, now)), cursor: String(start + page.length), has_more: start + page.length < rows.length };
    },
  },

  'identity/video/info': {
    method: 'GET',
    scope: SCOPES.queryIdentity,
    handle(context) {
      const params = parseParams(
        z.object({
          ...identityRefParams,
          identity_type: z.enum(POST_IDENTITY_TYPES),
          item_id: idParam.optional(),
          item_ids: jsonParam(z.array(idParam).min(1).max(20)).optional(),
          // Docs 1740218522178562: VIDEO unless asked; a carousel post is only found with item_type=CAROUSEL.
          item_type: z.enum(['VIDEO', 'CAROUSEL']).default('VIDEO'),
        }),
        context.input,
      );
      if ((params.item_id === undefined) === (params.item_ids === undefined)) throw paramError('item_id: Set exactly one of item_id and item_ids.');
      const identity = requireIdentity(context, params);
      const byId = new Map(
        identityPosts(context, params.advertiser_id, identity)
          .filter((r) => r.post.itemType === params.item_type)
          .map((r) => [r.post.itemId, r]),
      );
      const now = context.clock.now();
      if (params.item_id !== undefined) {
        const row = byId.get(params.item_id);
        if (row === undefined) throw notFoundError(`Item ${params.item_id} does not exist or is not available to this identity.`);
        return { video_detail: identityPostPayload(row.post, row.window, now) };
      }
      return { video_details: (params.item_ids ?? []).flatMap((id) => byId.get(id) ?? []).map((r) => identityPostPayload(r.post, r.window, now)) };
    },
  },
};
