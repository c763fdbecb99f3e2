import { describe, expect, it } from 'vitest';
import { RULE_CODES } from './catalogue';
import { evaluateAd } from './engine';
import type { AdSnapshot, SnapshotAd, SnapshotBcLink } from './types';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
const OPTIONS = { now: NOW, expiryWindowDays: 14 };

type Patch = { [K in keyof AdSnapshot]?: K extends 'ad' ? Partial<SnapshotAd> : AdSnapshot[K] };

function adOf(ad: Partial<SnapshotAd>): SnapshotAd {
  return {
    adId: '100',
    advertiserId: 'adv1',
    campaignId: 'c1',
    adgroupId: 'g1',
    name: 'Ad',
    identityType: 'AUTH_CODE',
    identityId: 'creator-identity',
    identityAuthorizedBcId: null,
    videoId: null,
    tiktokItemId: 'item1',
    darkPostStatus: 'ON',
    operationStatus: 'ENABLE',
    secondaryStatus: null,
    deleted: false,
    modifyTime: null,
    ...ad,
  };
}

const post = {
  itemId: 'item1',
  status: 'HESITATE_RECOMMEND',
  itemType: 'VIDEO',
  caption: 'Hi',
  videoId: 'v1',
  duetOriginalItemId: null,
  stitchOriginalItemId: null,
  isMultiDuetStitch: false,
  mentionedItemIds: [],
};

/** A healthy Spark ad on a creator's code: 365-day window, 200 days left, continuous ad group. */
function sparkCode(patch: Patch = {}): AdSnapshot {
  const base: AdSnapshot = {
    connectionId: 'conn',
    ad: adOf({}),
    adGroup: { adgroupId: 'g1', name: 'Group', operationStatus: 'ENABLE', scheduleEndTime: null },
    campaign: { campaignId: 'c1', name: 'Campaign', operationStatus: 'ENABLE' },
    advertiser: { advertiserId: 'adv1', name: 'Brand US' },
    identity: {
      identityType: 'AUTH_CODE',
      identityId: 'creator-identity',
      identityAuthorizedBcId: '',
      displayName: 'Mia',
      username: 'mia',
      availableStatus: null,
      canPullVideo: true,
      canPushVideo: false,
      adsOnlyMode: false,
    },
    post: { ...post, source: 'spark_post' },
    authorization: { itemId: 'item1', adAuthStatus: 'AUTHORIZED', authStartTime: at(-165), authEndTime: at(200), authCodeMasked: '#AbC…x9=' },
    postOwner: { identityId: 'creator-identity', handle: 'mia' },
    ttAccount: null,
    bcLinks: [],
    assignedToAdAccount: null,
    preview: null,
  };
  return { ...base, ...patch, ad: { ...base.ad, ...patch.ad } } as AdSnapshot;
}

/** A BC's TikTok account as TikTok lists it: an int64 asset id unlike the identity's id, named `@brand`. */
const link = (patch: Partial<SnapshotBcLink> = {}): SnapshotBcLink => ({
  bcId: 'bc1',
  bcName: 'Brand BC',
  ttAccountId: '7100000000000000001',
  name: '@brand',
  relationStatus: 'BOUND',
  ttAccountRoles: ['POST'],
  ...patch,
});

/** A healthy Spark ad pulling a post of a BC-linked brand account. */
function bcPull(patch: Patch = {}): AdSnapshot {
  const base: AdSnapshot = {
    ...sparkCode(),
    ad: adOf({ identityType: 'BC_AUTH_TT', identityId: 'tt-brand', identityAuthorizedBcId: 'bc1' }),
    identity: {
      identityType: 'BC_AUTH_TT',
      identityId: 'tt-brand',
      identityAuthorizedBcId: 'bc1',
      displayName: 'Brand',
      username: 'brand',
      availableStatus: 'AVAILABLE',
      canPullVideo: true,
      canPushVideo: true,
      adsOnlyMode: true,
    },
    post: { ...post, status: 'ITEM_STATUS_HESITATE_RECOMMEND', source: 'identity_post' },
    authorization: null,
    postOwner: null,
    ttAccount: { ttAccountId: 'tt-brand', handle: 'brand', displayName: 'Brand' },
    bcLinks: [link({ bcId: 'bc1', bcName: 'Brand BC', relationStatus: 'BOUND', ttAccountRoles: ['LIVE', 'POST'] })],
    assignedToAdAccount: true,
  };
  return { ...base, ...patch, ad: { ...base.ad, ...patch.ad } } as AdSnapshot;
}

