import { z } from 'zod';
import { notFoundError, paramError } from '../api-error';
import { SCOPES } from '../constants';
import { reachableBcs, requireBc, type Endpoint, type EndpointContext } from '../context';
import { createRandom } from '../random';
import { idParam, jsonParam, pageParams, paginate, parseParams } from '../params';
import type { BcMember, BusinessCenter } from '../types';

const ASSET_TYPES = ['ADVERTISER', 'CATALOG', 'PIXEL', 'STOREFRONT', 'LEAD', 'TIKTOK_SHOP', 'TT_ACCOUNT', 'DOMAIN', 'MANAGED_BUSINESS_ACCOUNT'] as const;
const assetType = z.enum(ASSET_TYPES);
const keywordMatches = (keyword: string | undefined, ...values: (string | null)[]) => keyword === undefined || values.some((v) => v !== null && v.toLowerCase().includes(keyword.toLowerCase()));

type AssetRow = { assetId: string; assetName: string; assetType: 'ADVERTISER' | 'TT_ACCOUNT' };

function advertiserRow(context: EndpointContext, bc: BusinessCenter, advertiserId: string) {
  const asset = context.world.bcAdvertiser(bc.bcId, advertiserId);
  const advertiser = context.world.advertisers.get(advertiserId);
  if (asset === undefined || advertiser === undefined) return null;
  const ownerBcId = asset.relationType === 'OWNER_BC' ? bc.bcId : (asset.partnerBcIds[0] ?? bc.bcId);
  return { asset, row: { assetId: advertiserId, assetName: advertiser.name, assetType: 'ADVERTISER' as const }, ownerBcName: context.world.bcs.get(ownerBcId)?.name ?? null };
}

/** A TikTok account as a BC asset: its int64 `asset_id` (not its BC_AUTH_TT identity id) and its name. */
function ttAccountAsset(context: EndpointContext, ttAccountId: string): AssetRow {
  const account = context.world.ttAccounts.get(ttAccountId);
  // Unknown in the real API: what asset_name holds for a TT_ACCOUNT; we send the handle with '@' (reference §7 example).
  return { assetId: account?.assetId ?? ttAccountId, assetName: `@${account?.handle ?? ttAccountId}`, assetType: 'TT_ACCOUNT' };
}

/** What one member can do on each asset of a type: `/bc/asset/get/` for the caller or for `filtering.user_id|user_email`. */
function memberAssets(context: EndpointContext, bc: BusinessCenter, member: BcMember, type: (typeof ASSET_TYPES)[number]) {
  if (type === 'ADVERTISER') {
    return [...member.advertiserRoles].flatMap(([advertiserId, role]) => {
      const found = advertiserRow(context, bc, advertiserId);
      if (found === null) return [];
      return [{ ...found.row, payload: { advertiser_role: role, advertiser_account_type: 'AUCTION', tt_account_roles: null, owner_bc_name: found.ownerBcName } }];
    });
  }
  if (type === 'TT_ACCOUNT') {
    return [...member.ttAccountRoles].flatMap(([ttAccountId, roles]) => {
      // Unknown in the real API: whether an account whose link is still pending shows here; we leave it out until linked.
      if (context.world.bcTtAccount(bc.bcId, ttAccountId)?.linkStatus !== 'LINKED') return [];
      return [{ ...ttAccountAsset(context, ttAccountId), payload: { advertiser_role: null, advertiser_account_type: null, tt_account_roles: roles, owner_bc_name: null } }];
    });
  }
  return [];
}

function memberPayload(member: BcMember) {
  return {
    user_id: member.userId,
    user_name: member.userName,
    user_email: member.userEmail,
    user_role: member.userRole,
    relation_status: member.relationStatus,
    ext_user_role: { finance_role: member.financeRole },
  };
}

