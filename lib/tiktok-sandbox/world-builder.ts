import { createRandom, type Random } from './random';
import { generateSparkCode } from './spark-codes';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './time';
import type {
  Ad,
  AdGroup,
  AdTree,
  Advertiser,
  AdvertiserRole,
  Authorization,
  AvailableStatus,
  BcMember,
  BcTikTokAccount,
  BcUserRole,
  BusinessCenter,
  Campaign,
  CreatorCode,
  OperationStatus,
  Post,
  PostFormat,
  PostStatus,
  StoredIdentity,
  TikTokAccount,
  TtAccountRole,
} from './types';
import type { World } from './world';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

const CAPTIONS = [
  'Morning routine, but make it cozy',
  'Three ways to style one jacket',
  'We tested it for 30 days so you do not have to',
  'POV: your order arrives early',
  'Behind the scenes at the studio',
  'Unboxing the spring drop',
  'Rainy day trail run',
  'The five-minute breakfast that changed my week',
  'Packing for a weekend with one bag',
  'Honest review after a month',
  'Tiny kitchen, big flavour',
  'Before and after: desk makeover',
];

/**
 * A TikTok account's BC `asset_id`: an int64 like every asset id, derived from the account's key so
 * that adding it draws nothing from the seeded sequence (every other id stays what it was).
 */
export function assetIdOf(ttAccountId: string): string {
  return `7${createRandom(`asset:${ttAccountId}`).digits(18)}`;
}

/** Unique ids in TikTok's shapes: 19-digit numeric strings, UUID-like asset ids, `v1…` video ids. */
export class IdFactory {
  private readonly used = new Set<string>();

  constructor(private readonly random: Random) {}

  numeric(prefix: string): string {
    return this.unique(() => prefix + this.random.digits(19 - prefix.length));
  }

  uuid(): string {
    return this.unique(() => {
      const h = this.random.hex(32).toLowerCase();
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    });
  }

  video(): string {
    return this.unique(() => `v10033g50000${this.random.chars(ALNUM, 20)}`);
  }

