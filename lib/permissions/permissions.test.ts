import { describe, expect, it } from 'vitest';
import { BC_LIMITS, computeAccess, effectiveTtRoles, indexSnapshot, usablePosts, type BcMember, type MemberGrant, type PermissionSnapshot } from './access';
import { diffMembers, joinNames } from './diff';
import { explainPost, type KnownPost, type LinkKind } from './explain';
import { findIneffectiveGrants, findRiskySetups } from './findings';

// Hand-built Business Centers: BC "bc1" holds Existing posts and LIVE on @brand (assigned to ad
// account US), only LIVE on @kitchen, and its link to @outlet is still pending.

const member = (memberKey: string, name: string, extra: Partial<BcMember> = {}): BcMember => ({
  bcId: 'bc1',
  memberKey,
  name,
  email: `${memberKey}@x.example`,
  bcRole: 'STANDARD',
  relationStatus: 'BOUND',
  ...extra,
});
const ad = (memberKey: string, advertiserId: string, role: string, bcId = 'bc1'): MemberGrant => ({
  bcId,
  memberKey,
  assetType: 'ADVERTISER',
  assetId: advertiserId,
  assetName: null,
  advertiserRole: role,
  ttAccountRoles: [],
});
const tt = (memberKey: string, ttAccountId: string, roles: string[], bcId = 'bc1'): MemberGrant => ({
  bcId,
  memberKey,
  assetType: 'TT_ACCOUNT',
  assetId: ttAccountId,
  assetName: null,
  advertiserRole: null,
  ttAccountRoles: roles,
});

function world(members: BcMember[], grants: MemberGrant[], patch: Partial<PermissionSnapshot> = {}): PermissionSnapshot {
  return {
    bcs: [
      { bcId: 'bc1', name: 'Brand BC' },
      { bcId: 'bc2', name: 'Agency BC' },
    ],
    members,
    grants,
    ttAccounts: [
      { bcId: 'bc1', ttAccountId: 'brand', name: '@brand', relationStatus: 'BOUND', roles: ['LIVE', 'POST'] },
      { bcId: 'bc1', ttAccountId: 'kitchen', name: '@kitchen', relationStatus: 'BOUND', roles: ['LIVE'] },
      { bcId: 'bc1', ttAccountId: 'outlet', name: '@outlet', relationStatus: 'PENDING', roles: [] },
    ],
    adAccounts: [
      { bcId: 'bc1', advertiserId: 'us', name: 'Brand US' },
      { bcId: 'bc1', advertiserId: 'eu', name: 'Brand EU' },
      { bcId: 'bc2', advertiserId: 'agency', name: 'Agency account' },
    ],
    identities: [
      {
        advertiserId: 'us',
        identityType: 'BC_AUTH_TT',
        identityId: 'id-brand',
        bcId: 'bc1',
        name: 'brand',
        username: 'brand',
        displayName: null,
        adsOnlyMode: null,
        availableStatus: 'AVAILABLE',
        canPullVideo: true,
      },
      {
        advertiserId: 'us',
        identityType: 'BC_AUTH_TT',
        identityId: 'id-kitchen',
        bcId: 'bc1',
        name: 'kitchen',
        username: 'kitchen',
        displayName: null,
        adsOnlyMode: null,
        availableStatus: 'AVAILABLE',
        canPullVideo: false,
      },
      {
        advertiserId: 'us',
        identityType: 'BC_AUTH_TT',
        identityId: 'id-outlet',
        bcId: 'bc1',
        name: 'outlet',
        username: 'outlet',
        displayName: null,
        adsOnlyMode: null,
        availableStatus: 'NO_VALID_BIND_ACCOUNT',
        canPullVideo: false,
      },
      {
        advertiserId: 'us',
        identityType: 'TT_USER',
        identityId: 'creator',
        bcId: '',
        name: 'creator',
        username: 'creator',
        displayName: null,
        adsOnlyMode: null,
        availableStatus: 'AVAILABLE',
        canPullVideo: true,
      },
      {
        advertiserId: 'us',
        identityType: 'TT_USER',
        identityId: 'private',
        bcId: '',
        name: 'private',
        username: 'private',
        displayName: null,
        adsOnlyMode: null,
        availableStatus: 'IS_PRIVATE_ACCOUNT',
        canPullVideo: true,
      },
    ],
    ...patch,
  };
}