export const businessCenterEndpoints: Record<string, Endpoint> = {
  'bc/get': {
    method: 'GET',
    scope: SCOPES.readBusinessCenter,
    // `official-spec/bc_get.yml` sets pop_resp_nullvalue (the other BC endpoints do not).
    omitNulls: true,
    handle(context) {
      const params = parseParams(
        z.object({
          bc_id: idParam.optional(),
          scene: z.enum(['SINGLE_ACCOUNT', 'TIERED_ACCOUNT']).optional(),
          filtering: jsonParam(z.object({ keyword: z.string().optional(), keyword_type: z.enum(['ASSET', 'MEMBER', 'PARTNER', 'TIER']).optional() })).optional(),
          ...pageParams(10, 50),
        }),
        context.input,
      );
      const bcs = params.bc_id === undefined ? reachableBcs(context) : [requireBc(context, params.bc_id)];
      const owner = context.world.ref('user:owner');
      const matching = bcs.filter((bc) => keywordMatches(params.filtering?.keyword, bc.name, bc.bcId));
      return paginate(matching, params.page, params.page_size, (bc) => {
        const membership = context.world.member(bc.bcId, owner);
        return {
          bc_info: { bc_id: bc.bcId, name: bc.name, company: bc.company, currency: bc.currency, registered_area: bc.registeredArea, status: bc.status, timezone: bc.timezone, type: bc.type },
          user_role: membership?.userRole ?? 'STANDARD',
          ext_user_role: { finance_role: membership?.financeRole ?? null },
          // Unknown in the real API: the values of binding_status (`official-spec/bc_get.yml` maps the field, no enum); we send BOUND.
          binding_status: 'BOUND',
        };
      });
    },
  },

  'bc/asset/get': {
    method: 'GET',
    scope: SCOPES.businessCenterAsset,
    handle(context) {
      const params = parseParams(
        z.object({
          bc_id: idParam,
          asset_type: assetType,
          child_bc_id: idParam.optional(),
          filtering: jsonParam(z.object({ user_id: idParam.optional(), user_email: z.string().optional(), keyword: z.string().optional() })).optional(),
          ...pageParams(10, 50),
        }),
        context.input,
      );
      const bc = requireBc(context, params.bc_id);
      const filtering = params.filtering ?? {};
      if (filtering.user_id !== undefined && filtering.user_email !== undefined) throw paramError('filtering: user_id and user_email cannot be set at the same time.');
      let member: BcMember | undefined;
      if (filtering.user_id !== undefined) {
        member = context.world.membersOf(bc.bcId).find((m) => m.userId === filtering.user_id && m.relationStatus === 'BOUND');
      } else if (filtering.user_email !== undefined) {
        member = context.world.membersOf(bc.bcId).find((m) => m.userEmail === filtering.user_email);
      } else {
        member = context.world.member(bc.bcId, context.world.ref('user:owner'));
      }
      if (member === undefined) throw notFoundError('The user does not exist in this Business Center.');
      const rows = memberAssets(context, bc, member, params.asset_type).filter((r) => keywordMatches(filtering.keyword, r.assetName, r.assetId));
      return paginate(rows, params.page, params.page_size, (r) => ({
        asset_id: r.assetId,
        asset_name: r.assetName,
        asset_type: r.assetType,
        ...r.payload,
        catalog_role: null,
        ad_creation_eligible: r.assetType === 'ADVERTISER' ? r.payload.advertiser_role !== 'ANALYST' : null,
        store_role: null,
      }));
    },
  },

  'bc/asset/admin/get': {
    method: 'GET',
    scope: SCOPES.businessCenterAsset,
    handle(context) {
      const params = parseParams(
        z.object({
          bc_id: idParam,
          asset_type: assetType,
          child_bc_id: idParam.optional(),
          filtering: jsonParam(
            z.object({
              keyword: z.string().optional(),
              relation_type: z.enum(['OWNER_BC', 'OWNER_PARTNER', 'OWNER_INDIVIDUAL']).optional(),
              relation_status: z.enum(['BOUND', 'UNBOUND', 'PENDING', 'REJECTED']).optional(),
              advertiser_show_status: z.string().optional(),
            }),
          ).optional(),
          ...pageParams(10, 50),
        }),
        context.input,
      );
      const bc = requireBc(context, params.bc_id);
      const { world } = context;
      const rows =
        params.asset_type === 'ADVERTISER'
          ? world.advertiserAssets(bc.bcId).flatMap((asset) => {
              const found = advertiserRow(context, bc, asset.advertiserId);
              if (found === null) return [];
              return [
                { ...found.row, relationType: asset.relationType, relationStatus: 'BOUND', extra: { advertiser_status: 'STATUS_ENABLE', owner_bc_name: found.ownerBcName, tt_account_roles: null } },
              ];
            })
          : params.asset_type === 'TT_ACCOUNT'
            ? world.ttAccountAssets(bc.bcId).map((link) => ({
                ...ttAccountAsset(context, link.ttAccountId),
                relationType: 'OWNER_INDIVIDUAL',
                // Unknown in the real API: TikTok-account link state; we report a pending QR link as relation_status PENDING.
                relationStatus: link.linkStatus === 'LINKED' ? 'BOUND' : 'PENDING',
                // Unknown in the real API: where a BC's own permissions on an account appear; we put them in tt_account_roles here.
                extra: { advertiser_status: null, owner_bc_name: null, tt_account_roles: link.roles },
              }))
            : [];
      const filtering = params.filtering ?? {};
      const matching = rows.filter(
        (r) =>
          keywordMatches(filtering.keyword, r.assetName, r.assetId) &&
          (filtering.relation_type === undefined || filtering.relation_type === r.relationType) &&
          (filtering.relation_status === undefined || filtering.relation_status === r.relationStatus),
      );
      return paginate(matching, params.page, params.page_size, (r) => ({
        asset_id: r.assetId,
        asset_name: r.assetName,
        asset_type: r.assetType,
        relation_type: r.relationType,
        relation_status: r.relationStatus,
        ...r.extra,
        pixel_code: null,
      }));
    },
  },

  'bc/member/get': {
    method: 'GET',
    scope: SCOPES.businessCenterMember,
    handle(context) {
      const params = parseParams(
        z.object({
          bc_id: idParam,
          child_bc_id: idParam.optional(),
          filtering: jsonParam(
            z.object({ keyword: z.string().optional(), user_role: z.enum(['ADMIN', 'STANDARD']).optional(), relation_status: z.enum(['BOUND', 'UNBOUND', 'PENDING', 'REJECTED']).optional() }),
          ).optional(),
          ...pageParams(10, 20),
        }),
        context.input,
      );
      const bc = requireBc(context, params.bc_id);
      const filtering = params.filtering ?? {};
      const members = context.world
        .membersOf(bc.bcId)
        .filter(
          (m) =>
            keywordMatches(filtering.keyword, m.userName, m.userEmail) &&
            (filtering.user_role === undefined || m.userRole === filtering.user_role) &&
            (filtering.relation_status === undefined || m.relationStatus === filtering.relation_status),
        );
      return paginate(members, params.page, params.page_size, memberPayload);
    },
  },

  'bc/asset/member/get': {
    method: 'GET',
    scope: SCOPES.businessCenterAsset,
    handle(context) {
      const params = parseParams(
        z.object({ bc_id: idParam, asset_type: assetType, asset_id: idParam, filtering: jsonParam(z.object({ keyword: z.string().optional() })).optional(), ...pageParams(10, 20) }),
        context.input,
      );
      // The spec marks only ADVERTISER, CATALOG and LEAD as valid here (reference §2.2).
      if (!['ADVERTISER', 'CATALOG', 'LEAD'].includes(params.asset_type)) throw paramError(`asset_type: ${params.asset_type} is not supported by this endpoint.`);
      const bc = requireBc(context, params.bc_id);
      if (params.asset_type !== 'ADVERTISER' || context.world.bcAdvertiser(bc.bcId, params.asset_id) === undefined)
        throw notFoundError(`Asset ${params.asset_id} does not exist in this Business Center.`);
      const members = context.world.membersOf(bc.bcId).filter((m) => m.advertiserRoles.has(params.asset_id) && keywordMatches(params.filtering?.keyword, m.userName, m.userEmail));
      return paginate(members, params.page, params.page_size, (m) => ({ ...memberPayload(m), advertiser_role: m.advertiserRoles.get(params.asset_id) ?? null, catalog_role: null }));
    },
  },

  'bc/asset/partner/get': {
    method: 'GET',
    scope: SCOPES.businessCenterAsset,
    handle(context) {
      const params = parseParams(
        z.object({ bc_id: idParam, asset_type: assetType, asset_id: idParam, filtering: jsonParam(z.object({ keyword: z.string().optional() })).optional(), ...pageParams(10, 50) }),
        context.input,
      );
      const bc = requireBc(context, params.bc_id);
      const { world } = context;
      let partnerIds: string[];
      if (params.asset_type === 'ADVERTISER' && world.bcAdvertiser(bc.bcId, params.asset_id) !== undefined) {
        partnerIds = world.bcAdvertiser(bc.bcId, params.asset_id)?.partnerBcIds ?? [];
      } else if (params.asset_type === 'TT_ACCOUNT' && world.bcTtAccount(bc.bcId, world.ttAccountByAssetId(params.asset_id)?.ttAccountId ?? '') !== undefined) {
        partnerIds = [];
      } else {
        throw notFoundError(`Asset ${params.asset_id} does not exist in this Business Center.`);
      }
      const partners = partnerIds.flatMap((id) => world.bcs.get(id) ?? []).filter((p) => keywordMatches(params.filtering?.keyword, p.name));
      // Unknown in the real API: per-partner role fields; we return only the partner's id and name.
      return paginate(partners, params.page, params.page_size, (p) => ({ bc_id: p.bcId, bc_name: p.name }));
    },
  },

  'bc/asset/account/authorization': {
    // Unknown in the real API: the scope of this endpoint; we file it under Business Center assets.
    method: 'GET',
    scope: SCOPES.businessCenterAsset,
    handle(context) {
      const params = parseParams(z.object({ bc_id: idParam }), context.input);
      const bc = requireBc(context, params.bc_id);
      const ticket = createRandom(`qr:${bc.bcId}:${context.clock.now()}`).hex(24).toLowerCase();
      return { bc_auth_qr_code: `https://www.tiktok.com/business/bc/authorize?bc_id=${bc.bcId}&ticket=${ticket}` };
    },
  },
};
