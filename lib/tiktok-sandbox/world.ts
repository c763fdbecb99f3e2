import type { Random } from './random';
import { generateSparkCode } from './spark-codes';
import { DAY_MS } from './time';
import type {
  Ad,
  AdExpectation,
  AdTree,
  Advertiser,
  AdvertiserRole,
  Authorization,
  BcAdvertiser,
  BcMember,
  BcTikTokAccount,
  BusinessCenter,
  CreatorCode,
  CreatorCodeCase,
  IdentityView,
  Post,
  PostStatus,
  StoredIdentity,
  TikTokAccount,
  TtAccountRole,
} from './types';

/** A mutation named something that does not exist. */
export class WorldError extends Error {}

export type AuthorizationStatus = 'AUTHORIZED' | 'EXPIRED' | 'REVOKED';

type MaterializedTree = { tree: AdTree; adsById: Map<string, Ad> };

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  const existing = map.get(key);
  if (existing !== undefined) return existing;
  const value = create();
  map.set(key, value);
  return value;
}

/**
 * The simulated TikTok state: storage, the indexes the endpoints need, and the mutations tests use.
 * Campaigns, ad groups and ads of an advertiser may come from a lazy source (large worlds) and are
 * materialized on first access.
 */
export class World {
  readonly bcs = new Map<string, BusinessCenter>();
  readonly advertisers = new Map<string, Advertiser>();
  readonly ttAccounts = new Map<string, TikTokAccount>();
  private readonly ttAccountsByAssetId = new Map<string, TikTokAccount>();
  readonly posts = new Map<string, Post>();
  /** Every Spark code creators generated, applied or not, by code. */
  readonly sparkCodes = new Map<string, CreatorCode>();
  /** Unused creator codes and what applying each should do (seeded world; empty for large worlds). */
  readonly creatorCodes: CreatorCodeCase[] = [];
  /** Intended health of every seeded ad (seeded world; empty for large worlds). */
  readonly expectations: AdExpectation[] = [];

  private readonly bcAdvertisers = new Map<string, Map<string, BcAdvertiser>>();
  private readonly bcTtAccounts = new Map<string, Map<string, BcTikTokAccount>>();
  private readonly members = new Map<string, BcMember[]>();
  private readonly storedIdentities = new Map<string, StoredIdentity>();
  private readonly identitiesByAdvertiser = new Map<string, StoredIdentity[]>();
  private readonly postsByAccount = new Map<string, Post[]>();
  private readonly authorizations = new Map<string, Map<string, Authorization>>();
  private readonly trees = new Map<string, MaterializedTree>();
  private readonly refs = new Map<string, string>();
  private adTreeSource: ((advertiserId: string) => AdTree) | null = null;

  constructor(
    private readonly now: () => number,
    private readonly random: Random,
  ) {}

  // ---- building ----------------------------------------------------------------------------

  setRef(name: string, id: string): void {
    this.refs.set(name, id);
  }

  addBc(bc: BusinessCenter): void {
    this.bcs.set(bc.bcId, bc);
  }

  addAdvertiser(advertiser: Advertiser, asset: Omit<BcAdvertiser, 'advertiserId'>): void {
    this.advertisers.set(advertiser.advertiserId, advertiser);
    getOrCreate(this.bcAdvertisers, asset.bcId, () => new Map()).set(advertiser.advertiserId, { ...asset, advertiserId: advertiser.advertiserId });
  }

  addTtAccount(account: TikTokAccount): void {
    this.ttAccounts.set(account.ttAccountId, account);
    this.ttAccountsByAssetId.set(account.assetId, account);
  }

  /** The account a BC `asset_id` names. */
  ttAccountByAssetId(assetId: string): TikTokAccount | undefined {
    return this.ttAccountsByAssetId.get(assetId);
  }

  linkTtAccount(link: BcTikTokAccount): void {
    getOrCreate(this.bcTtAccounts, link.bcId, () => new Map()).set(link.ttAccountId, link);
  }

  addMember(member: BcMember): void {
    getOrCreate(this.members, member.bcId, () => []).push(member);
  }

  addIdentity(identity: StoredIdentity): void {
    this.storedIdentities.set(identity.identityId, identity);
    for (const advertiserId of identity.advertiserIds) getOrCreate(this.identitiesByAdvertiser, advertiserId, () => []).push(identity);
  }

  addPost(post: Post): void {
    this.posts.set(post.itemId, post);
    getOrCreate(this.postsByAccount, post.ttAccountId, () => []).push(post);
  }

