import { CATALOGUE } from '@/lib/health/catalogue';
import { authorizationEnded, blocksAd, postProblems, type PostFacts } from '@/lib/health/post-rules';
import { AD_ROLE_LABELS, bcHolds, canCreateAds, identityUsable, isBound, type Identity, type MemberAccess, type PermissionSnapshot, type SnapshotIndex } from './access';
import { availableStatusWords } from '@/lib/tiktok-words';

/**
 * The links a member needs to run a post as a Spark Ad on an ad account, in the order Business
 * Center makes you fix them. For a post of a TikTok account linked to a BC: the BC holds Existing
 * posts on the account → the member is assigned the account with Existing posts → the member is
 * Admin or Operator on the ad account → the account's identity is available on the ad account. A
 * post authorized with a creator's Spark code only needs the role and a live authorization; a
 * creator's own TikTok account identity only needs the role and that identity.
 */
export type LinkKind = 'invitation' | 'bcPermission' | 'memberPermission' | 'adAccountRole' | 'identity' | 'authorization' | 'post';

export const LINK_LABELS: Record<LinkKind, string> = {
  invitation: 'Member has accepted the invitation',
  bcPermission: 'Business Center holds Existing posts on the TikTok account',
  memberPermission: 'Member is assigned the TikTok account with Existing posts',
  adAccountRole: 'Member is Admin or Operator on the ad account',
  identity: 'Identity available on the ad account',
  authorization: 'Post authorized on the ad account with a Spark code',
  post: 'Post can run as an ad (not deleted, private or of a format Spark refuses)',
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

/** `facts`: the post's state as the synced Spark authorizations or identity post lists give it; null when only ads name it. */
export type KnownPost = { itemId: string; caption: string | null; uses: PostUse[]; facts: PostFacts | null };

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

/**
 * The same post checks ad health runs (lib/health/post-rules), for the identity the post would run
 * through: the first one that fails, in the catalogue's words, or ok.
 */
function postStep(post: KnownPost, identity: Pick<Identity, 'adsOnlyMode'> | undefined): PathStep {
  if (post.facts === null) return step('post', true, 'No synced post list shows this post as deleted, private or unsupported');
  const problem = postProblems(post.facts, { adsOnlyMode: identity?.adsOnlyMode ?? null }).find(blocksAd);
  if (problem === undefined) return step('post', true, 'The post is public (or runs through an ads-only identity) in a format Spark accepts');
  const rule = CATALOGUE[problem.code];
  const detail = problem.code === 'POST_UNSUPPORTED' ? `${rule.label}: ${problem.reason}` : `${rule.label} (${problem.status})`;
  const fix =
    problem.code === 'POST_DELETED'
      ? 'A deleted post cannot come back: choose another post.'
      : problem.code === 'POST_PRIVATE'
        ? 'Ask the creator to make the post public (TikTok app → the post → Privacy settings → Everyone).'
        : 'Spark cannot run this kind of post: choose another post.';
  return step('post', false, detail, fix);
}

function finish(advertiserId: string, index: SnapshotIndex, bcId: string | null, steps: PathStep[]): AccessPath {
  // Only the first missing link is actionable; later ones are still evaluated so the page can show them.
  return { advertiserId, advertiserName: index.adName(advertiserId), bcId, bcName: bcId === null ? null : index.bcName(bcId), steps, firstMissing: steps.find((s) => !s.ok) ?? null };
}

/** The BC TikTok account a post's BC identity stands for: its asset id and name, or why it is not known. */
type BcAccountOfPost = { ttAccountId: string; name: string; ambiguous: string | null };

function bcPath(member: MemberAccess, snapshot: PermissionSnapshot, index: SnapshotIndex, post: KnownPost, of: BcAccountOfPost, bcId: string | null, advertiserId: string): AccessPath {
  const { ttAccountId, name: account } = of;
  const adName = index.adName(advertiserId);
  const steps: PathStep[] = [];
  const bcAccount = bcId === null ? undefined : index.ttAccount(bcId, ttAccountId);
  const bcName = bcId === null ? 'any Business Center Sparkcheck syncs' : index.bcName(bcId);
  if (of.ambiguous !== null) {
    steps.push(
      step(
        'bcPermission',
        false,
        `${bcName} holds ${of.ambiguous} named ${account}: Sparkcheck cannot tell which one the post's identity is`,
        `In Business Center → Accounts → TikTok accounts, remove the account named ${account} that is no longer used, then sync again.`,
      ),
    );
  } else if (!bcAccount) {
    steps.push(
      step(
        'bcPermission',
        false,
        `${account} is not linked to ${bcName}`,
        `In Business Center → Accounts → TikTok accounts, request access to ${account} with Existing posts; the account owner approves by scanning the QR code.`,
      ),
    );
  } else if (!isBound(bcAccount)) {
    steps.push(
      step(
        'bcPermission',
        false,
        `The link of ${account} to ${bcName} is pending: the owner has not scanned the QR code`,
        `Ask the owner of ${account} to scan the Business Center QR code (Accounts → TikTok accounts → ${account}); until then the Business Center holds no permission on it.`,
      ),
    );
  } else if (!bcHolds(bcAccount).has('POST')) {
    steps.push(
      step(
        'bcPermission',
        false,
        `${bcName} does not hold Existing posts on ${account}`,
        `Ask the owner of ${account} to grant the Business Center Existing posts (Accounts → TikTok accounts → ${account} → request permissions again); a Business Center can only give members what it holds.`,
      ),
    );
  } else {
    steps.push(step('bcPermission', true, `${bcName} holds Existing posts on ${account}`));
  }
  const membership = bcId === null ? undefined : snapshot.members.find((m) => m.bcId === bcId && m.memberKey === member.memberKey);
  const grant = bcId === null ? undefined : snapshot.grants.find((g) => g.bcId === bcId && g.memberKey === member.memberKey && g.assetType === 'TT_ACCOUNT' && g.assetId === ttAccountId);
  const selfFix = membership?.bcRole === 'ADMIN' ? ` ${member.name} is an Admin of ${bcName} and can do this themselves.` : '';
  if (bcId === null) {
    steps.push(
      step(
        'memberPermission',
        false,
        `${member.name} cannot be assigned ${account} before it is linked to a Business Center`,
        `Link ${account} first (above), then assign it to ${member.name} with Existing posts.`,
      ),
    );
  } else if (!membership) {
    steps.push(
      step('memberPermission', false, `${member.name} is not a member of ${bcName}`, `Invite ${member.name} to ${bcName} (Users → Invite member), then assign ${account} with Existing posts.`),
    );
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
    steps.push(
      step(
        'identity',
        false,
        `${account} on ${adName} is not available (${status})`,
        `Fix the Business Center's link to ${account} first (it must be linked with Existing posts); the identity on ${adName} follows it.`,
      ),
    );
  } else {
    steps.push(step('identity', true, `${account} is available as an identity on ${adName}`));
  }
  steps.push(postStep(post, identity));
  return finish(advertiserId, index, bcId, steps);
}

function directPath(member: MemberAccess, index: SnapshotIndex, post: KnownPost, via: 'TT_USER' | 'AUTH_CODE', advertiserId: string, now: Date): AccessPath {
  const adName = index.adName(advertiserId);
  const steps = [adRoleStep(member, advertiserId, adName)];
  const use = post.uses.find((u) => u.advertiserId === advertiserId && u.identityType === via);
  let identity: Identity | undefined;
  if (via === 'AUTH_CODE') {
    // The same authorization rule as ad health (lib/health/post-rules); a Spark code's identity is never ads-only.
    const authorized = use !== undefined && use.authStatus !== 'NOT_AUTHORIZED';
    const ended = authorized ? authorizationEnded({ adAuthStatus: use.authStatus ?? null, authEndTime: use.authEnd ?? null }, now) : null;
    const detail = !authorized ? `The post is not authorized on ${adName}` : ended === null ? `The post is authorized on ${adName} with a Spark code` : `${CATALOGUE[ended].label} on ${adName}`;
    steps.push(step('authorization', authorized && ended === null, detail, `Ask the creator for a Spark code for this post (Ad settings → Ad authorization) and apply it to ${adName}.`));
  } else {
    identity = use && index.identity(advertiserId, 'TT_USER', use.identityId, '');
    steps.push(
      identityUsable(identity)
        ? step('identity', true, `The creator's TikTok account is available as an identity on ${adName}`)
        : step(
            'identity',
            false,
            `The creator's TikTok account is not available on ${adName}${identity?.availableStatus ? ` (${availableStatusWords(identity.availableStatus)})` : ''}`,
            `Ask the creator to reconnect their TikTok account to ${adName} as a business account with ad permissions.`,
          ),
    );
  }
  steps.push(postStep(post, identity));
  return finish(advertiserId, index, null, steps);
}

/** How many links hold before the first missing one. */
const progress = (path: AccessPath) => (path.firstMissing === null ? path.steps.length : path.steps.indexOf(path.firstMissing));

/**
 * Can this member run this post as a Spark Ad, and if not, what is the first missing link? Looks at
 * the given ad account, or else at every ad account the post or its TikTok account reaches and every
 * ad account the member has a role on.
 */
export function explainPost(input: { member: MemberAccess; post: KnownPost; advertiserId?: string; now: Date }, snapshot: PermissionSnapshot, index: SnapshotIndex): Explanation {
  const { member, post, now } = input;
  const bcUse = post.uses.find((u) => u.identityType === 'BC_AUTH_TT');
  const direct = post.uses.some((u) => u.identityType === 'TT_USER') ? 'TT_USER' : 'AUTH_CODE';
  const via = bcUse ? 'BC_AUTH_TT' : direct;
  let paths: AccessPath[];
  let accountName: string | null = null;
  if (bcUse) {
    // The post's identity is a BC identity; which BC TikTok account it stands for is the same match ad health makes.
    const match = index.accountOfIdentity(bcUse.identityId, bcUse.bcId);
    const listedName = snapshot.identities.find((i) => i.identityType === 'BC_AUTH_TT' && i.identityId === bcUse.identityId)?.name ?? null;
    const identityName = listedName === null ? bcUse.identityId : `@${listedName.replace(/^@/, '')}`;
    const of: BcAccountOfPost =
      match?.kind === 'matched'
        ? { ttAccountId: match.account.ttAccountId, name: index.ttName(match.account.ttAccountId), ambiguous: null }
        : { ttAccountId: bcUse.identityId, name: identityName, ambiguous: match?.kind === 'ambiguous' ? `${match.accounts.length} TikTok accounts` : null };
    accountName = of.name;
    const synced = new Set(snapshot.bcs.map((b) => b.bcId));
    const bcs = unique([bcUse.bcId, ...snapshot.ttAccounts.filter((a) => a.ttAccountId === of.ttAccountId).map((a) => a.bcId)]).filter((bc) => synced.has(bc));
    const reached = snapshot.identities.filter((i) => i.identityType === 'BC_AUTH_TT' && index.bcIdentity(i.advertiserId, of.ttAccountId, i.bcId) === i).map((i) => i.advertiserId);
    const advertisers = input.advertiserId ? [input.advertiserId] : unique([...post.uses.map((u) => u.advertiserId), ...reached, ...member.adAccounts.keys()]);
    paths = advertisers.flatMap((ad) => (bcs.length === 0 ? [null] : bcs).map((bc) => bcPath(member, snapshot, index, post, of, bc, ad)));
  } else {
    const ownAccount = via === 'TT_USER' ? post.uses.find((u) => u.identityType === 'TT_USER')?.identityId : undefined;
    const advertisers = input.advertiserId ? [input.advertiserId] : unique([...post.uses.map((u) => u.advertiserId), ...member.adAccounts.keys()]);
    paths = advertisers.map((ad) => directPath(member, index, post, direct, ad, now));
    // Named by the identity's handle; TikTok's identity id (a UUID) is no name to show.
    if (ownAccount !== undefined) accountName = snapshot.identities.find((i) => i.identityType === 'TT_USER' && i.identityId === ownAccount)?.name ?? null;
  }
  if (member.pendingOnly) {
    const bcNames = member.bcs.map((b) => b.bcName).join(', ');
    const invitation = step(
      'invitation',
      false,
      `${member.name} has not accepted the invitation to ${bcNames}`,
      `Ask ${member.name} to accept the Business Center invitation (Business Center → Users → resend the invitation if it expired).`,
    );
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
