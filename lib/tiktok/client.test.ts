import { describe, expect, it } from 'vitest';
import { busiestEndpoints, createCallCounter } from './calls';
import { createTikTokClient, MAX_PAGE_SIZE } from './client';
import { createMemoryLimiter } from './limiter';
import { collectItems } from './pagination';

type Sent = { method: string; path: string; query: Record<string, string>; body: unknown; token: string | null };

/** A fetch that records each request and answers `respond(request)` inside a success envelope. */
function fakeApi(respond: (sent: Sent) => unknown = () => ({})) {
  const sent: Sent[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const request: Sent = {
      method: init?.method ?? 'GET',
      path: url.pathname.replace('/open_api/v1.3/', ''),
      query: Object.fromEntries(url.searchParams),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      token: new Headers(init?.headers).get('Access-Token'),
    };
    sent.push(request);
    return Response.json({ code: 0, message: 'OK', request_id: 'r', data: respond(request) });
  }) as typeof globalThis.fetch;
  return { client: clientOver(fetch), sent };
}

/** A client of org-1 sending through `fetch`. */
function clientOver(fetch: typeof globalThis.fetch, options: Partial<Parameters<typeof createTikTokClient>[0]> = {}) {
  return createTikTokClient({
    baseUrl: 'https://business-api.tiktok.com/open_api/v1.3/',
    accessToken: 'tok',
    orgId: 'org-1',
    limiter: createMemoryLimiter({ ratePerSecond: 10_000, burst: 100 }),
    fetch,
    ...options,
  });
}

const page = (list: unknown[], pageNumber = 1, totalPage = 1) => ({
  list,
  page_info: { page: pageNumber, page_size: list.length, total_number: list.length, total_page: totalPage },
});

describe('endpoints', () => {
  it('exchanges an auth code by POST without an Access-Token header', async () => {
    const { client, sent } = fakeApi(() => ({ access_token: 'new', advertiser_ids: ['1', 2], scope: [100, 690] }));
    const token = await client.exchangeAuthCode({ app_id: 'app', secret: 's', auth_code: 'code#1' });
    expect(token).toMatchObject({ access_token: 'new', advertiser_ids: ['1', '2'], scope: [100, 690], refresh_token: null });
    expect(sent[0]).toEqual({
      method: 'POST',
      path: 'oauth2/access_token/',
      query: {},
      body: { app_id: 'app', secret: 's', auth_code: 'code#1' },
      token: null,
    });
  });

  it('calls every read endpoint on its path with the token and JSON-encoded filters', async () => {
    const { client, sent } = fakeApi((req) => {
      switch (req.path) {
        case 'oauth2/advertiser/get/':
          return { list: [{ advertiser_id: '1', advertiser_name: 'A' }] };
        case 'bc/asset/account/authorization/':
          return { bc_auth_qr_code: 'https://qr.example/x' };
        case 'identity/info/':
          return { identity_info: { identity_id: 'i', identity_type: 'TT_USER' } };
        case 'identity/video/info/':
          return { video_detail: { item_id: '9' } };
        case 'tt_video/info/':
          return { item_info: { item_id: '9' } };
        case 'creative/ads_preview/create/':
          return { preview_link: 'https://preview', iframe: '<iframe/>', tips: [] };
        default:
          return {};
      }
    });
    const identity = { advertiser_id: '1', identity_id: 'i', identity_type: 'BC_AUTH_TT' as const, identity_authorized_bc_id: 'bc' };

    expect(await client.listAuthorizedAdvertisers({ app_id: 'app', secret: 's' })).toEqual([{ advertiser_id: '1', advertiser_name: 'A' }]);
    await client.listBusinessCenters({ page: 2, page_size: 50 });
    await client.listBcAssets({ bc_id: 'bc', asset_type: 'TT_ACCOUNT', filtering: { user_id: 'u1' } });
    await client.listBcAdminAssets({ bc_id: 'bc', asset_type: 'ADVERTISER' });
    await client.listBcMembers({ bc_id: 'bc', filtering: { relation_status: 'BOUND' } });
    await client.listBcAssetMembers({ bc_id: 'bc', asset_type: 'ADVERTISER', asset_id: 'a' });
    await client.listBcAssetPartners({ bc_id: 'bc', asset_type: 'ADVERTISER', asset_id: 'a' });
    expect(await client.getBcAccountAuthorizationLink({ bc_id: 'bc' })).toBe('https://qr.example/x');
    await client.listIdentities({ advertiser_id: '1', identity_type: 'TT_USER' });
    expect((await client.getIdentity(identity)).identity_type.value).toBe('TT_USER');
    await client.listIdentityPosts({ ...identity, count: 20 });
    expect((await client.getIdentityPostDetails({ ...identity, item_ids: ['9', '10'] })).list).toHaveLength(1);
    expect((await client.getSparkPost({ advertiser_id: '1', auth_code: '#a+b' })).item_info.item_id).toBe('9');
    await client.listSparkPosts({ advertiser_id: '1', item_types: ['VIDEO'] });
    await client.listCampaigns({ advertiser_id: '1', fields: ['campaign_id'] });
    await client.listAdGroups({ advertiser_id: '1', filtering: { campaign_ids: ['c'] } });
    await client.listAds({ advertiser_id: '1' });

    expect(sent.every((s) => s.method === 'GET' && s.token === 'tok')).toBe(true);
    expect(sent.map((s) => s.path)).toEqual([
      'oauth2/advertiser/get/',
      'bc/get/',
      'bc/asset/get/',
      'bc/asset/admin/get/',
      'bc/member/get/',
      'bc/asset/member/get/',
      'bc/asset/partner/get/',
      'bc/asset/account/authorization/',
      'identity/get/',
      'identity/info/',
      'identity/video/get/',
      'identity/video/info/',
      'tt_video/info/',
      'tt_video/list/',
      'campaign/get/',
      'adgroup/get/',
      'ad/get/',
    ]);
    expect(sent[2]?.query).toEqual({ bc_id: 'bc', asset_type: 'TT_ACCOUNT', filtering: '{"user_id":"u1"}' });
    expect(sent[11]?.query.item_ids).toBe('["9","10"]');
    expect(sent[12]?.query.auth_code).toBe('#a+b');
    expect(sent[13]?.query.item_types).toBe('["VIDEO"]');
    expect(sent[14]?.query.fields).toBe('["campaign_id"]');
    expect(sent[16]?.query).toEqual({ advertiser_id: '1' });
  });

  it('asks for deleted ads with primary_status STATUS_ALL', async () => {
    const { client, sent } = fakeApi(() => page([]));
    await client.listAds({ advertiser_id: '1', include_deleted: true, filtering: { campaign_ids: ['c'] } });
    expect(sent[0]?.query).toEqual({
      advertiser_id: '1',
      filtering: '{"campaign_ids":["c"],"primary_status":"STATUS_ALL"}',
    });
  });

  it('authorizes, unbinds and previews by POST with JSON bodies', async () => {
    const { client, sent } = fakeApi((req) => (req.path.startsWith('creative') ? { preview_link: 'l' } : {}));
    expect(await client.authorizeSparkPost({ advertiser_id: '1', auth_code: '#code+' })).toEqual({ requestId: 'r' });
    await client.unbindSparkPost({ advertiser_id: '1', item_id: '9' });
    expect((await client.createAdPreview({ advertiser_id: '1', ad_id: 'ad' })).preview_link).toBe('l');
    expect(sent.map(({ method, path, body, token }) => ({ method, path, body, token }))).toEqual([
      { method: 'POST', path: 'tt_video/authorize/', body: { advertiser_id: '1', auth_code: '#code+' }, token: 'tok' },
      { method: 'POST', path: 'tt_video/unbind/', body: { advertiser_id: '1', item_id: '9' }, token: 'tok' },
      {
        method: 'POST',
        path: 'creative/ads_preview/create/',
        body: { advertiser_id: '1', ad_id: 'ad', preview_type: 'AD' },
        token: 'tok',
      },
    ]);
  });
});