  addCreatorCode(code: CreatorCode): void {
    this.sparkCodes.set(code.code, code);
  }

  putAuthorization(authorization: Authorization): void {
    getOrCreate(this.authorizations, authorization.advertiserId, () => new Map()).set(authorization.itemId, authorization);
  }

  /** Trees not set explicitly are built by `source` on first access. */
  setAdTreeSource(source: (advertiserId: string) => AdTree): void {
    this.adTreeSource = source;
  }

  setAdTree(advertiserId: string, tree: AdTree): void {
    this.trees.set(advertiserId, { tree, adsById: new Map(tree.ads.map((ad) => [ad.adId, ad])) });
  }

  // ---- queries -----------------------------------------------------------------------------

  /** A named id of the seeded world, e.g. `advertiser:northwindUs`. */
  ref(name: string): string {
    const id = this.refs.get(name);
    if (id === undefined) throw new WorldError(`No such reference: ${name}`);
    return id;
  }

  refNames(): string[] {
    return [...this.refs.keys()];
  }

  advertiserAssets(bcId: string): BcAdvertiser[] {
    return [...(this.bcAdvertisers.get(bcId)?.values() ?? [])];
  }

  bcAdvertiser(bcId: string, advertiserId: string): BcAdvertiser | undefined {
    return this.bcAdvertisers.get(bcId)?.get(advertiserId);
  }

  ttAccountAssets(bcId: string): BcTikTokAccount[] {
    return [...(this.bcTtAccounts.get(bcId)?.values() ?? [])];
  }

  bcTtAccount(bcId: string, ttAccountId: string): BcTikTokAccount | undefined {
    return this.bcTtAccounts.get(bcId)?.get(ttAccountId);
  }

  membersOf(bcId: string): readonly BcMember[] {
    return this.members.get(bcId) ?? [];
  }

  /** A member by `user_id`, or by e-mail for invitees who have none yet. */
  member(bcId: string, userKey: string): BcMember | undefined {
    return this.membersOf(bcId).find((m) => m.userId === userKey || m.userEmail === userKey);
  }

  postsOf(ttAccountId: string): readonly Post[] {
    return this.postsByAccount.get(ttAccountId) ?? [];
  }

  authorizationsOf(advertiserId: string): Authorization[] {
    return [...(this.authorizations.get(advertiserId)?.values() ?? [])];
  }

  authorization(advertiserId: string, itemId: string): Authorization | undefined {
    return this.authorizations.get(advertiserId)?.get(itemId);
  }

  authorizationStatus(authorization: Authorization): AuthorizationStatus {
    // Unknown in the real API: the full ad_auth_status enum; AUTHORIZED is documented, EXPIRED seen, REVOKED our guess.
    if (authorization.revoked) return 'REVOKED';
    return this.now() >= authorization.authEndMs ? 'EXPIRED' : 'AUTHORIZED';
  }

  adTree(advertiserId: string): AdTree {
    return this.materialize(advertiserId).tree;
  }

  ad(advertiserId: string, adId: string): Ad | undefined {
    return this.materialize(advertiserId).adsById.get(adId);
  }

  /** Every identity the advertiser can use, in a stable order: stored, then BC-linked, then Spark-code creators. */
  identitiesOf(advertiserId: string): IdentityView[] {
    const views: IdentityView[] = (this.identitiesByAdvertiser.get(advertiserId) ?? []).map((identity) => ({
      identityId: identity.identityId,
      identityType: identity.identityType,
      identityAuthorizedBcId: null,
      ttAccountId: identity.ttAccountId,
      displayName: identity.displayName,
      username: identity.ttAccountId === null ? null : (this.ttAccounts.get(identity.ttAccountId)?.handle ?? null),
      availableStatus: identity.availableStatus,
      canPullVideo: identity.canPullVideo,
      canPushVideo: identity.canPushVideo,
      canUseLiveAds: identity.canUseLiveAds,
      canManageMessage: identity.canManageMessage,
      adsOnlyMode: false,
    }));
    for (const links of this.bcTtAccounts.values()) {
      for (const link of links.values()) {
        if (link.assignedAdvertiserIds.has(advertiserId)) views.push(this.bcIdentityView(link));
      }
    }
    const creators = new Set<string>();
    for (const authorization of this.authorizationsOf(advertiserId)) {
      const post = this.posts.get(authorization.itemId);
      if (post !== undefined) creators.add(post.ttAccountId);
    }
    for (const ttAccountId of creators) {
      const account = this.ttAccounts.get(ttAccountId);
      if (account !== undefined) views.push(authCodeIdentityView(account));
    }
    return views;
  }