/** A healthy Spark ad on the advertiser's own TikTok account (TT_USER). */
function ttUser(patch: Patch = {}): AdSnapshot {
  const base: AdSnapshot = {
    ...sparkCode(),
    ad: adOf({ identityType: 'TT_USER', identityId: 'user-identity' }),
    identity: {
      identityType: 'TT_USER',
      identityId: 'user-identity',
      identityAuthorizedBcId: '',
      displayName: 'Kai',
      username: 'kai',
      availableStatus: 'AVAILABLE',
      canPullVideo: true,
      canPushVideo: true,
      adsOnlyMode: false,
    },
    post: { ...post, source: 'identity_post' },
    authorization: null,
    postOwner: null,
  };
  return { ...base, ...patch, ad: { ...base.ad, ...patch.ad } } as AdSnapshot;
}

const authWith = (patch: Partial<NonNullable<AdSnapshot['authorization']>>) => ({ ...sparkCode().authorization!, ...patch });
const postWith = (base: AdSnapshot, patch: Partial<NonNullable<AdSnapshot['post']>>) => ({ ...base.post!, ...patch });

type Case = { name: string; snapshot: AdSnapshot; code: string; severity?: string; options?: { expiryWindowDays: number } };

const firing: Case[] = [
  { name: 'account in no connected BC', snapshot: bcPull({ bcLinks: [] }), code: 'BC_ACCOUNT_NOT_LINKED' },
  {
    name: 'account linked to another BC than the ad uses',
    snapshot: bcPull({ bcLinks: [link({ bcId: 'bc2', bcName: 'Other', relationStatus: 'BOUND', ttAccountRoles: ['POST'] })] }),
    code: 'BC_ACCOUNT_NOT_LINKED',
  },
  {
    name: 'two accounts of the BC answer to the identity name',
    snapshot: bcPull({ bcLinks: [link(), link({ ttAccountId: '7100000000000000002', name: 'Brand' })] }),
    code: 'BC_ACCOUNT_AMBIGUOUS',
    severity: 'warning',
  },
  { name: 'QR not scanned', snapshot: bcPull({ bcLinks: [link({ bcId: 'bc1', bcName: 'Brand BC', relationStatus: 'PENDING', ttAccountRoles: [] })] }), code: 'BC_LINK_PENDING' },
  { name: 'not an ad-delivery asset of the ad account', snapshot: bcPull({ assignedToAdAccount: false, identity: null }), code: 'BC_NOT_ASSIGNED_TO_AD_ACCOUNT' },
  { name: 'BC lacks POST', snapshot: bcPull({ bcLinks: [link({ bcId: 'bc1', bcName: 'Brand BC', relationStatus: 'BOUND', ttAccountRoles: ['LIVE'] })] }), code: 'BC_EXISTING_POSTS_OFF' },
  {
    name: 'pushed video without publish permission',
    snapshot: bcPull({ ad: { videoId: 'v9', tiktokItemId: null }, identity: { ...bcPull().identity!, canPushVideo: false } }),
    code: 'BC_PUBLISH_NEW_OFF',
    severity: 'warning',
  },
  { name: 'custom identity with a post', snapshot: sparkCode({ ad: { identityType: 'CUSTOMIZED_USER', identityId: 'custom1' }, identity: null }), code: 'IDENTITY_CUSTOM', severity: 'blocking' },
  {
    name: 'code of another creator',
    snapshot: sparkCode({ ad: { identityId: 'other-identity' }, identity: { ...sparkCode().identity!, identityId: 'other-identity', username: 'jonas' } }),
    code: 'IDENTITY_WRONG_HANDLE',
  },
  { name: 'BC account does not own the post', snapshot: bcPull({ post: null, postOwner: { identityId: 'zoe-identity', handle: 'zoe' } }), code: 'IDENTITY_WRONG_HANDLE' },
  { name: 'private TT_USER account', snapshot: ttUser({ identity: { ...ttUser().identity!, availableStatus: 'IS_PRIVATE_ACCOUNT', canPullVideo: false }, post: null }), code: 'IDENTITY_UNAVAILABLE' },
  { name: 'available but cannot pull', snapshot: ttUser({ identity: { ...ttUser().identity!, canPullVideo: false }, post: null }), code: 'IDENTITY_UNAVAILABLE' },
  { name: 'TT_USER identity no longer listed', snapshot: ttUser({ identity: null, post: null }), code: 'IDENTITY_UNAVAILABLE' },
  { name: '"Use TikTok account" off', snapshot: sparkCode({ ad: { identityType: null, identityId: null }, identity: null }), code: 'IDENTITY_NOT_TIKTOK_ACCOUNT' },
  { name: 'code never applied to this ad account', snapshot: sparkCode({ authorization: null, post: null }), code: 'AUTH_MISSING' },
  { name: 'window ended', snapshot: sparkCode({ authorization: authWith({ authEndTime: at(-1) }) }), code: 'AUTH_EXPIRED' },
  { name: 'window ends exactly now', snapshot: sparkCode({ authorization: authWith({ authEndTime: NOW }) }), code: 'AUTH_EXPIRED' },
  { name: 'TikTok says EXPIRED', snapshot: sparkCode({ authorization: authWith({ adAuthStatus: 'EXPIRED' }) }), code: 'AUTH_EXPIRED' },
  { name: 'creator turned authorization off', snapshot: sparkCode({ authorization: authWith({ adAuthStatus: 'REVOKED' }) }), code: 'AUTH_REVOKED' },
  { name: 'ends exactly at the window edge', snapshot: sparkCode({ authorization: authWith({ authEndTime: at(14) }) }), code: 'AUTH_EXPIRING_SOON', severity: 'warning' },
  { name: 'ends within a 30-day org window', snapshot: sparkCode({ authorization: authWith({ authEndTime: at(20) }) }), code: 'AUTH_EXPIRING_SOON', options: { expiryWindowDays: 30 } },
  {
    name: 'ends before the ad group',
    snapshot: sparkCode({ authorization: authWith({ authEndTime: at(20) }), adGroup: { adgroupId: 'g1', name: 'Flight', operationStatus: 'ENABLE', scheduleEndTime: at(45) } }),
    code: 'AUTH_EXPIRING_SOON',
  },
  { name: '30-day code on a running ad', snapshot: sparkCode({ authorization: authWith({ authStartTime: at(-5), authEndTime: at(25) }) }), code: 'AUTH_SHORT_WINDOW', severity: 'info' },
  { name: 'deleted by the creator', snapshot: sparkCode({ post: postWith(sparkCode(), { status: 'USER_DELETE' }) }), code: 'POST_DELETED' },
  { name: 'removed by moderation', snapshot: sparkCode({ post: postWith(sparkCode(), { status: 'AUDIT_DELETE' }) }), code: 'POST_DELETED' },
  { name: 'identity reaches the account but not the post', snapshot: bcPull({ post: null }), code: 'POST_NOT_FOUND' },
  { name: 'private post on a code', snapshot: sparkCode({ post: postWith(sparkCode(), { status: 'ONLY_AUTHOR_SEE' }) }), code: 'POST_PRIVATE' },
  { name: 'friends-only (prefixed status)', snapshot: ttUser({ post: postWith(ttUser(), { status: 'STATUS_ONLY_FRIEND_SEE' }) }), code: 'POST_PRIVATE' },
  { name: 'duet carousel', snapshot: sparkCode({ post: postWith(sparkCode(), { itemType: 'CAROUSEL', duetOriginalItemId: 'orig' }) }), code: 'POST_UNSUPPORTED' },
  { name: 'multi-video mention', snapshot: sparkCode({ post: postWith(sparkCode(), { mentionedItemIds: ['a', 'b'] }) }), code: 'POST_UNSUPPORTED' },
  {
    name: 'private post shown on the profile',
    snapshot: bcPull({ ad: { darkPostStatus: 'OFF' }, post: postWith(bcPull(), { status: 'ITEM_STATUS_ONLY_AUTHOR_SEE' }) }),
    code: 'PRIVATE_WILL_BECOME_PUBLIC',
    severity: 'info',
  },
  { name: 'authorized post', snapshot: sparkCode(), code: 'CAPTION_LOCKED', severity: 'info' },
  {
    name: 'no preview though every pillar passes',
    snapshot: bcPull({ preview: { checkedAt: NOW, previewUrl: null, reason: 'temporarily unavailable' } }),
    code: 'PREVIEW_UNAVAILABLE',
    severity: 'warning',
  },
  {
    name: 'upload on a custom identity',
    snapshot: sparkCode({ ad: { identityType: 'CUSTOMIZED_USER', identityId: 'custom1', tiktokItemId: null, videoId: 'v5' }, identity: null }),
    code: 'IDENTITY_CUSTOM',
    severity: 'info',
  },
];