const accessOf = (snapshot: PermissionSnapshot, key: string) => computeAccess(snapshot).get(key)!;

describe('effective permissions', () => {
  it('keeps only what the BC itself holds on the TikTok account', () => {
    const snapshot = world([], []);
    const index = indexSnapshot(snapshot);
    expect(effectiveTtRoles({ ttAccountRoles: ['POST', 'LIVE', 'DIRECT_MESSAGE'] }, index.ttAccount('bc1', 'brand'))).toEqual({
      granted: ['DIRECT_MESSAGE', 'LIVE', 'POST'],
      effective: ['LIVE', 'POST'],
      ineffective: ['DIRECT_MESSAGE'],
    });
    expect(effectiveTtRoles({ ttAccountRoles: ['POST', 'LIVE'] }, index.ttAccount('bc1', 'kitchen')).effective).toEqual(['LIVE']);
    // A pending link gives the BC nothing to pass on.
    expect(effectiveTtRoles({ ttAccountRoles: ['POST'] }, index.ttAccount('bc1', 'outlet')).effective).toEqual([]);
    expect(effectiveTtRoles({ ttAccountRoles: ['POST'] }, undefined).effective).toEqual([]);
  });

  it('names a TikTok account TikTok sent no name for by the handle its identity shows, never by its raw id', () => {
    const raw = '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f';
    const base = world([], []);
    const snapshot = world([member('m', 'Mia')], [tt('m', raw, ['POST'])], {
      ttAccounts: [
        ...base.ttAccounts,
        { bcId: 'bc1', ttAccountId: 'acc-7', name: null, relationStatus: 'BOUND', roles: ['POST'] },
        { bcId: 'bc1', ttAccountId: raw, name: null, relationStatus: 'BOUND', roles: ['POST'] },
      ],
      identities: [...base.identities, { ...base.identities[0]!, identityId: 'acc-7', name: null, username: 'mia.creates', displayName: 'Mia' }],
    });
    const index = indexSnapshot(snapshot);
    // The BC's record of the account has no name: the ad account's identity for it shows the handle.
    expect(index.ttName('acc-7')).toBe('@mia.creates');
    // No name and no identity that stands for it: a phrase, not the id.
    expect(index.ttName(raw)).toBe('TikTok account without a name');
    expect(accessOf(snapshot, 'm').ttAccounts.get(raw)?.name).not.toContain(raw);
  });

  it('takes the strongest ad-account role across BCs and derives the Spark accounts', () => {
    const snapshot = world(
      [member('dana', 'Dana'), member('dana', 'Dana', { bcId: 'bc2' })],
      [ad('dana', 'us', 'ANALYST'), ad('dana', 'us', 'OPERATOR', 'bc2'), ad('dana', 'agency', 'ADMIN', 'bc2'), tt('dana', 'brand', ['POST']), tt('dana', 'kitchen', ['POST', 'LIVE'])],
    );
    const dana = accessOf(snapshot, 'dana');
    expect(dana.adAccounts.get('us')?.role).toBe('OPERATOR');
    expect(dana.ttAccounts.get('kitchen')).toEqual({ ttAccountId: 'kitchen', name: '@kitchen', granted: ['LIVE', 'POST'], effective: ['LIVE'], ineffective: ['POST'] });
    // @brand on US (POST + Operator + identity); not @kitchen (BC lacks POST); nothing on agency (no identity).
    expect(dana.spark.map((s) => `${s.ttAccountId}→${s.advertiserId}`)).toEqual(['brand→us']);
    expect(
      usablePosts(
        dana,
        new Map([
          ['brand', ['p1', 'p2']],
          ['kitchen', ['k1']],
        ]),
      ),
    ).toEqual([
      { itemId: 'p1', ttAccountId: 'brand', advertiserId: 'us' },
      { itemId: 'p2', ttAccountId: 'brand', advertiserId: 'us' },
    ]);
  });

  it('gives an Analyst, a pending invitee and an unassigned BC Admin no Spark access', () => {
    const snapshot = world(
      [member('ann', 'Ann'), member('ivy', 'Ivy', { relationStatus: 'PENDING', memberKey: 'email:ivy@x.example' }), member('boss', 'Boss', { bcRole: 'ADMIN' })],
      [ad('ann', 'us', 'ANALYST'), tt('ann', 'brand', ['POST']), ad('email:ivy@x.example', 'us', 'ADMIN'), tt('email:ivy@x.example', 'brand', ['POST'])],
    );
    const access = computeAccess(snapshot);
    expect(access.get('ann')?.spark).toEqual([]);
    expect(access.get('email:ivy@x.example')).toMatchObject({ pendingOnly: true, spark: [] });
    expect(access.get('email:ivy@x.example')?.adAccounts.size).toBe(0);
    expect(access.get('boss')).toMatchObject({ pendingOnly: false, spark: [] });
    expect(access.get('boss')?.adAccounts.size).toBe(0);
  });
});

