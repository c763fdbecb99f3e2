import { z } from 'zod';
import type { Random } from './random';
import type { AdvertiserRole, PostFormat, PostStatus, StoredIdentity, TikTokAccount, TtAccountRole } from './types';
import type { World } from './world';
import type { AdCreative, WorldBuilder } from './world-builder';

export const largeWorldOptionsSchema = z.object({
  advertisers: z.number().int().min(1).max(1000).default(20),
  adsPerAdvertiser: z.number().int().min(0).max(100_000).default(5000),
  members: z.number().int().min(1).max(100_000).default(300),
  ttAccounts: z.number().int().min(4).max(100_000).default(200),
  posts: z.number().int().min(1).max(1_000_000).default(2000),
});

export type LargeWorldOptions = z.infer<typeof largeWorldOptionsSchema>;

/** Which world a sandbox holds: the hand-made seed, or a generated large one. */
export const worldSpecSchema = z.union([z.literal('seed'), z.object({ large: largeWorldOptionsSchema.partial() })]);

type BcAccount = { bcId: string; ttAccountId: string };

/** What an advertiser's ads can draw on, fixed at build time so lazily built trees do not depend on later mutations. */
type AdvertiserPool = {
  authorizedItemIds: string[];
  bcAccounts: BcAccount[];
  custom: StoredIdentity;
  ttUsers: StoredIdentity[];
};

function pickStatus(random: Random): PostStatus {
  const roll = random.next();
  if (roll < 0.9) return 'HESITATE_RECOMMEND';
  if (roll < 0.93) return 'ONLY_AUTHOR_SEE';
  if (roll < 0.95) return 'ONLY_FRIEND_SEE';
  if (roll < 0.97) return 'USER_DELETE';
  if (roll < 0.98) return 'AUDIT_DELETE';
  return 'REVIEW_PENDING';
}

function pickFormat(random: Random): PostFormat {
  const roll = random.next();
  if (roll < 0.98) return 'STANDARD';
  return roll < 0.99 ? 'CAROUSEL_DUET' : 'MULTI_MENTION';
}

/**
 * A world sized for benchmarks: every kind of object in bulk with a realistic mix of healthy and
 * broken states. Everything but the ads is built up front in O(n); each advertiser's campaigns,
 * ad groups and ads are built on first access from that advertiser's own random stream.
 */