const notFiring: Case[] = [
  { name: 'linked, bound, assigned, POST', snapshot: bcPull(), code: 'BC_ACCOUNT_NOT_LINKED' },
  { name: 'bound link', snapshot: bcPull(), code: 'BC_LINK_PENDING' },
  { name: 'assigned', snapshot: bcPull(), code: 'BC_NOT_ASSIGNED_TO_AD_ACCOUNT' },
  {
    name: 'pushed video needs no Existing posts',
    snapshot: bcPull({ ad: { videoId: 'v9', tiktokItemId: null }, bcLinks: [link({ bcId: 'bc1', bcName: 'B', relationStatus: 'BOUND', ttAccountRoles: [] })] }),
    code: 'BC_EXISTING_POSTS_OFF',
  },
  { name: 'pulled post needs no publish permission', snapshot: bcPull({ identity: { ...bcPull().identity!, canPushVideo: false } }), code: 'BC_PUBLISH_NEW_OFF' },
  { name: 'code identity', snapshot: sparkCode(), code: 'IDENTITY_CUSTOM' },
  { name: 'post owner unknown (code never applied anywhere)', snapshot: sparkCode({ authorization: null, post: null, postOwner: null }), code: 'IDENTITY_WRONG_HANDLE' },
  { name: 'identity reaches the post', snapshot: bcPull({ postOwner: { identityId: 'x', handle: 'zoe' } }), code: 'IDENTITY_WRONG_HANDLE' },
  {
    name: 'a BC link problem explains the BC identity',
    snapshot: bcPull({
      bcLinks: [link({ bcId: 'bc1', bcName: 'B', relationStatus: 'PENDING', ttAccountRoles: [] })],
      identity: { ...bcPull().identity!, availableStatus: 'NO_VALID_BIND_ACCOUNT', canPullVideo: false },
    }),
    code: 'IDENTITY_UNAVAILABLE',
  },
  {
    name: 'push ad through an account that cannot pull',
    snapshot: bcPull({ ad: { videoId: 'v9', tiktokItemId: null }, identity: { ...bcPull().identity!, canPullVideo: false } }),
    code: 'IDENTITY_UNAVAILABLE',
  },
  { name: 'AUTH_CODE identity not listed (derived from codes)', snapshot: sparkCode({ identity: null }), code: 'IDENTITY_UNAVAILABLE' },
  { name: 'TT_USER identity', snapshot: ttUser(), code: 'IDENTITY_NOT_TIKTOK_ACCOUNT' },
  { name: 'own account needs no code', snapshot: ttUser(), code: 'AUTH_MISSING' },
  { name: 'ends one millisecond from now', snapshot: sparkCode({ authorization: authWith({ authEndTime: new Date(NOW.getTime() + 1) }) }), code: 'AUTH_EXPIRED' },
  { name: 'authorized', snapshot: sparkCode(), code: 'AUTH_REVOKED' },
  { name: 'ends one millisecond after the window edge', snapshot: sparkCode({ authorization: authWith({ authEndTime: new Date(at(14).getTime() + 1) }) }), code: 'AUTH_EXPIRING_SOON' },
  {
    name: 'ends exactly when the ad group ends',
    snapshot: sparkCode({ authorization: authWith({ authEndTime: at(45) }), adGroup: { adgroupId: 'g1', name: 'Flight', operationStatus: 'ENABLE', scheduleEndTime: at(45) } }),
    code: 'AUTH_EXPIRING_SOON',
  },
  { name: 'expired is not expiring', snapshot: sparkCode({ authorization: authWith({ authEndTime: at(-1) }) }), code: 'AUTH_EXPIRING_SOON' },
  { name: 'exactly 60 days', snapshot: sparkCode({ authorization: authWith({ authStartTime: at(-10), authEndTime: at(50) }) }), code: 'AUTH_SHORT_WINDOW' },
  {
    name: 'short code on a paused ad',
    snapshot: sparkCode({ ad: { operationStatus: 'DISABLE' }, authorization: authWith({ authStartTime: at(-5), authEndTime: at(25) }) }),
    code: 'AUTH_SHORT_WINDOW',
  },
  { name: 'public post', snapshot: sparkCode(), code: 'POST_DELETED' },
  { name: 'identity cannot pull: nothing to say about the post', snapshot: ttUser({ identity: { ...ttUser().identity!, availableStatus: 'IS_PRIVATE_ACCOUNT' }, post: null }), code: 'POST_NOT_FOUND' },
  { name: 'private post pushed in ads-only mode, shown through ads only', snapshot: bcPull({ post: postWith(bcPull(), { status: 'ITEM_STATUS_ONLY_AUTHOR_SEE' }) }), code: 'POST_PRIVATE' },
  { name: 'private post in ads-only mode and dark post on', snapshot: bcPull({ post: postWith(bcPull(), { status: 'ITEM_STATUS_ONLY_AUTHOR_SEE' }) }), code: 'PRIVATE_WILL_BECOME_PUBLIC' },
  { name: 'one mention', snapshot: sparkCode({ post: postWith(sparkCode(), { mentionedItemIds: ['a'] }) }), code: 'POST_UNSUPPORTED' },
  { name: 'expired authorization', snapshot: sparkCode({ authorization: authWith({ authEndTime: at(-1) }) }), code: 'CAPTION_LOCKED' },
  { name: 'preview link given', snapshot: bcPull({ preview: { checkedAt: NOW, previewUrl: 'https://ads.tiktok.com/p', reason: null } }), code: 'PREVIEW_UNAVAILABLE' },
  { name: 'preview never checked', snapshot: bcPull(), code: 'PREVIEW_UNAVAILABLE' },
  { name: 'no preview explained by a blocking finding', snapshot: bcPull({ bcLinks: [], preview: { checkedAt: NOW, previewUrl: null, reason: 'x' } }), code: 'PREVIEW_UNAVAILABLE' },
];

