import { z } from 'zod';
import { notFoundError, paramError } from '../api-error';
import { SCOPES } from '../constants';
import { requireAdvertiser, type Endpoint, type EndpointContext } from '../context';
import { idParam, jsonParam, pageParams, paginate, parseParams } from '../params';
import { createRandom } from '../random';
import { formatApiTime, parseApiTime } from '../time';
import type { Ad, AdGroup, Campaign, OperationStatus } from '../types';
import type { World } from '../world';
import { isDeleted } from './post-payloads';

const PRIMARY_STATUSES = [
  'STATUS_ALL',
  'STATUS_NOT_DELETE',
  'STATUS_DELETE',
  'STATUS_DELIVERY_OK',
  'STATUS_DISABLE',
  'STATUS_NOT_DELIVERY',
  'STATUS_TIME_DONE',
  'STATUS_RF_CLOSED',
  'STATUS_FROZEN',
  'STATUS_DELIVERY_PARTIAL',
] as const;

const apiTime = z.string().transform((text, ctx) => {
  const ms = parseApiTime(text);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'Time must be in the format YYYY-MM-DD HH:MM:SS.' });
    return z.NEVER;
  }
  return ms;
});

const idList = z.array(idParam).max(100);

/** One filtering object for the three read endpoints; each honours the keys that apply to it. */
const filteringSchema = z.object({
  campaign_ids: idList.optional(),
  adgroup_ids: idList.optional(),
  ad_ids: idList.optional(),
  campaign_name: z.string().optional(),
  adgroup_name: z.string().optional(),
  ad_name: z.string().optional(),
  primary_status: z.enum(PRIMARY_STATUSES).optional(),
  secondary_status: z.string().optional(),
  creation_filter_start_time: apiTime.optional(),
  creation_filter_end_time: apiTime.optional(),
  modified_after: apiTime.optional(),
});

type Filtering = z.infer<typeof filteringSchema>;

type Row = {
  id: string;
  campaignId: string;
  adgroupId: string | null;
  adId: string | null;
  name: string;
  operation: OperationStatus;
  secondary: string;
  createMs: number;
  modifyMs: number;
  payload: () => Record<string, unknown>;
};

const CAMPAIGN_FIELDS = ['advertiser_id', 'campaign_id', 'campaign_name', 'objective_type', 'budget', 'budget_mode', 'operation_status', 'secondary_status', 'create_time', 'modify_time'] as const;

const ADGROUP_FIELDS = [
  'advertiser_id',
  'campaign_id',
  'campaign_name',
  'adgroup_id',
  'adgroup_name',
  'identity_id',
  'identity_type',
  'identity_authorized_bc_id',
  'placement_type',
  'placements',
  'budget',
  'budget_mode',
  'schedule_type',
  'schedule_start_time',
  'schedule_end_time',
  'optimization_goal',
  'billing_event',
  'bid_type',
  'operation_status',
  'secondary_status',
  'create_time',
  'modify_time',
] as const;

const AD_FIELDS = [
  'advertiser_id',
  'campaign_id',
  'campaign_name',
  'adgroup_id',
  'adgroup_name',
  'ad_id',
  'ad_name',
  'create_time',
  'modify_time',
  'identity_type',
  'identity_id',
  'identity_authorized_bc_id',
  'ad_format',
  'video_id',
  'image_ids',
  'tiktok_item_id',
  'dark_post_status',
  'promotional_music_disabled',
  'item_duet_status',
  'item_stitch_status',
  'branded_content_disabled',
  'ad_text',
  'call_to_action',
  'landing_page_url',
  'display_name',
  'operation_status',
  'secondary_status',
  'creative_type',
  'creative_authorized',
  'is_aco',
  'is_new_structure',
] as const;

type Lookup = { campaigns: Map<string, Campaign>; adGroups: Map<string, AdGroup> };

function lookupOf(world: World, advertiserId: string): Lookup {
  const tree = world.adTree(advertiserId);
  return { campaigns: new Map(tree.campaigns.map((c) => [c.campaignId, c])), adGroups: new Map(tree.adGroups.map((g) => [g.adgroupId, g])) };
}

function campaignSecondary(campaign: Campaign): string {
  if (campaign.operationStatus === 'DELETE') return 'CAMPAIGN_STATUS_DELETE';
  return campaign.operationStatus === 'DISABLE' ? 'CAMPAIGN_STATUS_DISABLE' : 'CAMPAIGN_STATUS_ENABLE';
}

