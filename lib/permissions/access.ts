import { matchBcAccount, type BcAccountMatch } from '@/lib/tiktok/bc-account-match';

// Effective permissions of Business Center members, from a synced snapshot (pure: no database, no
// network). Words follow Business Center's own UI: "Existing posts" is the `POST` permission.
//
// Decisions where TikTok's documentation is silent or vague:
// - A BC Admin manages every asset of the BC but, per the help centre's role table ("Manage assets:
//   only assigned ones"; "Use or access assets: when they are added"), *uses* only what is assigned
//   to them. So an Admin's effective access is their assignments, like anyone's; the difference is
//   that an Admin can fix a missing link themselves.
// - A member who has not accepted the invitation (relation status PENDING) can use nothing yet.
// - A TikTok account whose link is not BOUND (the owner has not scanned the QR code) gives the BC,
//   and so its members, no permission at all.
// - One person is one member key (TikTok user id, or `email:<address>` for an invitee) across all
//   synced BCs: access through any BC counts.

export const TT_PERMISSIONS = ['POST', 'LIVE', 'DIRECT_MESSAGE'] as const;
export type TtPermission = (typeof TT_PERMISSIONS)[number];

export const PERMISSION_LABELS: Record<string, string> = { POST: 'Existing posts', LIVE: 'LIVE', DIRECT_MESSAGE: 'Direct messages' };
export const AD_ROLE_LABELS: Record<string, string> = { ADMIN: 'Admin', OPERATOR: 'Operator', ANALYST: 'Analyst' };
export const BC_ROLE_LABELS: Record<string, string> = { ADMIN: 'Admin', STANDARD: 'Standard' };

/** TikTok's limits per Business Center (help centre: "up to 4,000 members … 20 Admin roles"; "≤800 TikTok accounts"). */
export const BC_LIMITS = { members: 4000, admins: 20, ttAccounts: 800 } as const;

const AD_ROLE_RANK: Record<string, number> = { ADMIN: 3, OPERATOR: 2, ANALYST: 1 };
/** Admin and Operator may create ads; an Analyst only reads. */
export const canCreateAds = (role: string | null | undefined) => role === 'ADMIN' || role === 'OPERATOR';

export type BcMember = {
  bcId: string;
  memberKey: string;
  name: string | null;
  email: string | null;
  /** `ADMIN` or `STANDARD`. */
  bcRole: string | null;
  relationStatus: string | null;
};

export type MemberGrant = {
  bcId: string;
  memberKey: string;
  assetType: string;
  assetId: string;
  assetName: string | null;
  advertiserRole: string | null;
  ttAccountRoles: string[];
};

/** A TikTok account as an asset of a BC, with what the BC itself holds on it. */
export type BcTikTokAccount = { bcId: string; ttAccountId: string; name: string | null; relationStatus: string | null; roles: string[] };
export type BcAdAccount = { bcId: string; advertiserId: string; name: string | null };
export type Identity = {
  advertiserId: string;
  identityType: string;
  identityId: string;
  /** '' unless BC_AUTH_TT. */
  bcId: string;
  name: string | null;
  username: string | null;
  displayName: string | null;
  availableStatus: string | null;
  canPullVideo: boolean | null;
  /** "Show through ads only": a private post can still run through this identity. */
  adsOnlyMode: boolean | null;
};

export type PermissionSnapshot = {
  bcs: { bcId: string; name: string | null }[];
  members: BcMember[];
  grants: MemberGrant[];
  ttAccounts: BcTikTokAccount[];
  adAccounts: BcAdAccount[];
  identities: Identity[];
};

export const isPending = (m: Pick<BcMember, 'relationStatus'>) => m.relationStatus === 'PENDING';
export const isBound = (a: Pick<BcTikTokAccount, 'relationStatus'>) => a.relationStatus === null || a.relationStatus === 'BOUND';

/** What the BC can pass on to members for one TikTok account: nothing while the link is not bound. */
export function bcHolds(account: BcTikTokAccount | undefined): Set<string> {
  return new Set(account && isBound(account) ? account.roles : []);
}

/** A TikTok account with neither a name from TikTok nor a handle an identity shows (its id stays in the details). */
export const UNNAMED_TT_ACCOUNT = 'TikTok account without a name';

export type TtAccess = { ttAccountId: string; name: string; granted: string[]; effective: string[]; ineffective: string[] };
export type AdAccess = { advertiserId: string; name: string; role: string };
/** A TikTok account whose posts the member can run as Spark Ads on an ad account, through one BC. */
export type SparkAccess = { bcId: string; ttAccountId: string; ttAccountName: string; advertiserId: string; advertiserName: string };

