import { AD_ROLE_LABELS, bcHolds, canCreateAds, identityUsable, isBound, type MemberAccess, type PermissionSnapshot, type SnapshotIndex } from './access';
import { availableStatusWords } from '@/lib/tiktok-words';

/**
 * The links a member needs to run a post as a Spark Ad on an ad account, in the order Business
 * Center makes you fix them. For a post of a TikTok account linked to a BC: the BC holds Existing
 * posts on the account → the member is assigned the account with Existing posts → the member is
 * Admin or Operator on the ad account → the account's identity is available on the ad account. A
 * post authorized with a creator's Spark code only needs the role and a live authorization; a
 * creator's own TikTok account identity only needs the role and that identity.
 */
export type LinkKind = 'invitation' | 'bcPermission' | 'memberPermission' | 'adAccountRole' | 'identity' | 'authorization';

export const LINK_LABELS: Record<LinkKind, string> = {
  invitation: 'Member has accepted the invitation',
  bcPermission: 'Business Center holds Existing posts on the TikTok account',
  memberPermission: 'Member is assigned the TikTok account with Existing posts',
  adAccountRole: 'Member is Admin or Operator on the ad account',
  identity: 'Identity available on the ad account',
  authorization: 'Post authorized on the ad account with a Spark code',
};

/** Where Sparkcheck has seen a post: the ad account and identity an ad or an authorization uses it through. */
export type PostUse = {
  advertiserId: string;
  identityType: string;
  identityId: string;
  /** '' unless BC_AUTH_TT. */
  bcId: string;
  /** For a Spark-code authorization: TikTok's `ad_auth_status` and end. */
  authStatus?: string | null;
  authEnd?: Date | null;
};

export type KnownPost = { itemId: string; caption: string | null; uses: PostUse[] };

export type PathStep = { link: LinkKind; ok: boolean; detail: string; fix: string | null };
export type AccessPath = { advertiserId: string; advertiserName: string; bcId: string | null; bcName: string | null; steps: PathStep[]; firstMissing: PathStep | null };

export type Explanation = {
  memberKey: string;
  memberName: string;
  itemId: string;
  /** How the post reaches ads: a BC-linked TikTok account, a creator's own account, or a Spark code. */
  via: 'BC_AUTH_TT' | 'TT_USER' | 'AUTH_CODE';
  /** The TikTok account's name for BC_AUTH_TT and TT_USER posts. */
  accountName: string | null;
  canUse: boolean;
  usableOn: { advertiserId: string; advertiserName: string }[];
  /** The path shown: the first usable one, or the one that gets furthest before a missing link. */
  path: AccessPath;
  paths: AccessPath[];
};

const step = (link: LinkKind, ok: boolean, detail: string, fix: string | null = null): PathStep => ({ link, ok, detail, fix: ok ? null : fix });

const unique = <T>(values: T[]) => [...new Set(values)];

function adRoleStep(member: MemberAccess, advertiserId: string, adName: string): PathStep {
  const role = member.adAccounts.get(advertiserId)?.role;
  if (canCreateAds(role)) return step('adAccountRole', true, `${member.name} is ${AD_ROLE_LABELS[role!]} on ${adName}`);
  const fix = `In Business Center → Users → ${member.name} → Grant access, give ad account ${adName} the Operator or Admin role.`;
  return role
    ? step('adAccountRole', false, `${member.name} is only ${AD_ROLE_LABELS[role] ?? role} on ${adName}, which cannot create ads`, fix)
    : step('adAccountRole', false, `${member.name} has no role on ${adName}`, fix);
}

function finish(advertiserId: string, index: SnapshotIndex, bcId: string | null, steps: PathStep[]): AccessPath {
  // Only the first missing link is actionable; later ones are still evaluated so the page can show them.
  return { advertiserId, advertiserName: index.adName(advertiserId), bcId, bcName: bcId === null ? null : index.bcName(bcId), steps, firstMissing: steps.find((s) => !s.ok) ?? null };
}

