import { describe, expect, it } from 'vitest';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_TOKEN_SINGLE_ADVERTISER, SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES } from '@/lib/tiktok-sandbox';
import { createTikTokClient, type TikTokClientOptions } from './client';
import { TikTokApiError, TikTokAuthError, TikTokPermissionError, TikTokProtocolError, TikTokTimeoutError } from './errors';
import { createMemoryLimiter } from './limiter';
import { collectItems } from './pagination';
import { serveSandbox } from '@/tests/sandbox-app';

// The client against the sandbox over real HTTP: every endpoint, the errors, and recovery from faults.

const app = { app_id: SANDBOX_APP_ID, secret: SANDBOX_APP_SECRET };

function client(overrides: Partial<TikTokClientOptions> = {}) {
  return createTikTokClient({
    baseUrl: `${server.url}/open_api/v1.3/`,
    accessToken: SANDBOX_ACCESS_TOKEN,
    orgId: 'contract-test',
    limiter: createMemoryLimiter({ ratePerSecond: 1000, burst: 1000 }),
    sleep: async () => {},
    timeoutMs: 2_000,
    ...overrides,
  });
}

// The sandbox's rate-limit windows run on this clock, which only the client's waits move (below): whether
// a request is over the limit never depends on how fast this machine answers.
let rateLimitNow = 0;
const { sandbox, server } = await serveSandbox({ resetEachTest: true, rateLimitClock: () => rateLimitNow });

const ref = (name: string) => sandbox.world.ref(name);

describe('OAuth', () => {
  it('exchanges an auth_code once for a token that lists the ad accounts', async () => {
    const authCode = sandbox.issueAuthCode();
    const token = await client().exchangeAuthCode({ ...app, auth_code: authCode });
    expect(token.access_token).toEqual(expect.any(String));
    expect(token.advertiser_ids).toEqual(expect.arrayContaining([ref('advertiser:northwindUs'), ref('advertiser:lumenPerformance')]));
    const again = client().exchangeAuthCode({ ...app, auth_code: authCode });
    await expect(again).rejects.toBeInstanceOf(TikTokAuthError);
    await expect(again).rejects.toMatchObject({ code: 40110 });

    const advertisers = await client({ accessToken: token.access_token }).listAuthorizedAdvertisers(app);
    expect(advertisers.map((a) => a.advertiser_id).sort()).toEqual([...token.advertiser_ids].sort());
  });

  it('knows which ad accounts a narrower token reaches', async () => {
    const advertisers = await client({ accessToken: SANDBOX_TOKEN_SINGLE_ADVERTISER }).listAuthorizedAdvertisers(app);
    expect(advertisers).toHaveLength(1);
  });
});