describe('member diff', () => {
  const snapshot = world(
    [member('dana', 'Dana', { bcRole: 'ADMIN' }), member('lee', 'Lee'), member('sam', 'Sam')],
    [
      ad('dana', 'us', 'ADMIN'),
      tt('dana', 'brand', ['POST', 'LIVE']),
      ad('lee', 'us', 'OPERATOR'),
      tt('lee', 'brand', ['LIVE']),
      ad('sam', 'us', 'ADMIN'),
      tt('sam', 'brand', ['POST', 'LIVE', 'DIRECT_MESSAGE']),
    ],
  );
  const access = computeAccess(snapshot);

  it('names each difference in one sentence and highlights only differing aspects', () => {
    const diff = diffMembers([access.get('dana')!, access.get('lee')!]);
    expect(diff.differences.map((d) => d.sentence)).toEqual([
      'In Business Center Brand BC, Dana is Admin; Lee is Standard.',
      'On ad account Brand US, Dana is Admin; Lee is Operator.',
      'Dana has Existing posts on @brand; Lee does not.',
      "Dana can run Spark Ads with @brand's existing posts on Brand US; Lee cannot.",
    ]);
    expect(diff.aspects.find((a) => a.key === 'tt:brand:LIVE')).toMatchObject({ differs: false, values: ['yes', 'yes'], sentence: null });
  });

  it('groups three members and reports an ineffective grant as a difference', () => {
    const diff = diffMembers([access.get('dana')!, access.get('lee')!, access.get('sam')!]);
    expect(diff.differences.map((d) => d.sentence)).toContain('Dana and Sam have Existing posts on @brand; Lee does not.');
    expect(diff.differences.map((d) => d.sentence)).toContain('Sam has an ineffective Direct messages grant on @brand (the Business Center does not hold it); Dana and Lee do not.');
    expect(diff.differences.map((d) => d.sentence)).toContain('On ad account Brand US, Dana and Sam are Admin; Lee is Operator.');
  });

  it('finds no difference between members with the same access, and refuses fewer than 2 or more than 5', () => {
    const twin = computeAccess(world([member('a', 'A'), member('b', 'B')], [ad('a', 'us', 'OPERATOR'), ad('b', 'us', 'OPERATOR')]));
    expect(diffMembers([twin.get('a')!, twin.get('b')!]).differences).toEqual([]);
    expect(() => diffMembers([twin.get('a')!])).toThrow(RangeError);
    expect(() => diffMembers(Array.from({ length: 6 }, () => twin.get('a')!))).toThrow(RangeError);
    expect(joinNames(['A', 'B', 'C'])).toBe('A, B and C');
  });
});