function adGroupSecondary(group: AdGroup, campaign: Campaign | undefined, nowMs: number): string {
  if (group.operationStatus === 'DELETE') return 'ADGROUP_STATUS_DELETE';
  if (campaign?.operationStatus === 'DISABLE') return 'ADGROUP_STATUS_CAMPAIGN_DISABLE';
  if (group.operationStatus === 'DISABLE') return 'ADGROUP_STATUS_DISABLE';
  if (group.scheduleEndMs !== null && group.scheduleEndMs <= nowMs) return 'ADGROUP_STATUS_TIME_DONE';
  return 'ADGROUP_STATUS_DELIVERY_OK';
}

/** Why an ad with a code-authorized post cannot run; the ad status TikTok shows when the authorization lapses. */
function adSecondary(world: World, ad: Ad, lookup: Lookup, nowMs: number): string {
  if (ad.operationStatus === 'DELETE') return 'AD_STATUS_DELETE';
  if (ad.operationStatus === 'DISABLE') return 'AD_STATUS_DISABLE';
  const group = lookup.adGroups.get(ad.adgroupId);
  const groupStatus = group === undefined ? 'ADGROUP_STATUS_DELIVERY_OK' : adGroupSecondary(group, lookup.campaigns.get(ad.campaignId), nowMs);
  if (groupStatus === 'ADGROUP_STATUS_CAMPAIGN_DISABLE') return 'AD_STATUS_CAMPAIGN_DISABLE';
  if (groupStatus === 'ADGROUP_STATUS_DISABLE') return 'AD_STATUS_ADGROUP_DISABLE';
  if (groupStatus === 'ADGROUP_STATUS_TIME_DONE') return 'AD_STATUS_DONE';
  if (ad.identityType === 'AUTH_CODE' && ad.tiktokItemId !== null) {
    const authorization = world.authorization(ad.advertiserId, ad.tiktokItemId);
    if (authorization === undefined || world.authorizationStatus(authorization) !== 'AUTHORIZED') return 'AD_STATUS_CREATOR_AUTHORIZATION_REVOKED';
  }
  return 'AD_STATUS_DELIVERY_OK';
}

function matchesStatus(filtering: Filtering, row: Row): boolean {
  const deleted = row.operation === 'DELETE';
  const delivering = row.secondary.endsWith('DELIVERY_OK') || row.secondary === 'CAMPAIGN_STATUS_ENABLE';
  // A secondary_status filter decides deletion by itself (Airbyte asks AD_STATUS_ALL to include deleted ads).
  const primary = filtering.primary_status ?? (filtering.secondary_status === undefined ? 'STATUS_NOT_DELETE' : 'STATUS_ALL');
  const secondary = filtering.secondary_status;
  const primaryMatches = {
    STATUS_ALL: true,
    STATUS_NOT_DELETE: !deleted,
    STATUS_DELETE: deleted,
    STATUS_DELIVERY_OK: !deleted && delivering,
    STATUS_DISABLE: row.operation === 'DISABLE',
    STATUS_NOT_DELIVERY: !deleted && !delivering,
    STATUS_TIME_DONE: row.secondary.endsWith('TIME_DONE') || row.secondary === 'AD_STATUS_DONE',
    STATUS_FROZEN: row.operation === 'FROZEN',
    STATUS_RF_CLOSED: false,
    STATUS_DELIVERY_PARTIAL: false,
  }[primary];
  if (!primaryMatches || secondary === undefined || secondary.endsWith('_STATUS_ALL')) return primaryMatches;
  return secondary.endsWith('_STATUS_NOT_DELETE') ? !deleted : row.secondary === secondary;
}

function matches(filtering: Filtering, nameFilter: string | undefined, row: Row): boolean {
  const inList = (list: string[] | undefined, id: string | null) => list === undefined || id === null || list.includes(id);
  return (
    inList(filtering.campaign_ids, row.campaignId) &&
    inList(filtering.adgroup_ids, row.adgroupId) &&
    inList(filtering.ad_ids, row.adId) &&
    (nameFilter === undefined || row.name.toLowerCase().includes(nameFilter.toLowerCase())) &&
    (filtering.creation_filter_start_time === undefined || row.createMs >= filtering.creation_filter_start_time) &&
    (filtering.creation_filter_end_time === undefined || row.createMs <= filtering.creation_filter_end_time) &&
    (filtering.modified_after === undefined || row.modifyMs > filtering.modified_after) &&
    matchesStatus(filtering, row)
  );
}