export type MemberAccess = {
  memberKey: string;
  name: string;
  email: string | null;
  /** Every BC the person is in, pending or not. */
  bcs: { bcId: string; bcName: string; role: string | null; pending: boolean }[];
  pendingOnly: boolean;
  adAccounts: Map<string, AdAccess>;
  ttAccounts: Map<string, TtAccess>;
  spark: SparkAccess[];
};

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** Lookups over a snapshot, shared by every computation. */
export function indexSnapshot(snapshot: PermissionSnapshot) {
  const bcName = new Map(snapshot.bcs.map((b) => [b.bcId, b.name ?? b.bcId]));
  const ttAccount = new Map(snapshot.ttAccounts.map((a) => [`${a.bcId}|${a.ttAccountId}`, a]));
  const adName = new Map<string, string>();
  for (const a of snapshot.adAccounts) adName.set(a.advertiserId, a.name ?? a.advertiserId);
  const ttName = new Map<string, string>();
  for (const a of snapshot.ttAccounts) if (a.name !== null) ttName.set(a.ttAccountId, a.name);
  for (const g of snapshot.grants) {
    if (g.assetType === 'ADVERTISER' && !adName.has(g.assetId)) adName.set(g.assetId, g.assetName ?? g.assetId);
    if (g.assetType === 'TT_ACCOUNT' && !ttName.has(g.assetId) && g.assetName !== null) ttName.set(g.assetId, g.assetName);
  }
  const identity = new Map(snapshot.identities.map((i) => [`${i.advertiserId}|${i.identityType}|${i.identityId}|${i.bcId}`, i]));
  // TikTok keys a BC identity and the BC's TikTok account differently; the health engine's matching decides which is which.
  const accountOf = new Map<string, BcAccountMatch<BcTikTokAccount>>();
  const bcIdentity = new Map<string, Identity>();
  for (const i of snapshot.identities) {
    if (i.identityType !== 'BC_AUTH_TT') continue;
    const key = `${i.identityId}|${i.bcId}`;
    const match = accountOf.get(key) ?? matchBcAccount({ identityId: i.identityId, bcId: i.bcId, username: i.username, displayName: i.displayName }, snapshot.ttAccounts);
    accountOf.set(key, match);
    if (match.kind === 'matched') {
      bcIdentity.set(`${i.advertiserId}|${i.bcId}|${match.account.ttAccountId}`, i);
      // An account TikTok sent no name for is named by the handle its identity shows, never by its raw id.
      const shown = i.username ? `@${i.username.replace(/^@/, '')}` : i.displayName;
      if (!ttName.has(match.account.ttAccountId) && shown) ttName.set(match.account.ttAccountId, shown);
    }
  }
  return {
    bcName: (bcId: string) => bcName.get(bcId) ?? bcId,
    ttAccount: (bcId: string, ttAccountId: string) => ttAccount.get(`${bcId}|${ttAccountId}`),
    adName: (advertiserId: string) => adName.get(advertiserId) ?? advertiserId,
    ttName: (ttAccountId: string) => ttName.get(ttAccountId) ?? UNNAMED_TT_ACCOUNT,
    /** The ad account's BC identity that stands for this BC TikTok account (by asset id). */
    bcIdentity: (advertiserId: string, ttAccountId: string, bcId: string) => bcIdentity.get(`${advertiserId}|${bcId}|${ttAccountId}`),
    /** Which BC TikTok account a BC identity stands for; undefined when no ad account lists the identity. */
    accountOfIdentity: (identityId: string, bcId: string) => accountOf.get(`${identityId}|${bcId}`),
    /** The BC identity ids standing for each of these BC TikTok accounts: identity id → account asset id. */
    identitiesOfAccounts: (ttAccountIds: Iterable<string>): Map<string, string> => {
      const wanted = new Set(ttAccountIds);
      const out = new Map<string, string>();
      for (const [key, match] of accountOf) if (match.kind === 'matched' && wanted.has(match.account.ttAccountId)) out.set(key.split('|')[0] as string, match.account.ttAccountId);
      return out;
    },
    identity: (advertiserId: string, identityType: string, identityId: string, bcId: string) => identity.get(`${advertiserId}|${identityType}|${identityId}|${bcId}`),
  };
}

export type SnapshotIndex = ReturnType<typeof indexSnapshot>;

/** An identity an ad can pull existing posts through. */
export const identityUsable = (i: Identity | undefined) => i !== undefined && (i.availableStatus === null || i.availableStatus === 'AVAILABLE') && i.canPullVideo !== false;