describe('access path: the first missing link', () => {
  const brandPost: KnownPost = { itemId: '1', caption: null, uses: [{ advertiserId: 'us', identityType: 'BC_AUTH_TT', identityId: 'id-brand', bcId: 'bc1' }], facts: null };
  const postOf = (account: string, advertiserId = 'us'): KnownPost => ({
    itemId: '2',
    caption: null,
    uses: [{ advertiserId, identityType: 'BC_AUTH_TT', identityId: `id-${account}`, bcId: 'bc1' }],
    facts: null,
  });
  const now = new Date('2026-06-01T00:00:00Z');

  function explain(snapshot: PermissionSnapshot, key: string, post: KnownPost, advertiserId?: string) {
    return explainPost({ member: accessOf(snapshot, key), post, advertiserId, now }, snapshot, indexSnapshot(snapshot));
  }
  const firstMissing = (snapshot: PermissionSnapshot, key: string, post: KnownPost, advertiserId?: string) => {
    const e = explain(snapshot, key, post, advertiserId);
    return { canUse: e.canUse, link: e.path.firstMissing?.link ?? null, detail: e.path.firstMissing?.detail ?? null, fix: e.path.firstMissing?.fix ?? null };
  };
  const ok = [member('m', 'Mia'), member('m', 'Mia', { bcId: 'bc2' })];
  const full = [ad('m', 'us', 'OPERATOR'), tt('m', 'brand', ['POST']), tt('m', 'kitchen', ['POST']), tt('m', 'outlet', ['POST'])];

  it('can use it when every link holds', () => {
    const e = explain(world(ok, full), 'm', brandPost);
    expect(e).toMatchObject({ canUse: true, via: 'BC_AUTH_TT', accountName: '@brand', usableOn: [{ advertiserId: 'us', advertiserName: 'Brand US' }] });
    expect(e.path.steps.map((s) => [s.link, s.ok])).toEqual([
      ['bcPermission', true],
      ['memberPermission', true],
      ['adAccountRole', true],
      ['identity', true],
      ['post', true],
    ]);
  });

  it('stops at the invitation for a member who has not accepted', () => {
    const snapshot = world([member('m', 'Mia', { relationStatus: 'PENDING' })], full);
    expect(firstMissing(snapshot, 'm', brandPost)).toMatchObject({ canUse: false, link: 'invitation', detail: 'Mia has not accepted the invitation to Brand BC' });
  });

  it('stops at the BC: account not linked, link pending, or Existing posts not held', () => {
    const unlinked: KnownPost = { itemId: '3', caption: null, uses: [{ advertiserId: 'us', identityType: 'BC_AUTH_TT', identityId: 'stranger', bcId: 'bc9' }], facts: null };
    expect(firstMissing(world(ok, full), 'm', unlinked)).toMatchObject({ link: 'bcPermission', detail: 'stranger is not linked to any Business Center Sparkcheck syncs' });
    expect(firstMissing(world(ok, full), 'm', postOf('outlet'))).toMatchObject({ link: 'bcPermission', detail: 'The link of @outlet to Brand BC is pending: the owner has not scanned the QR code' });
    const kitchen = firstMissing(world(ok, full), 'm', postOf('kitchen'));
    expect(kitchen).toMatchObject({ link: 'bcPermission', detail: 'Brand BC does not hold Existing posts on @kitchen' });
    expect(kitchen.fix).toContain('grant the Business Center Existing posts');
  });

  it('stops at the member: not in the BC, not assigned, or assigned without Existing posts (an Admin can fix it themselves)', () => {
    const outsider = world([member('m', 'Mia', { bcId: 'bc2' })], [ad('m', 'us', 'OPERATOR', 'bc2')]);
    expect(firstMissing(outsider, 'm', brandPost)).toMatchObject({ link: 'memberPermission', detail: 'Mia is not a member of Brand BC' });
    expect(firstMissing(world(ok, [ad('m', 'us', 'OPERATOR')]), 'm', brandPost)).toMatchObject({ link: 'memberPermission', detail: 'Mia is not assigned @brand' });
    const live = firstMissing(world([member('m', 'Mia', { bcRole: 'ADMIN' })], [ad('m', 'us', 'OPERATOR'), tt('m', 'brand', ['LIVE'])]), 'm', brandPost);
    expect(live).toMatchObject({ link: 'memberPermission', detail: 'Mia is assigned @brand without Existing posts' });
    expect(live.fix).toBe('In Business Center → Accounts → TikTok accounts → @brand → Members, give Mia Existing posts. Mia is an Admin of Brand BC and can do this themselves.');
  });

  it('stops at the ad-account role: Analyst or none', () => {
    expect(firstMissing(world(ok, [ad('m', 'us', 'ANALYST'), tt('m', 'brand', ['POST'])]), 'm', brandPost)).toMatchObject({
      link: 'adAccountRole',
      detail: 'Mia is only Analyst on Brand US, which cannot create ads',
    });
    expect(firstMissing(world(ok, [tt('m', 'brand', ['POST'])]), 'm', brandPost)).toMatchObject({
      link: 'adAccountRole',
      detail: 'Mia has no role on Brand US',
      fix: 'In Business Center → Users → Mia → Grant access, give ad account Brand US the Operator or Admin role.',
    });
  });

  it('stops at the identity: account not assigned to the ad account, or unavailable there', () => {
    const snapshot = world(ok, [...full, ad('m', 'eu', 'ADMIN')]);
    expect(firstMissing(snapshot, 'm', brandPost, 'eu')).toMatchObject({
      link: 'identity',
      detail: '@brand is not assigned to ad account Brand EU',
      fix: 'In Business Center → Accounts → TikTok accounts → @brand, assign it to ad account Brand EU.',
    });
    const broken = world(ok, full, {
      identities: [
        {
          advertiserId: 'us',
          identityType: 'BC_AUTH_TT',
          identityId: 'id-brand',
          bcId: 'bc1',
          name: 'brand',
          username: 'brand',
          displayName: null,
          adsOnlyMode: null,
          availableStatus: 'NO_VALID_BIND_ACCOUNT',
          canPullVideo: false,
        },
      ],
    });
    expect(firstMissing(broken, 'm', brandPost)).toMatchObject({ link: 'identity', detail: '@brand on Brand US is not available (no valid link to the ad account)' });
  });

  it('checks the role and a live authorization for a Spark-code post, and the identity for a creator account', () => {
    const code = (authStatus: string, authEnd: Date): KnownPost => ({
      itemId: '5',
      caption: null,
      uses: [{ advertiserId: 'us', identityType: 'AUTH_CODE', identityId: 'code', bcId: '', authStatus, authEnd }],
      facts: null,
    });
    const snapshot = world(ok, [ad('m', 'us', 'OPERATOR')]);
    expect(explain(snapshot, 'm', code('AUTHORIZED', new Date('2026-07-01T00:00:00Z')))).toMatchObject({ canUse: true, via: 'AUTH_CODE' });
    expect(firstMissing(snapshot, 'm', code('AUTHORIZED', new Date('2026-05-01T00:00:00Z')))).toMatchObject({ link: 'authorization', detail: 'Spark authorization expired on Brand US' });
    expect(firstMissing(snapshot, 'm', code('AUTHORIZED', new Date('2026-07-01T00:00:00Z')), 'eu')).toMatchObject({ link: 'adAccountRole' });
    const creator = (identityId: string): KnownPost => ({ itemId: '6', caption: null, uses: [{ advertiserId: 'us', identityType: 'TT_USER', identityId, bcId: '' }], facts: null });
    expect(explain(snapshot, 'm', creator('creator'))).toMatchObject({ canUse: true, via: 'TT_USER', accountName: 'creator' });
    expect(firstMissing(snapshot, 'm', creator('private'))).toMatchObject({ link: 'identity', detail: "The creator's TikTok account is not available on Brand US (private account)" });
  });

  it('refuses a deleted, private or unsupported post with the same checks as ad health, and says which one fails', () => {
    const snapshot = world(ok, full);
    const facts = (patch: Partial<NonNullable<KnownPost['facts']>>): KnownPost => ({
      ...brandPost,
      facts: { status: 'HESITATE_RECOMMEND', itemType: 'VIDEO', duetOriginalItemId: null, mentionedItemIds: [], isMultiDuetStitch: null, ...patch },
    });
    expect(firstMissing(snapshot, 'm', facts({ status: 'USER_DELETE' }))).toMatchObject({ canUse: false, link: 'post', detail: 'Post deleted (USER_DELETE)' });
    expect(firstMissing(snapshot, 'm', facts({ status: 'STATUS_ONLY_FRIEND_SEE' }))).toMatchObject({ canUse: false, link: 'post', detail: 'Post private (ONLY_FRIEND_SEE)' });
    expect(firstMissing(snapshot, 'm', facts({ itemType: 'CAROUSEL', duetOriginalItemId: '9' }))).toMatchObject({ canUse: false, link: 'post', detail: 'Post format not supported: duet carousel' });
    // Through an ads-only identity a private post runs, as ad health says.
    const adsOnly = world(ok, full, { identities: world(ok, full).identities.map((i) => (i.identityId === 'id-brand' ? { ...i, adsOnlyMode: true } : i)) });
    expect(explain(adsOnly, 'm', facts({ status: 'ONLY_AUTHOR_SEE' })).canUse).toBe(true);
    expect(explain(snapshot, 'm', facts({ itemType: 'CAROUSEL' })).canUse).toBe(true);
  });

  it('finds the BC account of the post by the identity name, and does not guess between two accounts of one name', () => {
    const twin = { bcId: 'bc1', ttAccountId: 'brand-old', name: 'Brand', relationStatus: 'BOUND', roles: ['POST'] };
    const snapshot = world(ok, full, { ttAccounts: [...world(ok, full).ttAccounts, twin] });
    expect(firstMissing(snapshot, 'm', brandPost)).toMatchObject({
      canUse: false,
      link: 'bcPermission',
      detail: "Brand BC holds 2 TikTok accounts named @brand: Sparkcheck cannot tell which one the post's identity is",
    });
    expect(accessOf(snapshot, 'm').spark).toEqual([]);
    expect(accessOf(world(ok, full), 'm').spark.map((s) => [s.ttAccountId, s.advertiserId])).toEqual([['brand', 'us']]);
  });

  it('explains the closest ad account when none works, and lists every one it looked at', () => {
    // Analyst on US (fails at the role), nothing on EU: US is the member's own account, so it is shown.
    const snapshot = world(ok, [ad('m', 'us', 'ANALYST'), tt('m', 'brand', ['POST']), ad('m', 'eu', 'ANALYST')]);
    const e = explain(snapshot, 'm', brandPost);
    expect(e.paths.map((p) => p.advertiserId).sort()).toEqual(['eu', 'us']);
    expect(e.path.advertiserId).toBe('us');
    const links: LinkKind[] = e.paths.map((p) => p.firstMissing!.link);
    expect(links).toEqual(['adAccountRole', 'adAccountRole']);
  });
});