function readEndpoint(
  scope: number,
  fields: readonly string[],
  nameFilterOf: (filtering: Filtering) => string | undefined,
  rowsOf: (context: EndpointContext, advertiserId: string) => Row[],
): Endpoint {
  return {
    method: 'GET',
    scope,
    handle(context) {
      const params = parseParams(
        z.object({
          advertiser_id: idParam,
          fields: jsonParam(z.array(z.string())).optional(),
          exclude_field_types_in_response: jsonParam(z.array(z.enum(['NULL_FIELD']))).optional(),
          filtering: jsonParam(filteringSchema).optional(),
          ...pageParams(10, 1000),
        }),
        context.input,
      );
      requireAdvertiser(context, params.advertiser_id);
      const unknownField = params.fields?.find((f) => !fields.includes(f));
      if (unknownField !== undefined) throw paramError(`fields: ${unknownField} is not a valid field.`);
      const filtering = params.filtering ?? {};
      const nameFilter = nameFilterOf(filtering);
      const rows = rowsOf(context, params.advertiser_id)
        .filter((row) => matches(filtering, nameFilter, row))
        .toSorted((a, b) => b.createMs - a.createMs || a.id.localeCompare(b.id));
      const selected = params.fields ?? fields;
      const dropNull = params.exclude_field_types_in_response?.includes('NULL_FIELD') ?? false;
      return paginate(rows, params.page, params.page_size, (row) => {
        const payload = row.payload();
        return Object.fromEntries(selected.flatMap((f) => (dropNull && payload[f] === null ? [] : [[f, payload[f]]])));
      });
    },
  };
}

function campaignRows(context: EndpointContext, advertiserId: string): Row[] {
  return context.world.adTree(advertiserId).campaigns.map((c) => ({
    id: c.campaignId,
    campaignId: c.campaignId,
    adgroupId: null,
    adId: null,
    name: c.name,
    operation: c.operationStatus,
    secondary: campaignSecondary(c),
    createMs: c.createMs,
    modifyMs: c.modifyMs,
    payload: (): Record<(typeof CAMPAIGN_FIELDS)[number], unknown> => ({
      advertiser_id: c.advertiserId,
      campaign_id: c.campaignId,
      campaign_name: c.name,
      objective_type: c.objectiveType,
      budget: c.budget,
      budget_mode: c.budgetMode,
      operation_status: c.operationStatus,
      secondary_status: campaignSecondary(c),
      create_time: formatApiTime(c.createMs),
      modify_time: formatApiTime(c.modifyMs),
    }),
  }));
}

function adGroupRows(context: EndpointContext, advertiserId: string): Row[] {
  const lookup = lookupOf(context.world, advertiserId);
  const now = context.clock.now();
  return context.world.adTree(advertiserId).adGroups.map((g) => {
    const campaign = lookup.campaigns.get(g.campaignId);
    const secondary = adGroupSecondary(g, campaign, now);
    return {
      id: g.adgroupId,
      campaignId: g.campaignId,
      adgroupId: g.adgroupId,
      adId: null,
      name: g.name,
      operation: g.operationStatus,
      secondary,
      createMs: g.createMs,
      modifyMs: g.modifyMs,
      payload: (): Record<(typeof ADGROUP_FIELDS)[number], unknown> => ({
        advertiser_id: g.advertiserId,
        campaign_id: g.campaignId,
        campaign_name: campaign?.name ?? null,
        adgroup_id: g.adgroupId,
        adgroup_name: g.name,
        identity_id: null,
        identity_type: null,
        identity_authorized_bc_id: null,
        placement_type: 'PLACEMENT_TYPE_NORMAL',
        placements: ['PLACEMENT_TIKTOK'],
        budget: g.budget,
        budget_mode: 'BUDGET_MODE_DAY',
        schedule_type: g.scheduleEndMs === null ? 'SCHEDULE_FROM_NOW' : 'SCHEDULE_START_END',
        schedule_start_time: formatApiTime(g.scheduleStartMs),
        // Unknown in the real API: schedule_end_time of a continuously running ad group; we return null.
        schedule_end_time: g.scheduleEndMs === null ? null : formatApiTime(g.scheduleEndMs),
        optimization_goal: g.optimizationGoal,
        billing_event: g.optimizationGoal === 'CLICK' ? 'CPC' : 'CPV',
        bid_type: 'BID_TYPE_NO_BID',
        operation_status: g.operationStatus,
        secondary_status: secondary,
        create_time: formatApiTime(g.createMs),
        modify_time: formatApiTime(g.modifyMs),
      }),
    };
  });
}

