import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_TOKEN_SINGLE_ADVERTISER, SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES } from './constants';
import { serveSandbox, type TestSandbox } from './test-server';

let t: TestSandbox;
let us: string;
let eu: string;
let brandBc: string;

beforeAll(async () => {
  t = await serveSandbox();
  us = t.sandbox.world.ref('advertiser:northwindUs');
  eu = t.sandbox.world.ref('advertiser:northwindEu');
  brandBc = t.sandbox.world.ref('bc:brand');
});
afterAll(() => t.close());

describe('envelope and transport', () => {
  it('wraps success in {code, message, request_id, data}', async () => {
    const response = await fetch(`${t.api('bc/get/')}`, { headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['code', 'message', 'request_id', 'data']);
    expect(body).toMatchObject({ code: 0, message: 'OK' });
    expect(body.request_id).toMatch(/^\d{14}[0-9A-F]{20}$/);
  });

  it('answers application errors with HTTP 200, a non-zero code and empty data', async () => {
    const response = await fetch(t.api('bc/get/'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ code: 40104, data: {} });
  });

  it('gives an HTML 404 for a path without its trailing slash or an unknown endpoint', async () => {
    for (const path of ['bc/get', 'no/such/endpoint/']) {
      const response = await fetch(t.api(path), { headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN } });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('text/html');
    }
  });

  it('refuses the wrong method', async () => {
    const response = await fetch(t.api('tt_video/authorize/'), { headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN } });
    expect(response.status).toBe(405);
  });
});

describe('access tokens and scopes', () => {
  it('40104 without the Access-Token header', async () => {
    expect(await t.get('bc/get/', {}, null)).toMatchObject({ code: 40104, message: 'Access token is null, you should set it in http header with key Access-Token.' });
  });

  it('40105 for an unknown token, including a Bearer-prefixed one', async () => {
    expect((await t.get('bc/get/', {}, 'nope')).code).toBe(40105);
    expect((await t.get('bc/get/', {}, `Bearer ${SANDBOX_ACCESS_TOKEN}`)).code).toBe(40105);
  });

  it('40001 naming the endpoint when the token lacks its scope', async () => {
    const info = await t.get('tt_video/info/', { advertiser_id: us, auth_code: '#x' }, SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES);
    expect(info).toMatchObject({ code: 40001, message: 'advertiser does not grant you /tt_video/info/:GET permission' });
    const authorize = await t.post('tt_video/authorize/', { advertiser_id: us, auth_code: '#x' }, SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES);
    expect(authorize).toMatchObject({ code: 40001, message: 'advertiser does not grant you /tt_video/authorize/:POST permission' });
    expect((await t.get('ad/get/', { advertiser_id: us }, SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES)).code).toBe(0);
  });

  it('40001 for an advertiser or BC the token does not reach', async () => {
    expect((await t.get('ad/get/', { advertiser_id: us }, SANDBOX_TOKEN_SINGLE_ADVERTISER)).code).toBe(0);
    expect((await t.get('ad/get/', { advertiser_id: eu }, SANDBOX_TOKEN_SINGLE_ADVERTISER)).code).toBe(40001);
    expect((await t.get('ad/get/', { advertiser_id: '7000000000000000000' })).code).toBe(40001);
    expect((await t.get('bc/member/get/', { bc_id: brandBc }, SANDBOX_TOKEN_SINGLE_ADVERTISER)).code).toBe(40001);
    expect((await t.get('bc/member/get/', { bc_id: t.sandbox.world.ref('bc:partner') })).code).toBe(40001);
    const advertisers = await t.get<{ list: { advertiser_id: string }[] }>('oauth2/advertiser/get/', { app_id: 'sandbox-app', secret: 'sandbox-secret' }, SANDBOX_TOKEN_SINGLE_ADVERTISER);
    expect(advertisers.data.list.map((a) => a.advertiser_id)).toEqual([us]);
  });
});