export function generateLargeWorld(b: WorldBuilder, random: Random, options: LargeWorldOptions): void {
  const { world } = b;
  const brand = b.bc({ name: 'Bench Brand', company: 'Bench Brand Ltd', currency: 'USD', registeredArea: 'US', timezone: 'UTC', type: 'NORMAL' });
  const agency = b.bc({ name: 'Bench Agency', company: 'Bench Agency GmbH', currency: 'EUR', registeredArea: 'DE', timezone: 'UTC', type: 'AGENCY' });
  const partner = b.bc({ name: 'Bench Partner', company: 'Bench Partner Inc', currency: 'USD', registeredArea: 'US', timezone: 'UTC', type: 'NORMAL' });
  agency.partnerBcIds.push(partner.bcId);
  world.setRef('bc:brand', brand.bcId);
  world.setRef('bc:agency', agency.bcId);
  world.setRef('bc:partner', partner.bcId);
  const bcs = [brand, agency];

  const advertisersByBc = new Map<string, string[]>(bcs.map((bc) => [bc.bcId, []]));
  const advertiserIds: string[] = [];
  for (let i = 0; i < options.advertisers; i++) {
    const bc = bcs[i % 2] ?? brand;
    const advertiser = b.advertiser({
      name: `Bench advertiser ${i + 1}`,
      company: bc.company,
      currency: bc.currency,
      timezone: 'UTC',
      bcId: bc.bcId,
      ...(bc === agency && i % 4 === 1 ? { ownerPartnerBcId: partner.bcId } : {}),
    });
    advertiserIds.push(advertiser.advertiserId);
    advertisersByBc.get(bc.bcId)?.push(advertiser.advertiserId);
    world.setRef(`advertiser:${i}`, advertiser.advertiserId);
  }
  world.setRef('advertiser:primary', advertiserIds[0] ?? '');

  // Six in ten accounts are brand accounts linked into a BC, the rest creators who share codes.
  const linked: BcAccount[] = [];
  const creators: TikTokAccount[] = [];
  const accounts: TikTokAccount[] = [];
  for (let i = 0; i < options.ttAccounts; i++) {
    const account = b.ttAccount(`bench.account${i + 1}`, `Bench Account ${i + 1}`);
    accounts.push(account);
    if (i % 10 >= 6) {
      creators.push(account);
      continue;
    }
    const bc = bcs[i % 2] ?? brand;
    const pool = advertisersByBc.get(bc.bcId) ?? [];
    const assignedTo = pool.length === 0 ? [] : Array.from({ length: random.int(1, Math.min(4, pool.length)) }, () => random.pick(pool));
    const roles: TtAccountRole[] = random.chance(0.1) ? ['LIVE'] : random.chance(0.5) ? ['POST', 'LIVE', 'DIRECT_MESSAGE'] : ['POST'];
    b.link(bc.bcId, account.ttAccountId, { pending: random.chance(0.06), roles, canPush: random.chance(0.85), adsOnlyMode: random.chance(0.7), assignedTo });
    linked.push({ bcId: bc.bcId, ttAccountId: account.ttAccountId });
  }

  const postsByCreator = new Map<string, string[]>();
  for (let i = 0; i < options.posts; i++) {
    const account = accounts[i % accounts.length];
    if (account === undefined) break;
    const post = b.post(account, { status: pickStatus(random), format: pickFormat(random) });
    const list = postsByCreator.get(account.ttAccountId);
    if (list !== undefined) list.push(post.itemId);
    else postsByCreator.set(account.ttAccountId, [post.itemId]);
  }

  const pools = new Map<string, AdvertiserPool>(advertiserIds.map((id, i) => [id, { authorizedItemIds: [], bcAccounts: [], custom: b.customIdentity(id, `Bench custom ${i + 1}`), ttUsers: [] }]));
  for (const link of linked) {
    for (const advertiserId of world.bcTtAccount(link.bcId, link.ttAccountId)?.assignedAdvertiserIds ?? []) pools.get(advertiserId)?.bcAccounts.push(link);
  }
  for (const creator of creators) {
    for (const itemId of postsByCreator.get(creator.ttAccountId) ?? []) {
      const post = world.posts.get(itemId);
      if (post === undefined) continue;
      const targets = random.int(1, Math.min(3, advertiserIds.length));
      for (let t = 0; t < targets; t++) {
        const advertiserId = random.pick(advertiserIds);
        if (world.authorization(advertiserId, itemId) !== undefined) continue;
        const days = random.pick([7, 30, 60, 365, 365]);
        b.authorize(advertiserId, post, days, random.int(0, days + 20), random.chance(0.03));
        pools.get(advertiserId)?.authorizedItemIds.push(itemId);
      }
    }
    const fresh = (postsByCreator.get(creator.ttAccountId) ?? [])[0];
    const freshPost = fresh === undefined ? undefined : world.posts.get(fresh);
    if (freshPost !== undefined && freshPost.status === 'HESITATE_RECOMMEND' && freshPost.format === 'STANDARD') {
      const days = random.pick([7, 30, 60, 365]);
      const code = b.code(freshPost, days, 0);
      world.creatorCodes.push({ code: code.code, kind: 'valid', itemId: freshPost.itemId, handle: creator.handle, days, appliedTo: [], error: null });
    }
  }
  for (const [i, creator] of creators.slice(0, Math.max(1, Math.floor(creators.length / 10))).entries()) {
    const targets = advertiserIds.filter((_, j) => j % 3 === i % 3);
    const identity = b.ttUserIdentity(creator, targets, random.pick(['AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'IS_PRIVATE_ACCOUNT', 'SCOPE_UNAVAILABLE']));
    for (const id of targets) pools.get(id)?.ttUsers.push(identity);
  }

  generateMembers(
    b,
    random,
    options.members,
    bcs.map((bc) => ({ bcId: bc.bcId, advertiserIds: advertisersByBc.get(bc.bcId) ?? [], ttAccountIds: linked.filter((l) => l.bcId === bc.bcId).map((l) => l.ttAccountId) })),
  );

  const allCreatorItems = creators.flatMap((c) => postsByCreator.get(c.ttAccountId) ?? []);
  world.setAdTreeSource((advertiserId) => {
    const pool = pools.get(advertiserId);
    const t = b.adTree(advertiserId);
    if (pool === undefined) return t.tree;
    const r = random.fork(`ads:${advertiserId}`);
    const groups = Array.from({ length: Math.max(1, Math.ceil(options.adsPerAdvertiser / 200)) }, (_, c) => {
      const campaign = t.campaign(`Bench campaign ${c + 1}`);
      return Array.from({ length: 8 }, (_, g) => t.adGroup(campaign, `Bench ad group ${c + 1}.${g + 1}`, r.chance(0.5) ? null : r.int(-5, 120)));
    }).flat();
    for (let i = 0; i < options.adsPerAdvertiser; i++) {
      const group = groups[i % groups.length];
      if (group === undefined) break;
      t.ad(group, { name: `Bench ad ${i + 1}`, creative: pickCreative(r, world, pool, allCreatorItems), operationStatus: r.chance(0.02) ? 'DELETE' : r.chance(0.05) ? 'DISABLE' : 'ENABLE' });
    }
    return t.tree;
  });
}

function pickCreative(random: Random, world: World, pool: AdvertiserPool, creatorItems: string[]): AdCreative {
  const roll = random.next();
  const postOf = (itemId: string) => world.posts.get(itemId);
  if (roll < 0.45 && pool.authorizedItemIds.length > 0) {
    const post = postOf(random.pick(pool.authorizedItemIds));
    if (post !== undefined) return { kind: 'spark_code', post };
  }
  if (roll < 0.85 && pool.bcAccounts.length > 0) {
    const account = random.pick(pool.bcAccounts);
    if (roll < 0.8) {
      const owned = world.postsOf(account.ttAccountId);
      const post = owned.length === 0 ? undefined : random.pick(owned);
      if (post !== undefined) return { kind: 'bc_pull', bcId: account.bcId, ttAccountId: account.ttAccountId, post };
    }
    return { kind: 'bc_push', bcId: account.bcId, ttAccountId: account.ttAccountId };
  }
  if (roll < 0.9 && pool.ttUsers.length > 0) {
    const identity = random.pick(pool.ttUsers);
    const post = world.postsOf(identity.ttAccountId ?? '')[0];
    if (post !== undefined) return { kind: 'tt_user', identity, post };
  }
  if (roll < 0.95 && creatorItems.length > 0) {
    const post = postOf(random.pick(creatorItems));
    if (post !== undefined) return random.chance(0.3) ? { kind: 'custom', identity: pool.custom, post } : { kind: 'spark_code', post };
  }
  return { kind: 'custom', identity: pool.custom };
}

function generateMembers(b: WorldBuilder, random: Random, count: number, bcs: { bcId: string; advertiserIds: string[]; ttAccountIds: string[] }[]): void {
  const roles: AdvertiserRole[] = ['ADMIN', 'OPERATOR', 'OPERATOR', 'ANALYST'];
  const ttRoles: TtAccountRole[][] = [['POST'], ['POST', 'LIVE'], ['LIVE'], ['POST', 'LIVE', 'DIRECT_MESSAGE'], ['DIRECT_MESSAGE']];
  // The token owner administers every BC and ad account; the other members get a random mix.
  let ownerId: string | undefined;
  for (const bc of bcs) {
    const owner = b.member(bc.bcId, {
      userId: ownerId,
      name: 'Bench Owner',
      email: 'owner@bench.example',
      role: 'ADMIN',
      advertisers: bc.advertiserIds.map((id) => [id, 'ADMIN']),
      ttAccounts: bc.ttAccountIds.map((id) => [id, ['POST', 'LIVE', 'DIRECT_MESSAGE']]),
    });
    ownerId = owner.userId ?? undefined;
  }
  if (ownerId !== undefined) b.world.setRef('user:owner', ownerId);
  for (let i = 1; i < count; i++) {
    const bc = bcs[i % bcs.length];
    if (bc === undefined) break;
    const advertisers = new Map<string, AdvertiserRole>();
    for (let a = random.int(0, 3); a > 0 && bc.advertiserIds.length > 0; a--) advertisers.set(random.pick(bc.advertiserIds), random.pick(roles));
    const ttAccounts = new Map<string, TtAccountRole[]>();
    for (let a = random.int(0, 5); a > 0 && bc.ttAccountIds.length > 0; a--) ttAccounts.set(random.pick(bc.ttAccountIds), random.pick(ttRoles));
    b.member(bc.bcId, {
      name: `Bench Member ${i + 1}`,
      email: `member${i + 1}@bench.example`,
      role: random.chance(0.1) ? 'ADMIN' : 'STANDARD',
      pending: random.chance(0.05),
      advertisers: [...advertisers],
      ttAccounts: [...ttAccounts],
    });
  }
}
