import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET } from './constants';
import { serveSandbox, type TestSandbox } from './test-server';

type Page<T> = { list: T[]; page_info: { total_number: number; total_page: number } };

const size = { advertisers: 20, adsPerAdvertiser: 5000, members: 300, ttAccounts: 200, posts: 2000 };
let t: TestSandbox;

// How fast the world builds and pages is measured by `npm run bench:sync`, not asserted here.
beforeAll(async () => {
  t = await serveSandbox({ world: { large: size } });
});
afterAll(() => t.close());

describe('large world', () => {
  it('builds 20 advertisers × 5,000 ads, 300 members, 200 TikTok accounts and 2,000 posts', async () => {
    const { world } = t.sandbox;
    expect(world.advertisers.size).toBe(size.advertisers);
    expect(world.ttAccounts.size).toBe(size.ttAccounts);
    expect(world.posts.size).toBe(size.posts);
    const advertisers = await t.get<{ list: unknown[] }>('oauth2/advertiser/get/', { app_id: SANDBOX_APP_ID, secret: SANDBOX_APP_SECRET });
    expect(advertisers.data.list.length).toBe(size.advertisers);

    let members = 0;
    const people = new Set<string>();
    for (const bc of [world.ref('bc:brand'), world.ref('bc:agency')]) {
      for (let page = 1; ; page++) {
        const { data } = await t.get<Page<{ user_email: string }>>('bc/member/get/', { bc_id: bc, page: String(page), page_size: '20' });
        for (const m of data.list) people.add(m.user_email);
        members += data.list.length;
        if (page >= data.page_info.total_page) break;
      }
    }
    expect(people.size).toBe(size.members);
    expect(members).toBe(size.members + 1);
  });

  it('pages through all 5,000 ads of an advertiser, deleted ones included', async () => {
    const advertiserId = t.sandbox.world.ref('advertiser:7');
    const ids = new Set<string>();
    for (let page = 1; page <= 5; page++) {
      const { data, code } = await t.get<Page<{ ad_id: string }>>('ad/get/', { advertiser_id: advertiserId, page: String(page), page_size: '1000', filtering: { primary_status: 'STATUS_ALL' } });
      expect(code).toBe(0);
      expect(data.page_info.total_number).toBe(size.adsPerAdvertiser);
      for (const ad of data.list) ids.add(ad.ad_id);
    }
    expect(ids.size).toBe(size.adsPerAdvertiser);
  });

  it('mixes healthy and broken Spark setups', async () => {
    const advertiserId = t.sandbox.world.ref('advertiser:2');
    const { data } = await t.get<Page<{ identity_type: string | null; secondary_status: string }>>('ad/get/', { advertiser_id: advertiserId, page_size: '1000' });
    const types = new Set(data.list.map((a) => a.identity_type));
    expect(types).toEqual(new Set(['AUTH_CODE', 'BC_AUTH_TT', 'CUSTOMIZED_USER', 'TT_USER']));
    expect(data.list.some((a) => a.secondary_status === 'AD_STATUS_CREATOR_AUTHORIZATION_REVOKED')).toBe(true);
    const list = await t.get<Page<{ auth_info: { ad_auth_status: string } }>>('tt_video/list/', { advertiser_id: advertiserId, page_size: '50' });
    expect(list.data.page_info.total_number).toBeGreaterThan(20);
    expect(t.sandbox.world.creatorCodes.length).toBeGreaterThan(50);
  });
});