describe('parameters', () => {
  it('40002 "error unmarshaling parameter" for a repeated query key', async () => {
    const response = await fetch(`${t.api('ad/get/')}?advertiser_id=${us}&fields=ad_id&fields=ad_name`, { headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN } });
    expect(await response.json()).toMatchObject({ code: 40002, message: 'error unmarshaling parameter' });
  });

  it('40002 for JSON parameters that do not parse or do not fit', async () => {
    const bad = await t.get('ad/get/', { advertiser_id: us, filtering: '{"ad_ids":["1"' });
    expect(bad).toMatchObject({ code: 40002, message: 'filtering: error unmarshaling parameter' });
    expect((await t.get('ad/get/', { advertiser_id: us, filtering: { primary_status: 'STATUS_WHATEVER' } })).code).toBe(40002);
    expect((await t.get('ad/get/', { advertiser_id: us, fields: ['ad_id', 'no_such_field'] })).code).toBe(40002);
  });

  it('40002 for a missing required parameter, naming it', async () => {
    expect(await t.get('ad/get/', {})).toMatchObject({ code: 40002, message: 'advertiser_id: Missing data for required field.' });
  });

  it.each([
    ['ad/get/', () => ({ advertiser_id: us }), 1000],
    ['campaign/get/', () => ({ advertiser_id: us }), 1000],
    ['adgroup/get/', () => ({ advertiser_id: us }), 1000],
    ['bc/get/', () => ({}), 50],
    ['bc/asset/get/', () => ({ bc_id: brandBc, asset_type: 'ADVERTISER' }), 50],
    ['bc/asset/admin/get/', () => ({ bc_id: brandBc, asset_type: 'ADVERTISER' }), 50],
    ['bc/member/get/', () => ({ bc_id: brandBc }), 20],
    ['identity/get/', () => ({ advertiser_id: us }), 100],
    ['tt_video/list/', () => ({ advertiser_id: us }), 50],
  ])('%s accepts page_size up to its maximum and answers 40002 beyond', async (path, params, max) => {
    expect((await t.get(path, { ...params(), page_size: String(max) })).code).toBe(0);
    expect(await t.get(path, { ...params(), page_size: String(max + 1) })).toMatchObject({ code: 40002, message: `page_size: page_size must be between 1 and ${max}` });
  });

  it('answers at most 20 identity posts for a count over 20 instead of refusing it (Doc 1740218475032577)', async () => {
    const params = { advertiser_id: us, identity_type: 'BC_AUTH_TT', identity_id: t.sandbox.world.ref('tt:northwind'), identity_authorized_bc_id: brandBc };
    const answer = await t.get<{ video_list: unknown[] }>('identity/video/get/', { ...params, count: '500' });
    expect(answer.code).toBe(0);
    expect(answer.data.video_list.length).toBeLessThanOrEqual(20);
    expect((await t.get('identity/video/get/', { ...params, count: '0' })).code).toBe(40002);
  });

  it('takes identity/get keyword only with AUTH_CODE, and zeroes page_info without a type (Doc 1740218420781057)', async () => {
    expect((await t.get('identity/get/', { advertiser_id: us, identity_type: 'CUSTOMIZED_USER', filtering: { keyword: 'North' } })).code).toBe(40002);
    expect((await t.get('identity/get/', { advertiser_id: us, identity_type: 'AUTH_CODE', filtering: { keyword: 'mia' } })).code).toBe(0);
    const all = await t.get<{ page_info: Record<string, number>; identity_list: unknown[] }>('identity/get/', { advertiser_id: us });
    expect(all.data.page_info).toEqual({ page: 0, page_size: 0, total_number: 0, total_page: 0 });
    expect(all.data.identity_list.length).toBeGreaterThan(0);
  });

  it('finds a carousel post with identity/video/info only for item_type=CAROUSEL', async () => {
    const params = {
      advertiser_id: us,
      identity_type: 'BC_AUTH_TT',
      identity_id: t.sandbox.world.ref('tt:northwind'),
      identity_authorized_bc_id: brandBc,
      item_id: t.sandbox.world.ref('post:northwindCarousel'),
    };
    expect((await t.get('identity/video/info/', params)).code).toBe(40007);
    const found = await t.get<{ video_detail: { item_type: string; carousel_info: unknown } }>('identity/video/info/', { ...params, item_type: 'CAROUSEL' });
    expect(found.data.video_detail).toMatchObject({ item_type: 'CAROUSEL', carousel_info: expect.any(Object) });
  });

  it('leaves null fields out of bc/get, which TikTok marks pop_resp_nullvalue', async () => {
    const answer = await t.get<{ list: Record<string, unknown>[] }>('bc/get/', {});
    expect(JSON.stringify(answer.data)).not.toContain('null');
    expect(answer.data.list[0]).toHaveProperty('binding_status');
  });

  it('40007 for unknown object ids', async () => {
    expect((await t.get('identity/info/', { advertiser_id: us, identity_type: 'TT_USER', identity_id: '123' })).code).toBe(40007);
    expect((await t.post('tt_video/unbind/', { advertiser_id: us, item_id: '7000000000000000000' })).code).toBe(40007);
    expect((await t.get('bc/asset/member/get/', { bc_id: brandBc, asset_type: 'ADVERTISER', asset_id: '42' })).code).toBe(40007);
    expect((await t.post('creative/ads_preview/create/', { advertiser_id: us, preview_type: 'AD', ad_id: '42' })).code).toBe(40007);
    expect((await t.get('tt_video/info/', { advertiser_id: us, auth_code: '#UnknownCodeNeverIssued+ByAnyCreator/0000000000000=' })).code).toBe(40007);
  });

  it('reads POST bodies as JSON and answers 40002 when they are not', async () => {
    const response = await fetch(t.api('tt_video/authorize/'), { method: 'POST', headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN }, body: '{nope' });
    expect((await response.json()) as unknown).toMatchObject({ code: 40002 });
  });
});