/** The TikTok-account permissions of one grant that take effect, and those the BC does not hold. */
export function effectiveTtRoles(grant: Pick<MemberGrant, 'ttAccountRoles'>, account: BcTikTokAccount | undefined) {
  const held = bcHolds(account);
  const granted = sorted(grant.ttAccountRoles);
  return { granted, effective: granted.filter((r) => held.has(r)), ineffective: granted.filter((r) => !held.has(r)) };
}

/** Each person's effective access, keyed by member key, for the members in the snapshot. */
export function computeAccess(snapshot: PermissionSnapshot, index: SnapshotIndex = indexSnapshot(snapshot)): Map<string, MemberAccess> {
  const out = new Map<string, MemberAccess>();
  const activeIn = new Set<string>();
  for (const m of snapshot.members) {
    const access =
      out.get(m.memberKey) ??
      ({
        memberKey: m.memberKey,
        name: m.name ?? m.email ?? m.memberKey,
        email: m.email,
        bcs: [] as MemberAccess['bcs'],
        pendingOnly: true,
        adAccounts: new Map(),
        ttAccounts: new Map(),
        spark: [],
      } satisfies MemberAccess);
    if (m.name && (access.name === access.memberKey || access.name === access.email)) access.name = m.name;
    access.email ??= m.email;
    if (!access.bcs.some((b) => b.bcId === m.bcId)) access.bcs.push({ bcId: m.bcId, bcName: index.bcName(m.bcId), role: m.bcRole, pending: isPending(m) });
    if (!isPending(m)) {
      access.pendingOnly = false;
      activeIn.add(`${m.bcId}|${m.memberKey}`);
    }
    out.set(m.memberKey, access);
  }
  // Effective TikTok-account permissions per BC, kept for the Spark step below.
  const postIn: { bcId: string; memberKey: string; ttAccountId: string }[] = [];
  for (const g of snapshot.grants) {
    const access = out.get(g.memberKey);
    if (!access || !activeIn.has(`${g.bcId}|${g.memberKey}`)) continue;
    if (g.assetType === 'ADVERTISER' && g.advertiserRole) {
      const current = access.adAccounts.get(g.assetId);
      if (!current || (AD_ROLE_RANK[g.advertiserRole] ?? 0) > (AD_ROLE_RANK[current.role] ?? 0)) {
        access.adAccounts.set(g.assetId, { advertiserId: g.assetId, name: index.adName(g.assetId), role: g.advertiserRole });
      }
    } else if (g.assetType === 'TT_ACCOUNT') {
      const roles = effectiveTtRoles(g, index.ttAccount(g.bcId, g.assetId));
      const current = access.ttAccounts.get(g.assetId);
      const granted = sorted([...(current?.granted ?? []), ...roles.granted]);
      const effective = sorted([...(current?.effective ?? []), ...roles.effective]);
      access.ttAccounts.set(g.assetId, { ttAccountId: g.assetId, name: index.ttName(g.assetId), granted, effective, ineffective: granted.filter((r) => !effective.includes(r)) });
      if (roles.effective.includes('POST')) postIn.push({ bcId: g.bcId, memberKey: g.memberKey, ttAccountId: g.assetId });
    }
  }
  for (const { bcId, memberKey, ttAccountId } of postIn) {
    const access = out.get(memberKey)!;
    for (const ad of access.adAccounts.values()) {
      if (!canCreateAds(ad.role) || !identityUsable(index.bcIdentity(ad.advertiserId, ttAccountId, bcId))) continue;
      if (access.spark.some((s) => s.ttAccountId === ttAccountId && s.advertiserId === ad.advertiserId)) continue;
      access.spark.push({ bcId, ttAccountId, ttAccountName: index.ttName(ttAccountId), advertiserId: ad.advertiserId, advertiserName: ad.name });
    }
  }
  for (const access of out.values()) access.spark.sort((a, b) => a.ttAccountName.localeCompare(b.ttAccountName) || a.advertiserName.localeCompare(b.advertiserName));
  return out;
}

export type UsablePost = { itemId: string; ttAccountId: string; advertiserId: string };

/** The Spark posts a member can use: each known post of a TikTok account they can run, on each ad account they can run it on. */
export function usablePosts(member: MemberAccess, postsByAccount: ReadonlyMap<string, readonly string[]>): UsablePost[] {
  return member.spark.flatMap((s) => (postsByAccount.get(s.ttAccountId) ?? []).map((itemId) => ({ itemId, ttAccountId: s.ttAccountId, advertiserId: s.advertiserId })));
}