function bcPath(member: MemberAccess, snapshot: PermissionSnapshot, index: SnapshotIndex, ttAccountId: string, bcId: string | null, advertiserId: string): AccessPath {
  const account = index.ttName(ttAccountId);
  const adName = index.adName(advertiserId);
  const steps: PathStep[] = [];
  const bcAccount = bcId === null ? undefined : index.ttAccount(bcId, ttAccountId);
  const bcName = bcId === null ? 'any Business Center Sparkcheck syncs' : index.bcName(bcId);
  if (!bcAccount) {
    steps.push(step('bcPermission', false, `${account} is not linked to ${bcName}`, `In Business Center → Accounts → TikTok accounts, request access to ${account} with Existing posts; the account owner approves by scanning the QR code.`));
  } else if (!isBound(bcAccount)) {
    steps.push(step('bcPermission', false, `The link of ${account} to ${bcName} is pending: the owner has not scanned the QR code`, `Ask the owner of ${account} to scan the Business Center QR code (Accounts → TikTok accounts → ${account}); until then the Business Center holds no permission on it.`));
  } else if (!bcHolds(bcAccount).has('POST')) {
    steps.push(step('bcPermission', false, `${bcName} does not hold Existing posts on ${account}`, `Ask the owner of ${account} to grant the Business Center Existing posts (Accounts → TikTok accounts → ${account} → request permissions again); a Business Center can only give members what it holds.`));
  } else {
    steps.push(step('bcPermission', true, `${bcName} holds Existing posts on ${account}`));
  }
  const membership = bcId === null ? undefined : snapshot.members.find((m) => m.bcId === bcId && m.memberKey === member.memberKey);
  const grant = bcId === null ? undefined : snapshot.grants.find((g) => g.bcId === bcId && g.memberKey === member.memberKey && g.assetType === 'TT_ACCOUNT' && g.assetId === ttAccountId);
  const selfFix = membership?.bcRole === 'ADMIN' ? ` ${member.name} is an Admin of ${bcName} and can do this themselves.` : '';
  if (bcId === null) {
    steps.push(step('memberPermission', false, `${member.name} cannot be assigned ${account} before it is linked to a Business Center`, `Link ${account} first (above), then assign it to ${member.name} with Existing posts.`));
  } else if (!membership) {
    steps.push(step('memberPermission', false, `${member.name} is not a member of ${bcName}`, `Invite ${member.name} to ${bcName} (Users → Invite member), then assign ${account} with Existing posts.`));
  } else if (!grant?.ttAccountRoles.includes('POST')) {
    steps.push(
      step(
        'memberPermission',
        false,
        grant ? `${member.name} is assigned ${account} without Existing posts` : `${member.name} is not assigned ${account}`,
        `In Business Center → Accounts → TikTok accounts → ${account} → Members, give ${member.name} Existing posts.${selfFix}`,
      ),
    );
  } else {
    steps.push(step('memberPermission', true, `${member.name} is assigned ${account} with Existing posts`));
  }
  steps.push(adRoleStep(member, advertiserId, adName));
  const identity = bcId === null ? undefined : index.bcIdentity(advertiserId, ttAccountId, bcId);
  if (!identity) {
    steps.push(step('identity', false, `${account} is not assigned to ad account ${adName}`, `In Business Center → Accounts → TikTok accounts → ${account}, assign it to ad account ${adName}.`));
  } else if (!identityUsable(identity)) {
    const status = identity.availableStatus && identity.availableStatus !== 'AVAILABLE' ? availableStatusWords(identity.availableStatus) : 'cannot pull posts';
    steps.push(step('identity', false, `${account} on ${adName} is not available (${status})`, `Fix the Business Center's link to ${account} first (it must be linked with Existing posts); the identity on ${adName} follows it.`));
  } else {
    steps.push(step('identity', true, `${account} is available as an identity on ${adName}`));
  }
  return finish(advertiserId, index, bcId, steps);
}

function directPath(member: MemberAccess, index: SnapshotIndex, post: KnownPost, via: 'TT_USER' | 'AUTH_CODE', advertiserId: string, now: Date): AccessPath {
  const adName = index.adName(advertiserId);
  const steps = [adRoleStep(member, advertiserId, adName)];
  const use = post.uses.find((u) => u.advertiserId === advertiserId && u.identityType === via);
  if (via === 'AUTH_CODE') {
    const live = use !== undefined && (use.authStatus ?? 'AUTHORIZED') === 'AUTHORIZED' && (!use.authEnd || use.authEnd > now);
    const detail = !use ? `The post is not authorized on ${adName}` : live ? `The post is authorized on ${adName} with a Spark code` : `The post's authorization on ${adName} has ended or was revoked`;
    steps.push(step('authorization', live, detail, `Ask the creator for a Spark code for this post (Ad settings → Ad authorization) and apply it to ${adName}.`));
  } else {
    const identity = use && index.identity(advertiserId, 'TT_USER', use.identityId, '');
    steps.push(
      identityUsable(identity)
        ? step('identity', true, `The creator's TikTok account is available as an identity on ${adName}`)
        : step('identity', false, `The creator's TikTok account is not available on ${adName}${identity?.availableStatus ? ` (${availableStatusWords(identity.availableStatus)})` : ''}`, `Ask the creator to reconnect their TikTok account to ${adName} as a business account with ad permissions.`),
    );
  }
  return finish(advertiserId, index, null, steps);
}