  identityOf(advertiserId: string, identityId: string, identityType: string, bcId: string | undefined): IdentityView | undefined {
    return this.identitiesOf(advertiserId).find((i) => i.identityId === identityId && i.identityType === identityType && (i.identityType !== 'BC_AUTH_TT' || i.identityAuthorizedBcId === bcId));
  }

  // ---- mutations ---------------------------------------------------------------------------

  /** Deletes an ad the way TikTok does: it stays, with operation status DELETE. */
  deleteAd(adId: string): void {
    for (const advertiserId of this.advertisers.keys()) {
      const ad = this.ad(advertiserId, adId);
      if (ad === undefined) continue;
      ad.operationStatus = 'DELETE';
      ad.modifyMs = this.now();
      return;
    }
    throw new WorldError(`No ad ${adId}`);
  }

  removeMember(bcId: string, userKey: string): void {
    const list = this.members.get(bcId) ?? [];
    const index = list.findIndex((m) => m.userId === userKey || m.userEmail === userKey);
    if (index < 0) throw new WorldError(`No member ${userKey} in BC ${bcId}`);
    list.splice(index, 1);
  }

  /** A pending invitee accepts: from now on a BOUND member with a user_id. */
  acceptInvitation(bcId: string, email: string, userId: string): void {
    const member = this.requireMember(bcId, email);
    if (member.relationStatus !== 'PENDING') throw new WorldError(`${email} has no pending invitation to BC ${bcId}`);
    member.relationStatus = 'BOUND';
    member.userId = userId;
  }

  setMemberAdvertiserRole(bcId: string, userKey: string, advertiserId: string, role: AdvertiserRole | null): void {
    const member = this.requireMember(bcId, userKey);
    this.requireAdvertiserAsset(bcId, advertiserId);
    if (role === null) member.advertiserRoles.delete(advertiserId);
    else member.advertiserRoles.set(advertiserId, role);
  }

  /** An empty role list unassigns the TikTok account from the member. */
  setMemberTtAccountRoles(bcId: string, userKey: string, ttAccountId: string, roles: TtAccountRole[]): void {
    const member = this.requireMember(bcId, userKey);
    this.requireBcTtAccount(bcId, ttAccountId);
    if (roles.length === 0) member.ttAccountRoles.delete(ttAccountId);
    else member.ttAccountRoles.set(ttAccountId, [...roles]);
  }

  unlinkTtAccount(bcId: string, ttAccountId: string): void {
    this.requireBcTtAccount(bcId, ttAccountId);
    this.bcTtAccounts.get(bcId)?.delete(ttAccountId);
    for (const member of this.membersOf(bcId)) member.ttAccountRoles.delete(ttAccountId);
  }

  /** Changes what is given; e.g. `{ linkStatus: 'LINKED', roles: ['POST'] }` once the owner scans the QR code. */
  updateBcTtAccount(bcId: string, ttAccountId: string, patch: { linkStatus?: BcTikTokAccount['linkStatus']; roles?: TtAccountRole[]; canPush?: boolean; adsOnlyMode?: boolean }): void {
    const link = this.requireBcTtAccount(bcId, ttAccountId);
    if (patch.linkStatus !== undefined) link.linkStatus = patch.linkStatus;
    if (patch.roles !== undefined) link.roles = [...patch.roles];
    if (patch.canPush !== undefined) link.canPush = patch.canPush;
    if (patch.adsOnlyMode !== undefined) link.adsOnlyMode = patch.adsOnlyMode;
  }

  setTtAccountAssignment(bcId: string, ttAccountId: string, advertiserId: string, assigned: boolean): void {
    const link = this.requireBcTtAccount(bcId, ttAccountId);
    this.requireAdvertiserAsset(bcId, advertiserId);
    if (assigned) link.assignedAdvertiserIds.add(advertiserId);
    else link.assignedAdvertiserIds.delete(advertiserId);
  }

  /** The creator turned Ad authorization off for a post authorized to this ad account. */
  revokeAuthorization(advertiserId: string, itemId: string): void {
    const authorization = this.authorization(advertiserId, itemId);
    if (authorization === undefined) throw new WorldError(`Post ${itemId} is not authorized to advertiser ${advertiserId}`);
    authorization.revoked = true;
  }