describe('evaluateAd', () => {
  it.each(firing)('$code fires: $name', ({ snapshot, code, severity, options }) => {
    const result = evaluateAd(snapshot, { ...OPTIONS, ...options });
    const finding = result.findings.find((f) => f.code === code);
    expect(finding, JSON.stringify(result.findings.map((f) => f.code))).toBeDefined();
    if (severity !== undefined) expect(finding?.severity).toBe(severity);
  });

  it.each(notFiring)('$code does not fire: $name', ({ snapshot, code }) => {
    expect(evaluateAd(snapshot, OPTIONS).findings.map((f) => f.code)).not.toContain(code);
  });

  it('has a firing case for every rule in the catalogue', () => {
    expect(new Set(firing.map((c) => c.code))).toEqual(new Set(RULE_CODES));
  });

  it('healthy ads of each kind have no root cause', () => {
    for (const snapshot of [sparkCode(), bcPull(), ttUser()]) {
      const result = evaluateAd(snapshot, OPTIONS);
      expect(result).toMatchObject({ status: 'healthy', severityRank: 0, rootCause: null });
    }
    // The caption lock is shown but is never a root cause.
    expect(evaluateAd(sparkCode(), OPTIONS).findings.map((f) => f.code)).toEqual(['CAPTION_LOCKED']);
  });

  it('the root cause is the first blocking finding in pillar order, whatever order the rules ran in', () => {
    // Wrong BC link, a TT_USER-style problem and a deleted post at once: the BC pillar comes first.
    const snapshot = bcPull({ bcLinks: [link({ bcId: 'bc1', bcName: 'B', relationStatus: 'PENDING', ttAccountRoles: [] })], post: postWith(bcPull(), { status: 'USER_DELETE' }) });
    const result = evaluateAd(snapshot, OPTIONS);
    expect(result.findings.map((f) => f.code)).toEqual(['BC_LINK_PENDING', 'POST_DELETED']);
    expect(result.rootCause).toMatchObject({ code: 'BC_LINK_PENDING', pillar: 'business_center', subject: 'tt_account:tt-brand', evidence: { handle: 'brand' } });
    expect(result).toMatchObject({ status: 'blocking', severityRank: 3 });
  });

  it('a blocking finding in a later pillar outranks a warning in an earlier one', () => {
    const snapshot = bcPull({
      ad: { videoId: 'v9' },
      identity: { ...bcPull().identity!, canPushVideo: false },
      post: postWith(bcPull(), { status: 'ITEM_STATUS_ONLY_FRIEND_SEE' }),
      bcLinks: [link({ bcId: 'bc1', bcName: 'B', relationStatus: 'BOUND', ttAccountRoles: ['POST'] })],
    });
    const result = evaluateAd({ ...snapshot, identity: { ...snapshot.identity!, adsOnlyMode: false } }, OPTIONS);
    expect(result.findings.map((f) => f.code)).toEqual(['BC_PUBLISH_NEW_OFF', 'POST_PRIVATE']);
    expect(result.rootCause?.code).toBe('POST_PRIVATE');
  });

  it('identity comes before authorization, authorization before the post', () => {
    const snapshot = sparkCode({
      ad: { identityId: 'other-identity' },
      authorization: authWith({ authEndTime: at(-3) }),
      post: postWith(sparkCode(), { status: 'ONLY_AUTHOR_SEE' }),
    });
    const result = evaluateAd(snapshot, OPTIONS);
    expect(result.findings.map((f) => [f.pillar, f.code])).toEqual([
      ['identity', 'IDENTITY_WRONG_HANDLE'],
      ['authorization', 'AUTH_EXPIRED'],
      ['post', 'POST_PRIVATE'],
    ]);
    expect(result.rootCause?.code).toBe('IDENTITY_WRONG_HANDLE');
  });

  it('a warning is the root cause when nothing blocks; info when nothing warns', () => {
    const expiring = evaluateAd(sparkCode({ authorization: authWith({ authStartTime: at(-1), authEndTime: at(6) }) }), OPTIONS);
    expect(expiring.findings.map((f) => f.code)).toEqual(['AUTH_EXPIRING_SOON', 'AUTH_SHORT_WINDOW', 'CAPTION_LOCKED']);
    expect(expiring).toMatchObject({ status: 'warning', severityRank: 2, rootCause: { code: 'AUTH_EXPIRING_SOON', subject: 'post:adv1:item1', evidence: { daysLeft: 6 } } });
    const short = evaluateAd(sparkCode({ authorization: authWith({ authStartTime: at(-5), authEndTime: at(25) }) }), OPTIONS);
    expect(short).toMatchObject({ status: 'healthy', severityRank: 1, rootCause: { code: 'AUTH_SHORT_WINDOW', severity: 'info' } });
  });

  it('non-Spark ads get only the Custom Identity notice', () => {
    const upload = evaluateAd(
      sparkCode({ ad: { identityType: 'CUSTOMIZED_USER', identityId: 'custom1', tiktokItemId: null, videoId: 'v5' }, identity: null, authorization: null, post: null }),
      OPTIONS,
    );
    expect(upload).toMatchObject({
      status: 'not_spark',
      severityRank: 0,
      rootCause: { code: 'IDENTITY_CUSTOM', severity: 'info', subject: 'identity:CUSTOMIZED_USER:custom1', evidence: { spark: false } },
    });
    expect(upload.findings).toHaveLength(1);
    // Even with a missing preview and no identity at all, a non-Spark ad is only classified.
    const plain = evaluateAd(sparkCode({ ad: { identityType: null, identityId: null, tiktokItemId: null, videoId: 'v6' }, preview: { checkedAt: NOW, previewUrl: null, reason: 'x' } }), OPTIONS);
    expect(plain).toEqual({ status: 'not_spark', severityRank: 0, findings: [], rootCause: null });
  });

  it('deleted ads are deleted, with no findings', () => {
    expect(evaluateAd(sparkCode({ ad: { deleted: true }, authorization: null }), OPTIONS)).toEqual({ status: 'deleted', severityRank: 0, findings: [], rootCause: null });
  });

  it('evidence names the facts that made a rule fire', () => {
    const result = evaluateAd(sparkCode({ authorization: authWith({ authEndTime: at(-1) }) }), OPTIONS);
    expect(result.rootCause).toEqual({
      code: 'AUTH_EXPIRED',
      pillar: 'authorization',
      severity: 'blocking',
      subject: 'post:adv1:item1',
      evidence: { handle: 'mia', itemId: 'item1', advertiserId: 'adv1', adAuthStatus: 'AUTHORIZED', authEndTime: at(-1).toISOString() },
    });
  });
});