/** How many links hold before the first missing one. */
const progress = (path: AccessPath) => (path.firstMissing === null ? path.steps.length : path.steps.indexOf(path.firstMissing));

/**
 * Can this member run this post as a Spark Ad, and if not, what is the first missing link? Looks at
 * the given ad account, or else at every ad account the post or its TikTok account reaches and every
 * ad account the member has a role on.
 */
export function explainPost(
  input: { member: MemberAccess; post: KnownPost; advertiserId?: string; now: Date },
  snapshot: PermissionSnapshot,
  index: SnapshotIndex,
): Explanation {
  const { member, post, now } = input;
  const bcUse = post.uses.find((u) => u.identityType === 'BC_AUTH_TT');
  const direct = post.uses.some((u) => u.identityType === 'TT_USER') ? 'TT_USER' : 'AUTH_CODE';
  const via = bcUse ? 'BC_AUTH_TT' : direct;
  let paths: AccessPath[];
  let accountName: string | null = null;
  if (bcUse) {
    const ttAccountId = bcUse.identityId;
    accountName = index.ttName(ttAccountId);
    const synced = new Set(snapshot.bcs.map((b) => b.bcId));
    const bcs = unique([...post.uses.filter((u) => u.identityType === 'BC_AUTH_TT' && u.identityId === ttAccountId).map((u) => u.bcId), ...snapshot.ttAccounts.filter((a) => a.ttAccountId === ttAccountId).map((a) => a.bcId)]).filter((bc) => synced.has(bc));
    const reached = snapshot.identities.filter((i) => i.identityType === 'BC_AUTH_TT' && i.identityId === ttAccountId).map((i) => i.advertiserId);
    const advertisers = input.advertiserId ? [input.advertiserId] : unique([...post.uses.map((u) => u.advertiserId), ...reached, ...member.adAccounts.keys()]);
    paths = advertisers.flatMap((ad) => (bcs.length === 0 ? [null] : bcs).map((bc) => bcPath(member, snapshot, index, ttAccountId, bc, ad)));
  } else {
    const ownAccount = via === 'TT_USER' ? post.uses.find((u) => u.identityType === 'TT_USER')?.identityId : undefined;
    const advertisers = input.advertiserId ? [input.advertiserId] : unique([...post.uses.map((u) => u.advertiserId), ...member.adAccounts.keys()]);
    paths = advertisers.map((ad) => directPath(member, index, post, direct, ad, now));
    // Named by the identity's handle; TikTok's identity id (a UUID) is no name to show.
    if (ownAccount !== undefined) accountName = snapshot.identities.find((i) => i.identityType === 'TT_USER' && i.identityId === ownAccount)?.name ?? null;
  }
  if (member.pendingOnly) {
    const bcNames = member.bcs.map((b) => b.bcName).join(', ');
    const invitation = step('invitation', false, `${member.name} has not accepted the invitation to ${bcNames}`, `Ask ${member.name} to accept the Business Center invitation (Business Center → Users → resend the invitation if it expired).`);
    paths = paths.map((p) => ({ ...p, steps: [invitation, ...p.steps], firstMissing: invitation }));
  }
  const usable = paths.filter((p) => p.firstMissing === null);
  // Among paths that fail equally early, an ad account the member already works on is the closer one.
  const closeness = (p: AccessPath) => progress(p) * 2 + (member.adAccounts.has(p.advertiserId) ? 1 : 0);
  const path = usable[0] ?? [...paths].sort((a, b) => closeness(b) - closeness(a))[0]!;
  return {
    memberKey: member.memberKey,
    memberName: member.name,
    itemId: post.itemId,
    via,
    accountName,
    canUse: usable.length > 0,
    usableOn: unique(usable.map((p) => p.advertiserId)).map((id) => ({ advertiserId: id, advertiserName: index.adName(id) })),
    path,
    paths,
  };
}