describe('pages', () => {
  it('walks every page of ads at the largest page size', async () => {
    const { client, sent } = fakeApi((req) => {
      const n = Number(req.query.page);
      return page([{ ad_id: `ad-${n}` }], n, 3);
    });
    const ads = await collectItems(client.pages.listAds({ advertiser_id: '1' }));
    expect(ads.map((ad) => ad.ad_id)).toEqual(['ad-1', 'ad-2', 'ad-3']);
    expect(sent.map((s) => [s.query.page, s.query.page_size])).toEqual([
      ['1', '1000'],
      ['2', '1000'],
      ['3', '1000'],
    ]);
  });

  it('walks identities with an all-zero page_info until a short page', async () => {
    const size = MAX_PAGE_SIZE['identity/get/'];
    const { client, sent } = fakeApi((req) => ({
      identity_list: Array.from({ length: req.query.page === '1' ? size : 3 }, (_, i) => ({
        identity_id: `${req.query.page}-${i}`,
        identity_type: 'BC_AUTH_TT',
      })),
      page_info: { page: 0, page_size: 0, total_number: 0, total_page: 0 },
    }));
    const identities = await collectItems(client.pages.listIdentities({ advertiser_id: '1' }));
    expect(identities).toHaveLength(size + 3);
    expect(sent).toHaveLength(2);
  });

  it('walks an identity’s posts by cursor, 20 at a time', async () => {
    const { client, sent } = fakeApi((req) =>
      req.query.cursor === undefined ? { video_list: [{ item_id: '1' }], cursor: '20', has_more: true } : { video_list: [{ item_id: '2' }], cursor: '40', has_more: false },
    );
    const posts = await collectItems(client.pages.listIdentityPosts({ advertiser_id: '1', identity_id: 'i', identity_type: 'TT_USER' }));
    expect(posts.map((p) => p.item_id)).toEqual(['1', '2']);
    expect(sent.map((s) => [s.query.cursor, s.query.count])).toEqual([
      [undefined, '20'],
      ['20', '20'],
    ]);
  });
});

describe('call accounting', () => {
  it('counts every request sent per endpoint, retries included, busiest first', async () => {
    let adGetAnswers = 0;
    const fetch = (async (input: string | URL | Request) => {
      const path = new URL(String(input)).pathname.replace('/open_api/v1.3/', '');
      // The first ad/get is throttled (HTTP 200 + 40100) and retried by the client.
      if (path === 'ad/get/' && adGetAnswers++ === 0) return Response.json({ code: 40100, message: 'Requests made too frequently', data: {} });
      return Response.json({ code: 0, message: 'OK', data: page([]) });
    }) as typeof globalThis.fetch;
    const calls = createCallCounter();
    const client = clientOver(fetch, { calls, sleep: async () => {} });
    await collectItems(client.pages.listAds({ advertiser_id: '1' }));
    await client.listBcMembers({ bc_id: '2' });
    await client.listBcMembers({ bc_id: '3' });
    await client.listCampaigns({ advertiser_id: '1' });
    expect(calls.total()).toBe(5);
    expect(calls.byEndpoint()).toEqual({ 'ad/get/': 2, 'bc/member/get/': 2, 'campaign/get/': 1 });
    expect(busiestEndpoints(calls.byEndpoint())).toEqual([
      ['ad/get/', 2],
      ['bc/member/get/', 2],
      ['campaign/get/', 1],
    ]);
  });
});
