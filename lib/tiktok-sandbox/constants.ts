/** Credentials of the sandbox's one developer app. */
export const SANDBOX_APP_ID = 'sandbox-app';
export const SANDBOX_APP_SECRET = 'sandbox-secret';

/** Full scope, every advertiser and BC of the world. */
export const SANDBOX_ACCESS_TOKEN = 'sandbox-access-token';
/** Everything except Query TikTok Posts (690) and Authorize TikTok Posts (691). */
export const SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES = 'sandbox-token-no-spark';
/** Full scope, but reaches only the world's primary advertiser and no BC. */
export const SANDBOX_TOKEN_SINGLE_ADVERTISER = 'sandbox-token-single-advertiser';

export const SANDBOX_SEED = 'sparkcheck';
/** Default start of a frozen clock, and the "now" every seeded date is relative to. */
export const SANDBOX_EPOCH = new Date('2026-03-02T09:00:00Z');

/** Numeric permission ids of the Marketing API (reference §1) for the endpoints the sandbox serves. */
export const SCOPES = {
  readAdAccount: 100,
  readBusinessCenter: 150,
  businessCenterAsset: 153,
  businessCenterPartner: 155,
  businessCenterMember: 156,
  readCampaigns: 200,
  readAdGroups: 210,
  readAds: 220,
  creativeTool: 64,
  queryTikTokPosts: 690,
  authorizeTikTokPosts: 691,
  queryIdentity: 693,
} as const;

export const SCOPE_NAMES: Record<number, string> = {
  [SCOPES.readAdAccount]: 'Read ad account information',
  [SCOPES.readBusinessCenter]: 'Read Business Center',
  [SCOPES.businessCenterAsset]: 'Business Center assets',
  [SCOPES.businessCenterPartner]: 'Business Center partner management',
  [SCOPES.businessCenterMember]: 'Business Center member management',
  [SCOPES.readCampaigns]: 'Read campaigns',
  [SCOPES.readAdGroups]: 'Read ad groups',
  [SCOPES.readAds]: 'Read ads',
  [SCOPES.creativeTool]: 'Creative tools (ad preview)',
  [SCOPES.queryTikTokPosts]: 'Query TikTok posts',
  [SCOPES.authorizeTikTokPosts]: 'Authorize TikTok posts',
  [SCOPES.queryIdentity]: 'Query identities',
};

/** Every scope the sandbox app requests; a consenting advertiser grants all of them. */
export const APP_SCOPES: number[] = Object.values(SCOPES).toSorted((a, b) => a - b);