describe('pagination and listing', () => {
  it('pages add up to total_number and total_page', async () => {
    const first = await t.get<{ list: { ad_id: string }[]; page_info: { total_number: number; total_page: number; page: number; page_size: number } }>('ad/get/', {
      advertiser_id: us,
      page_size: '7',
    });
    const { total_number, total_page } = first.data.page_info;
    expect(first.data.page_info).toMatchObject({ page: 1, page_size: 7 });
    expect(total_page).toBe(Math.ceil(total_number / 7));
    const ids = new Set(first.data.list.map((a) => a.ad_id));
    for (let page = 2; page <= total_page; page++) {
      const next = await t.get<{ list: { ad_id: string }[] }>('ad/get/', { advertiser_id: us, page_size: '7', page: String(page) });
      for (const ad of next.data.list) ids.add(ad.ad_id);
    }
    expect(ids.size).toBe(total_number);
    const beyond = await t.get<{ list: unknown[] }>('ad/get/', { advertiser_id: us, page_size: '7', page: String(total_page + 1) });
    expect(beyond.data.list).toEqual([]);
  });

  it('hides deleted ads unless primary_status is STATUS_ALL (or secondary_status AD_STATUS_ALL)', async () => {
    const deleted = t.sandbox.world.expectations.filter((e) => e.advertiserId === us && e.deleted).map((e) => e.adId);
    expect(deleted.length).toBeGreaterThan(0);
    const total = async (filtering?: object) => (await t.get<{ page_info: { total_number: number }; list: { ad_id: string }[] }>('ad/get/', { advertiser_id: us, page_size: '1000', filtering })).data;
    const visible = await total();
    const all = await total({ primary_status: 'STATUS_ALL' });
    expect(all.page_info.total_number - visible.page_info.total_number).toBe(deleted.length);
    expect(visible.list.some((a) => deleted.includes(a.ad_id))).toBe(false);
    expect((await total({ secondary_status: 'AD_STATUS_ALL' })).page_info.total_number).toBe(all.page_info.total_number);
    expect((await total({ primary_status: 'STATUS_DELETE' })).list.map((a) => a.ad_id).toSorted()).toEqual(deleted.toSorted());
  });

  it('selects fields and drops nulls on request; ad times are YYYY-MM-DD HH:MM:SS', async () => {
    const response = await t.get<{ list: Record<string, unknown>[] }>('ad/get/', {
      advertiser_id: us,
      fields: ['ad_id', 'tiktok_item_id', 'video_id', 'create_time'],
      exclude_field_types_in_response: ['NULL_FIELD'],
      page_size: '1000',
    });
    for (const ad of response.data.list) {
      expect(Object.keys(ad).every((k) => ['ad_id', 'tiktok_item_id', 'video_id', 'create_time'].includes(k))).toBe(true);
      expect(Object.values(ad)).not.toContain(null);
      expect(ad.create_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
  });

  it('filters ads by campaign, ad group and ids', async () => {
    const all = await t.get<{ list: { ad_id: string; adgroup_id: string; campaign_id: string }[] }>('ad/get/', { advertiser_id: us, page_size: '1000' });
    const sample = all.data.list[0];
    if (sample === undefined) throw new Error('no ads');
    const byGroup = await t.get<{ list: { adgroup_id: string }[] }>('ad/get/', { advertiser_id: us, page_size: '1000', filtering: { adgroup_ids: [sample.adgroup_id] } });
    expect(byGroup.data.list.length).toBe(all.data.list.filter((a) => a.adgroup_id === sample.adgroup_id).length);
    const byId = await t.get<{ list: { ad_id: string }[] }>('ad/get/', { advertiser_id: us, filtering: { ad_ids: [sample.ad_id] } });
    expect(byId.data.list.map((a) => a.ad_id)).toEqual([sample.ad_id]);
    const groups = await t.get<{ list: { adgroup_id: string; schedule_end_time: string | null }[] }>('adgroup/get/', { advertiser_id: us, filtering: { campaign_ids: [sample.campaign_id] } });
    expect(groups.data.list.length).toBeGreaterThan(0);
  });
});