describe('Business Center', () => {
  it('lists BCs, their assets, members, partners and the QR link', async () => {
    const c = client();
    const bcs = await collectItems(c.pages.listBusinessCenters({}));
    expect(bcs.map((b) => b.bc_info.bc_id)).toEqual(expect.arrayContaining([ref('bc:brand'), ref('bc:agency')]));

    const advertisers = await collectItems(c.pages.listBcAssets({ bc_id: ref('bc:brand'), asset_type: 'ADVERTISER' }));
    expect(advertisers.map((a) => a.asset_id)).toEqual(expect.arrayContaining([ref('advertiser:northwindUs'), ref('advertiser:northwindEu')]));

    // What one member may do on each TikTok account (the only way to ask for TT_ACCOUNT).
    const chloe = await collectItems(c.pages.listBcAssets({ bc_id: ref('bc:brand'), asset_type: 'TT_ACCOUNT', filtering: { user_id: ref('user:chloe') } }));
    const kitchen = chloe.find((a) => a.asset_id === ref('ttAsset:northwindKitchen'));
    expect(kitchen?.tt_account_roles?.map((r) => r.value)).toContain('POST');

    const admin = await collectItems(c.pages.listBcAdminAssets({ bc_id: ref('bc:brand'), asset_type: 'TT_ACCOUNT' }));
    expect(admin.find((a) => a.asset_id === ref('ttAsset:northwindOutlet'))?.relation_status?.value).toBe('PENDING');

    const members = await collectItems(c.pages.listBcMembers({ bc_id: ref('bc:brand') }));
    expect(members.length).toBeGreaterThan(5);
    expect(members.some((m) => m.relation_status?.value === 'PENDING' && m.user_id === null)).toBe(true);
    expect(new Set(members.map((m) => m.user_role?.value))).toEqual(new Set(['ADMIN', 'STANDARD']));

    const assetMembers = await collectItems(c.pages.listBcAssetMembers({ bc_id: ref('bc:brand'), asset_type: 'ADVERTISER', asset_id: ref('advertiser:northwindUs') }));
    expect(assetMembers.length).toBeGreaterThan(0);

    const partners = await collectItems(c.pages.listBcAssetPartners({ bc_id: ref('bc:agency'), asset_type: 'ADVERTISER', asset_id: ref('advertiser:clientCo') }));
    expect(partners.map((p) => p.bc_id)).toContain(ref('bc:partner'));

    expect(await c.getBcAccountAuthorizationLink({ bc_id: ref('bc:brand') })).toMatch(/^https?:\/\//);
  });
});

describe('identities', () => {
  it('lists identities of every type, reads one, and walks its posts by cursor', async () => {
    const c = client();
    const advertiser_id = ref('advertiser:northwindUs');
    const identities = await collectItems(c.pages.listIdentities({ advertiser_id }));
    const types = new Set(identities.map((i) => i.identity_type.value));
    for (const type of ['CUSTOMIZED_USER', 'AUTH_CODE', 'TT_USER', 'BC_AUTH_TT']) expect(types).toContain(type);

    const kai = { advertiser_id, identity_id: ref('identity:kaiUser'), identity_type: 'TT_USER' as const };
    const info = await c.getIdentity(kai);
    expect(info.identity_id).toBe(kai.identity_id);
    const posts = await collectItems(c.pages.listIdentityPosts(kai));
    expect(posts.map((p) => p.item_id)).toContain(ref('post:kai1'));
    const details = await c.getIdentityPostDetails({ ...kai, item_ids: [ref('post:kai1')] });
    expect(JSON.stringify(details)).toContain(ref('post:kai1'));
  });
});

describe('Spark posts', () => {
  it('previews, applies, lists and unbinds a creator code, byte-exact with # + / =', async () => {
    const c = client();
    const advertiser_id = ref('advertiser:northwindEu');
    const code = sandbox.world.creatorCodes.find((k) => k.kind === 'valid' && k.appliedTo.length === 0)!;
    expect(code.code).toMatch(/[#+/=]/);

    const before = await c.getSparkPost({ advertiser_id, auth_code: code.code });
    expect(before.item_info.item_id).toBe(code.itemId);
    expect(before.user_info?.tiktok_name).toBeTruthy();

    await c.authorizeSparkPost({ advertiser_id, auth_code: code.code });
    const after = await c.getSparkPost({ advertiser_id, auth_code: code.code });
    expect(after.auth_info?.ad_auth_status?.value).toBe('AUTHORIZED');
    expect(after.auth_info?.auth_end_time).toBeInstanceOf(Date);
    const listed = await collectItems(c.pages.listSparkPosts({ advertiser_id }));
    expect(listed.map((p) => p.item_info.item_id)).toContain(code.itemId);

    const twice = c.authorizeSparkPost({ advertiser_id, auth_code: code.code });
    await expect(twice).rejects.toBeInstanceOf(TikTokApiError);
    await expect(twice).rejects.not.toBeInstanceOf(TikTokProtocolError);

    await c.unbindSparkPost({ advertiser_id, item_id: code.itemId! });
    const unbound = await collectItems(c.pages.listSparkPosts({ advertiser_id }));
    expect(unbound.map((p) => p.item_info.item_id)).not.toContain(code.itemId);
  });

  it('refuses expired and malformed codes with a typed error carrying TikTok’s code and message', async () => {
    const c = client();
    const advertiser_id = ref('advertiser:northwindUs');
    for (const kind of ['expired', 'malformed'] as const) {
      const code = sandbox.world.creatorCodes.find((k) => k.kind === kind)!;
      const error = await c.authorizeSparkPost({ advertiser_id, auth_code: code.code }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TikTokApiError);
      expect((error as TikTokApiError).code).toBeGreaterThanOrEqual(40000);
      expect((error as TikTokApiError).retryable).toBe(false);
    }
    const listed = await collectItems(c.pages.listSparkPosts({ advertiser_id }));
    const expiredItem = sandbox.world.creatorCodes.find((k) => k.kind === 'expired')!.itemId;
    expect(listed.filter((p) => p.item_info.item_id === expiredItem && p.auth_info?.ad_auth_status?.value === 'AUTHORIZED')).toEqual([]);
  });

  it('reports a missing scope as a permission error', async () => {
    const code = sandbox.world.creatorCodes[0]!;
    const denied = client({ accessToken: SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES }).getSparkPost({ advertiser_id: ref('advertiser:northwindUs'), auth_code: code.code });
    await expect(denied).rejects.toBeInstanceOf(TikTokPermissionError);
    await expect(denied).rejects.toMatchObject({ code: 40001 });
  });
});

describe('campaigns, ad groups, ads and preview', () => {
  it('reads the ad tree, with deleted ads only when asked, and creates a preview', async () => {
    const c = client();
    const advertiser_id = ref('advertiser:northwindUs');
    const campaigns = await collectItems(c.pages.listCampaigns({ advertiser_id }));
    const adGroups = await collectItems(c.pages.listAdGroups({ advertiser_id }));
    const ads = await collectItems(c.pages.listAds({ advertiser_id }));
    const allAds = await collectItems(c.pages.listAds({ advertiser_id, include_deleted: true }));
    const expected = sandbox.world.expectations.filter((e) => e.advertiserId === advertiser_id);
    expect(campaigns.length).toBeGreaterThan(0);
    expect(adGroups.every((g) => campaigns.some((cmp) => cmp.campaign_id === g.campaign_id))).toBe(true);
    expect(adGroups.some((g) => g.schedule_end_time instanceof Date)).toBe(true);
    expect(ads.map((a) => a.ad_id).sort()).toEqual(
      expected
        .filter((e) => !e.deleted)
        .map((e) => e.adId)
        .sort(),
    );
    expect(allAds.map((a) => a.ad_id).sort()).toEqual(expected.map((e) => e.adId).sort());

    const healthy = expected.find((e) => e.rootCause === null && !e.deleted)!;
    const preview = await c.createAdPreview({ advertiser_id, ad_id: healthy.adId });
    expect(preview.preview_link).toMatch(/^https?:\/\//);
  });
});

describe('errors and faults over HTTP', () => {
  it('turns a bad token into a typed auth error', async () => {
    await expect(client({ accessToken: 'not-a-token' }).listBusinessCenters()).rejects.toMatchObject({ code: 40105, kind: 'auth' });
  });

  it('recovers from 50000, a timeout and truncated JSON, in that order, by retrying', async () => {
    sandbox.faults.configure({ script: [{ path: 'ad/get', faults: ['error_50000', 'timeout', 'http_5xx'] }] });
    const ads = await client({ timeoutMs: 2_000 }).listAds({ advertiser_id: ref('advertiser:northwindUs') });
    expect(ads.list.length).toBeGreaterThan(0);
  });

  it('gives up after the retry cap with the last transient error', async () => {
    sandbox.faults.configure({ script: [{ path: 'bc/get', faults: ['timeout', 'timeout', 'timeout'] }] });
    const call = client({ timeoutMs: 200, retry: { maxAttempts: 3 } }).listBusinessCenters();
    await expect(call).rejects.toBeInstanceOf(TikTokTimeoutError);
  });

  it('does not retry a truncated body and reports it with the raw bytes', async () => {
    sandbox.faults.configure({ script: [{ path: 'bc/get', faults: ['truncated_json'] }] });
    const error = await client()
      .listBusinessCenters()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokApiError);
    if (error instanceof TikTokProtocolError) expect(error.bodySnippet.length).toBeGreaterThan(0);
  });

  it('waits out the sandbox rate limit (HTTP 200 with 40100) and succeeds', async () => {
    sandbox.rateLimits.configure({ globalQps: 2 });
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      rateLimitNow += ms;
    };
    const c = client({ sleep, retry: { maxAttempts: 10, baseDelayMs: 250, maxDelayMs: 1_000 } });
    const results = await Promise.all(Array.from({ length: 6 }, () => c.listBusinessCenters()));
    expect(results.every((r) => r.list.length > 0)).toBe(true);
    // Four of the six were refused at first and waited before trying again.
    expect(waits.length).toBeGreaterThanOrEqual(4);
  });
});