function adRows(context: EndpointContext, advertiserId: string): Row[] {
  const { world } = context;
  const lookup = lookupOf(world, advertiserId);
  const now = context.clock.now();
  return world.adTree(advertiserId).ads.map((ad) => {
    const secondary = adSecondary(world, ad, lookup, now);
    return {
      id: ad.adId,
      campaignId: ad.campaignId,
      adgroupId: ad.adgroupId,
      adId: ad.adId,
      name: ad.name,
      operation: ad.operationStatus,
      secondary,
      createMs: ad.createMs,
      modifyMs: ad.modifyMs,
      payload: (): Record<(typeof AD_FIELDS)[number], unknown> => ({
        advertiser_id: ad.advertiserId,
        campaign_id: ad.campaignId,
        campaign_name: lookup.campaigns.get(ad.campaignId)?.name ?? null,
        adgroup_id: ad.adgroupId,
        adgroup_name: lookup.adGroups.get(ad.adgroupId)?.name ?? null,
        ad_id: ad.adId,
        ad_name: ad.name,
        create_time: formatApiTime(ad.createMs),
        modify_time: formatApiTime(ad.modifyMs),
        identity_type: ad.identityType,
        identity_id: ad.identityId,
        identity_authorized_bc_id: ad.identityAuthorizedBcId,
        // Unknown in the real API: the ad_format of a Spark ad on a photo-mode post; we use CAROUSEL_ADS (GO enum/ad_format.go).
        ad_format: ad.tiktokItemId !== null && world.posts.get(ad.tiktokItemId)?.itemType === 'CAROUSEL' ? 'CAROUSEL_ADS' : 'SINGLE_VIDEO',
        video_id: ad.videoId,
        image_ids: [],
        tiktok_item_id: ad.tiktokItemId,
        dark_post_status: ad.darkPostStatus,
        promotional_music_disabled: false,
        item_duet_status: 'ENABLE',
        item_stitch_status: 'ENABLE',
        branded_content_disabled: false,
        ad_text: ad.adText,
        call_to_action: ad.callToAction,
        landing_page_url: ad.landingPageUrl,
        display_name: ad.displayName,
        operation_status: ad.operationStatus,
        secondary_status: secondary,
        creative_type: null,
        creative_authorized: false,
        is_aco: false,
        is_new_structure: true,
      }),
    };
  });
}

/** Why TikTok renders no preview for an ad, or null when it does. */
function previewProblem(world: World, ad: Ad): string | null {
  if (ad.operationStatus === 'DELETE') return 'The ad has been deleted.';
  if (ad.previewUnavailable) return 'The preview is temporarily unavailable. Please try again later.';
  if (ad.tiktokItemId === null) return null;
  const post = world.posts.get(ad.tiktokItemId);
  if (post === undefined || isDeleted(post)) return 'The TikTok post is unavailable.';
  if (ad.identityType === 'AUTH_CODE') {
    const authorization = world.authorization(ad.advertiserId, ad.tiktokItemId);
    if (authorization === undefined || world.authorizationStatus(authorization) !== 'AUTHORIZED') return 'The creator authorization for this post is not valid.';
  }
  return null;
}

export const adEndpoints: Record<string, Endpoint> = {
  'campaign/get': readEndpoint(SCOPES.readCampaigns, CAMPAIGN_FIELDS, (f) => f.campaign_name, campaignRows),
  'adgroup/get': readEndpoint(SCOPES.readAdGroups, ADGROUP_FIELDS, (f) => f.adgroup_name, adGroupRows),
  'ad/get': readEndpoint(SCOPES.readAds, AD_FIELDS, (f) => f.ad_name, adRows),

  'creative/ads_preview/create': {
    method: 'POST',
    scope: SCOPES.creativeTool,
    handle(context) {
      const params = parseParams(
        z.object({
          advertiser_id: idParam,
          preview_type: z.enum(['AD', 'ADS_CREATION', 'CARD', 'PAGE', 'SINGLE_VIDEO', 'SINGLE_IMAGE']),
          ad_id: idParam.optional(),
          device: z.array(z.string()).optional(),
          language: z.enum(['ENGLISH', 'CHINESE', 'JAPANESE']).default('ENGLISH'),
          placement: z.string().default('PLACEMENT_TIKTOK'),
        }),
        context.input,
      );
      requireAdvertiser(context, params.advertiser_id);
      // The product previews existing ads only; other preview types need a full creative the sandbox does not model.
      if (params.preview_type !== 'AD') throw paramError(`preview_type: ${params.preview_type} is not supported by the sandbox; use AD.`);
      if (params.ad_id === undefined) throw paramError('ad_id: Missing data for required field.');
      const ad = context.world.ad(params.advertiser_id, params.ad_id);
      if (ad === undefined) throw notFoundError(`Ad ${params.ad_id} does not exist.`);
      const problem = previewProblem(context.world, ad);
      // Unknown in the real API: how a failed preview is reported; we answer OK with no link and the reason in tips.
      if (problem !== null) return { preview_link: null, iframe: null, tips: [{ placement: params.placement, messages: [problem] }] };
      const token = createRandom(`preview:${ad.adId}`).hex(32).toLowerCase();
      const link = `https://ads.tiktok.com/creative/preview/?token=${token}&lang=${params.language.toLowerCase()}`;
      return { preview_link: link, iframe: `<iframe src="${link}" width="375" height="667" frameborder="0"></iframe>`, tips: [] };
    },
  },
};