  private unique(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

export type AdCreative =
  /** Spark via a creator's code: AUTH_CODE identity of `identityAccount` (default: the post's owner). */
  | { kind: 'spark_code'; post: Post; identityAccount?: TikTokAccount }
  /** Spark via a TikTok account linked to a BC, pulling an existing post. */
  | { kind: 'bc_pull'; bcId: string; ttAccountId: string; post: Post }
  /** A new video pushed through a BC-linked account; `itemId` appears once the pushed post passed review. */
  | { kind: 'bc_push'; bcId: string; ttAccountId: string; itemId?: string }
  | { kind: 'tt_user'; identity: StoredIdentity; post: Post }
  /** Custom identity; with a post it is a Spark ad on a custom identity, without one an upload. */
  | { kind: 'custom'; identity: StoredIdentity; post?: Post }
  /** "Use TikTok account" off: no identity at all on an ad that carries a TikTok post. */
  | { kind: 'no_identity'; post: Post };

export type AdSpec = {
  name: string;
  creative: AdCreative;
  darkPostStatus?: 'ON' | 'OFF';
  operationStatus?: OperationStatus;
  previewUnavailable?: boolean;
};

/** Builds the campaigns, ad groups and ads of one advertiser. */
export class AdTreeBuilder {
  readonly tree: AdTree = { campaigns: [], adGroups: [], ads: [] };

  constructor(
    private readonly world: World,
    private readonly ids: IdFactory,
    private readonly random: Random,
    private readonly epochMs: number,
    readonly advertiserId: string,
  ) {}

  campaign(name: string, options: { objectiveType?: string; operationStatus?: OperationStatus; createdDaysAgo?: number } = {}): Campaign {
    const createMs = this.epochMs - (options.createdDaysAgo ?? this.random.int(40, 120)) * DAY_MS;
    const campaign: Campaign = {
      campaignId: this.ids.numeric('18'),
      advertiserId: this.advertiserId,
      name,
      objectiveType: options.objectiveType ?? 'VIDEO_VIEWS',
      budgetMode: 'BUDGET_MODE_DAY',
      budget: this.random.int(5, 40) * 50,
      operationStatus: options.operationStatus ?? 'ENABLE',
      createMs,
      modifyMs: createMs + this.random.int(60, 20 * 60) * MINUTE_MS,
    };
    this.tree.campaigns.push(campaign);
    return campaign;
  }

  /** `endInDays` null: the ad group runs continuously. */
  adGroup(campaign: Campaign, name: string, endInDays: number | null, operationStatus: OperationStatus = 'ENABLE'): AdGroup {
    const createMs = campaign.createMs + this.random.int(60, 48 * 60) * MINUTE_MS;
    const group: AdGroup = {
      adgroupId: this.ids.numeric('18'),
      advertiserId: this.advertiserId,
      campaignId: campaign.campaignId,
      name,
      budget: this.random.int(2, 20) * 25,
      scheduleStartMs: createMs + HOUR_MS,
      scheduleEndMs: endInDays === null ? null : this.epochMs + endInDays * DAY_MS,
      optimizationGoal: campaign.objectiveType === 'TRAFFIC' ? 'CLICK' : 'ENGAGED_VIEW',
      operationStatus,
      createMs,
      modifyMs: createMs + this.random.int(60, 72 * 60) * MINUTE_MS,
    };
    this.tree.adGroups.push(group);
    return group;
  }

  ad(group: AdGroup, spec: AdSpec): Ad {
    const createMs = group.createMs + this.random.int(60, 96 * 60) * MINUTE_MS;
    const ad: Ad = {
      adId: this.ids.numeric('18'),
      advertiserId: this.advertiserId,
      campaignId: group.campaignId,
      adgroupId: group.adgroupId,
      name: spec.name,
      ...this.identityFields(spec.creative),
      darkPostStatus: spec.darkPostStatus ?? 'ON',
      adText: this.random.pick(CAPTIONS),
      callToAction: this.random.pick(['SHOP_NOW', 'LEARN_MORE', 'ORDER_NOW', 'WATCH_NOW']),
      landingPageUrl: `https://shop.example.com/p/${this.random.digits(6)}`,
      operationStatus: spec.operationStatus ?? 'ENABLE',
      previewUnavailable: spec.previewUnavailable ?? false,
      createMs,
      modifyMs: createMs + this.random.int(60, 200 * 60) * MINUTE_MS,
    };
    this.tree.ads.push(ad);
    return ad;
  }

  private identityFields(creative: AdCreative): Pick<Ad, 'identityType' | 'identityId' | 'identityAuthorizedBcId' | 'videoId' | 'tiktokItemId' | 'displayName'> {
    switch (creative.kind) {
      case 'spark_code': {
        const account = creative.identityAccount ?? this.world.ttAccounts.get(creative.post.ttAccountId);
        if (account === undefined) throw new Error(`No TikTok account for post ${creative.post.itemId}`);
        return { identityType: 'AUTH_CODE', identityId: account.authCodeIdentityId, identityAuthorizedBcId: null, videoId: null, tiktokItemId: creative.post.itemId, displayName: null };
      }
      case 'bc_pull':
        return { identityType: 'BC_AUTH_TT', identityId: creative.ttAccountId, identityAuthorizedBcId: creative.bcId, videoId: null, tiktokItemId: creative.post.itemId, displayName: null };
      case 'bc_push':
        return {
          identityType: 'BC_AUTH_TT',
          identityId: creative.ttAccountId,
          identityAuthorizedBcId: creative.bcId,
          videoId: this.ids.video(),
          tiktokItemId: creative.itemId ?? null,
          displayName: null,
        };
      case 'tt_user':
        return { identityType: 'TT_USER', identityId: creative.identity.identityId, identityAuthorizedBcId: null, videoId: null, tiktokItemId: creative.post.itemId, displayName: null };
      case 'custom':
        return {
          identityType: 'CUSTOMIZED_USER',
          identityId: creative.identity.identityId,
          identityAuthorizedBcId: null,
          videoId: creative.post === undefined ? this.ids.video() : null,
          tiktokItemId: creative.post?.itemId ?? null,
          displayName: creative.identity.displayName,
        };
      case 'no_identity':
        return { identityType: null, identityId: null, identityAuthorizedBcId: null, videoId: null, tiktokItemId: creative.post.itemId, displayName: null };
    }
  }
}

export type MemberSpec = {
  /** Reuse the id of a person who is already a member of another BC. */
  userId?: string;
  name: string;
  email: string;
  role: BcUserRole;
  pending?: boolean;
  financeRole?: 'MANAGER' | 'ANALYST';
  advertisers?: [string, AdvertiserRole][];
  ttAccounts?: [string, TtAccountRole[]][];
};

/** Creates world objects with fresh ids, times relative to the epoch, and consistent indexes. */
export class WorldBuilder {
  private readonly ids: IdFactory;

  constructor(
    readonly world: World,
    private readonly random: Random,
    readonly epochMs: number,
  ) {
    this.ids = new IdFactory(random.fork('ids'));
  }

  bc(spec: Pick<BusinessCenter, 'name' | 'company' | 'currency' | 'registeredArea' | 'timezone' | 'type'>): BusinessCenter {
    const bc: BusinessCenter = { ...spec, bcId: this.ids.numeric('7'), status: 'ENABLE', partnerBcIds: [] };
    this.world.addBc(bc);
    return bc;
  }

  advertiser(spec: { name: string; company: string; currency: string; timezone: string; bcId: string; ownerPartnerBcId?: string; sharedWithBcIds?: string[] }): Advertiser {
    const advertiser: Advertiser = {
      advertiserId: this.ids.numeric('7'),
      name: spec.name,
      company: spec.company,
      currency: spec.currency,
      timezone: spec.timezone,
      createMs: this.epochMs - this.random.int(200, 900) * DAY_MS,
    };
    this.world.addAdvertiser(advertiser, {
      bcId: spec.bcId,
      relationType: spec.ownerPartnerBcId === undefined ? 'OWNER_BC' : 'OWNER_PARTNER',
      partnerBcIds: spec.ownerPartnerBcId === undefined ? (spec.sharedWithBcIds ?? []) : [spec.ownerPartnerBcId],
    });
    return advertiser;
  }

  ttAccount(handle: string, displayName: string): TikTokAccount {
    const ttAccountId = this.ids.uuid();
    const account: TikTokAccount = { ttAccountId, assetId: assetIdOf(ttAccountId), authCodeIdentityId: this.ids.numeric('6'), handle, displayName };
    this.world.addTtAccount(account);
    return account;
  }

  link(bcId: string, ttAccountId: string, spec: { pending?: boolean; roles: TtAccountRole[]; canPush: boolean; adsOnlyMode: boolean; assignedTo: string[] }): BcTikTokAccount {
    const link: BcTikTokAccount = {
      bcId,
      ttAccountId,
      linkStatus: spec.pending === true ? 'PENDING' : 'LINKED',
      roles: spec.roles,
      canPush: spec.canPush,
      adsOnlyMode: spec.adsOnlyMode,
      assignedAdvertiserIds: new Set(spec.assignedTo),
    };
    this.world.linkTtAccount(link);
    return link;
  }

  member(bcId: string, spec: MemberSpec): BcMember {
    const pending = spec.pending === true;
    const member: BcMember = {
      bcId,
      // Unknown in the real API: what user_id a pending invitee has; we return null (they are found by user_email).
      userId: pending ? null : (spec.userId ?? this.ids.numeric('7')),
      userName: spec.name,
      userEmail: spec.email,
      userRole: spec.role,
      relationStatus: pending ? 'PENDING' : 'BOUND',
      financeRole: spec.financeRole ?? null,
      advertiserRoles: new Map(spec.advertisers ?? []),
      ttAccountRoles: new Map(spec.ttAccounts ?? []),
    };
    this.world.addMember(member);
    return member;
  }

  customIdentity(advertiserId: string, displayName: string): StoredIdentity {
    const identity: StoredIdentity = {
      identityId: this.ids.numeric('7'),
      identityType: 'CUSTOMIZED_USER',
      advertiserIds: new Set([advertiserId]),
      ttAccountId: null,
      displayName,
      availableStatus: null,
      canPullVideo: false,
      canPushVideo: false,
      canUseLiveAds: false,
      canManageMessage: false,
    };
    this.world.addIdentity(identity);
    return identity;
  }

  ttUserIdentity(account: TikTokAccount, advertiserIds: string[], availableStatus: AvailableStatus, canPullVideo = availableStatus === 'AVAILABLE'): StoredIdentity {
    const usable = availableStatus === 'AVAILABLE';
    const identity: StoredIdentity = {
      identityId: this.ids.numeric('7'),
      identityType: 'TT_USER',
      advertiserIds: new Set(advertiserIds),
      ttAccountId: account.ttAccountId,
      displayName: account.displayName,
      availableStatus,
      canPullVideo,
      canPushVideo: usable,
      canUseLiveAds: usable,
      canManageMessage: usable,
    };
    this.world.addIdentity(identity);
    return identity;
  }

  /** `carousel`: a photo-mode post Spark accepts (a CAROUSEL_DUET format is a carousel it refuses). */
  post(account: TikTokAccount, spec: { text?: string; status?: PostStatus; format?: PostFormat; createdDaysAgo?: number; carousel?: boolean; epochTimes?: boolean } = {}): Post {
    const format = spec.format ?? 'STANDARD';
    const duet = format === 'CAROUSEL_DUET';
    const carousel = duet || spec.carousel === true;
    const post: Post = {
      itemId: this.ids.numeric('7'),
      ttAccountId: account.ttAccountId,
      text: spec.text ?? this.random.pick(CAPTIONS),
      itemType: carousel ? 'CAROUSEL' : 'VIDEO',
      format,
      status: spec.status ?? 'HESITATE_RECOMMEND',
      createMs: this.epochMs - (spec.createdDaysAgo ?? this.random.int(2, 400)) * DAY_MS - this.random.int(0, 23) * HOUR_MS,
      videoId: carousel ? null : this.ids.video(),
      durationSec: this.random.int(60, 600) / 10,
      duetOriginalItemId: duet ? this.ids.numeric('7') : null,
      mentionedItemIds: format === 'MULTI_MENTION' ? [this.ids.numeric('7'), this.ids.numeric('7')] : [],
      ...(spec.epochTimes === true ? { epochTimes: true } : {}),
    };
    this.world.addPost(post);
    return post;
  }

  /** A creator code, generated `generatedDaysAgo` days before the epoch. */
  code(post: Post, days: number, generatedDaysAgo: number, revoked = false): CreatorCode {
    const code: CreatorCode = { code: generateSparkCode(this.random), itemId: post.itemId, days, generatedMs: this.epochMs - generatedDaysAgo * DAY_MS, revoked };
    this.world.addCreatorCode(code);
    return code;
  }

  /** A code generated `startedDaysAgo` days ago and applied to the ad account the same day. */
  authorize(advertiserId: string, post: Post, days: number, startedDaysAgo: number, revoked = false): Authorization {
    const code = this.code(post, days, startedDaysAgo);
    const authorization: Authorization = {
      advertiserId,
      itemId: post.itemId,
      authCode: code.code,
      authStartMs: code.generatedMs,
      authEndMs: code.generatedMs + days * DAY_MS,
      inviteStartMs: code.generatedMs + this.random.int(1, 6) * HOUR_MS,
      revoked,
    };
    this.world.putAuthorization(authorization);
    return authorization;
  }

  /** Each advertiser's tree draws from its own stream, so lazily built trees do not depend on access order. */
  adTree(advertiserId: string): AdTreeBuilder {
    const random = this.random.fork(`tree:${advertiserId}`);
    return new AdTreeBuilder(this.world, new IdFactory(random.fork('ids')), random, this.epochMs, advertiserId);
  }
}