describe('the BC identity and its BC TikTok account', () => {
  const bcCodes = (snapshot: AdSnapshot) =>
    evaluateAd(snapshot, { now: NOW, expiryWindowDays: 14 })
      .findings.filter((f) => f.pillar === 'business_center')
      .map((f) => f.code);

  it('matches by username against the asset name although the ids differ, so a linked account is healthy', () => {
    expect(bcCodes(bcPull())).toEqual([]);
    expect(bcPull().bcLinks[0]?.ttAccountId).not.toBe(bcPull().ad.identityId);
  });

  it('falls back to the display name, and to the names another ad account lists when this one does not list the identity', () => {
    expect(bcCodes(bcPull({ identity: { ...bcPull().identity!, username: null }, bcLinks: [link({ name: 'Brand' })] }))).toEqual([]);
    expect(bcCodes(bcPull({ identity: null, assignedToAdAccount: false }))).toEqual(['BC_NOT_ASSIGNED_TO_AD_ACCOUNT']);
  });

  it('names the other connected BC the account is linked to, and never matches an account of another BC', () => {
    const result = evaluateAd(bcPull({ bcLinks: [link({ bcId: 'bc2', bcName: 'Other' })] }), { now: NOW, expiryWindowDays: 14 });
    expect(result.rootCause).toMatchObject({ code: 'BC_ACCOUNT_NOT_LINKED', evidence: { linkedBcIds: 'bc2' } });
  });

  it('reports an ambiguous name as its own finding and checks no link state on a guess', () => {
    const pendingTwin = link({ ttAccountId: '7100000000000000002', relationStatus: 'PENDING', ttAccountRoles: [] });
    expect(bcCodes(bcPull({ bcLinks: [link(), pendingTwin] }))).toEqual(['BC_ACCOUNT_AMBIGUOUS']);
  });

  it('still matches on id equality should TikTok use one id for both', () => {
    expect(bcCodes(bcPull({ bcLinks: [link({ ttAccountId: 'tt-brand', name: '@renamed' })] }))).toEqual([]);
  });
});