  /** Removes the authorization from the ad account (`/tt_video/unbind/`); false when there was none. */
  unbindAuthorization(advertiserId: string, itemId: string): boolean {
    return this.authorizations.get(advertiserId)?.delete(itemId) ?? false;
  }

  setPostStatus(itemId: string, status: PostStatus): void {
    const post = this.posts.get(itemId);
    if (post === undefined) throw new WorldError(`No post ${itemId}`);
    post.status = status;
  }

  /** The creator generates a new Spark code for one of their posts, e.g. to renew an expired one. */
  issueCreatorCode(itemId: string, days: number): CreatorCode {
    if (!this.posts.has(itemId)) throw new WorldError(`No post ${itemId}`);
    const code: CreatorCode = { code: generateSparkCode(this.random), itemId, days, generatedMs: this.now(), revoked: false };
    this.addCreatorCode(code);
    return code;
  }

  /** Applies a code to an ad account; re-applying a new code for the same post renews the window. */
  applyCreatorCode(advertiserId: string, code: CreatorCode): Authorization {
    const authorization: Authorization = {
      advertiserId,
      itemId: code.itemId,
      authCode: code.code,
      // Unknown in the real API: whether the window starts when the code is generated or applied; we take generation.
      authStartMs: code.generatedMs,
      authEndMs: code.generatedMs + code.days * DAY_MS,
      inviteStartMs: this.now(),
      revoked: false,
    };
    this.putAuthorization(authorization);
    return authorization;
  }

  // ---- internals ---------------------------------------------------------------------------

  private materialize(advertiserId: string): MaterializedTree {
    const existing = this.trees.get(advertiserId);
    if (existing !== undefined) return existing;
    const tree = this.adTreeSource !== null && this.advertisers.has(advertiserId) ? this.adTreeSource(advertiserId) : { campaigns: [], adGroups: [], ads: [] };
    this.setAdTree(advertiserId, tree);
    return this.materialize(advertiserId);
  }

  private bcIdentityView(link: BcTikTokAccount): IdentityView {
    const account = this.ttAccounts.get(link.ttAccountId);
    return {
      identityId: link.ttAccountId,
      identityType: 'BC_AUTH_TT',
      identityAuthorizedBcId: link.bcId,
      ttAccountId: link.ttAccountId,
      displayName: account?.displayName ?? '',
      username: account?.handle ?? null,
      // Unknown in the real API: how a pending (QR not scanned) link shows on the identity; we use NO_VALID_BIND_ACCOUNT.
      availableStatus: link.linkStatus === 'LINKED' ? 'AVAILABLE' : 'NO_VALID_BIND_ACCOUNT',
      canPullVideo: link.linkStatus === 'LINKED' && link.roles.includes('POST'),
      canPushVideo: link.linkStatus === 'LINKED' && link.canPush,
      canUseLiveAds: link.linkStatus === 'LINKED' && link.roles.includes('LIVE'),
      canManageMessage: link.linkStatus === 'LINKED' && link.roles.includes('DIRECT_MESSAGE'),
      adsOnlyMode: link.adsOnlyMode,
    };
  }

  private requireMember(bcId: string, userKey: string): BcMember {
    const member = this.member(bcId, userKey);
    if (member === undefined) throw new WorldError(`No member ${userKey} in BC ${bcId}`);
    return member;
  }

  private requireBcTtAccount(bcId: string, ttAccountId: string): BcTikTokAccount {
    const link = this.bcTtAccount(bcId, ttAccountId);
    if (link === undefined) throw new WorldError(`TikTok account ${ttAccountId} is not an asset of BC ${bcId}`);
    return link;
  }

  private requireAdvertiserAsset(bcId: string, advertiserId: string): void {
    if (this.bcAdvertiser(bcId, advertiserId) === undefined) throw new WorldError(`Advertiser ${advertiserId} is not an asset of BC ${bcId}`);
  }
}

function authCodeIdentityView(account: TikTokAccount): IdentityView {
  return {
    identityId: account.authCodeIdentityId,
    identityType: 'AUTH_CODE',
    identityAuthorizedBcId: null,
    ttAccountId: account.ttAccountId,
    displayName: account.displayName,
    username: account.handle,
    // Unknown in the real API: available_status is documented for TT_USER/BC_AUTH_TT only; AUTH_CODE gets null.
    availableStatus: null,
    canPullVideo: true,
    canPushVideo: false,
    canUseLiveAds: false,
    canManageMessage: false,
    adsOnlyMode: false,
  };
}