describe('ineffective grants and risky setups', () => {
  it('lists grants the BC does not hold, with the reason', () => {
    const snapshot = world([member('c', 'Chloe')], [tt('c', 'kitchen', ['POST', 'LIVE']), tt('c', 'outlet', ['POST']), tt('c', 'brand', ['POST'])]);
    const found = findIneffectiveGrants(snapshot, indexSnapshot(snapshot));
    expect(found.map((f) => [f.ttAccountName, f.permissions, f.reason])).toEqual([
      ['@kitchen', ['POST'], 'Brand BC holds only LIVE on @kitchen'],
      ['@outlet', ['POST'], 'The link of @outlet to Brand BC is pending, so the Business Center holds nothing on it yet'],
    ]);
  });

  it('flags Standard members without assets, more Admins than TikTok allows, and people only invited', () => {
    const admins = Array.from({ length: BC_LIMITS.admins + 1 }, (_, i) => member(`a${i}`, `Admin ${i}`, { bcId: 'bc2', bcRole: 'ADMIN' }));
    const snapshot = world(
      [
        member('idle', 'Idle'),
        member('busy', 'Busy'),
        member('email:new@x.example', 'new', { relationStatus: 'PENDING' }),
        member('both', 'Both'),
        member('both', 'Both', { bcId: 'bc2', relationStatus: 'PENDING' }),
        ...admins,
      ],
      [ad('busy', 'us', 'ANALYST'), ad('both', 'us', 'ANALYST')],
    );
    const risks = findRiskySetups(snapshot, indexSnapshot(snapshot));
    expect(risks.map((r) => [r.kind, r.memberName])).toEqual([
      ['tooManyAdmins', null],
      ['noAssets', 'Idle'],
      ['pendingOnly', 'new'],
    ]);
    expect(risks[0]?.message).toBe(`Agency BC has ${BC_LIMITS.admins + 1} Admins (invitations included); TikTok allows ${BC_LIMITS.admins}`);
  });
});
