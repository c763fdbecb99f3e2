import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ACCESS_TOKEN } from './constants';
import { SPARK_CODE_ERRORS } from './spark-codes';
import { serveSandbox, type TestSandbox } from './test-server';
import { DAY_MS } from './time';
import type { CreatorCodeCase } from './types';

type SparkPost = {
  item_info: { item_id: string; auth_code: string };
  auth_info: { ad_auth_status: string; invite_start_time: string | null; auth_end_time: string };
  user_info: { identity_id: string };
};
type Page<T> = { list: T[]; page_info: { total_number: number } };

let t: TestSandbox;
let us: string;
let lumen: string;

beforeEach(async () => {
  t = await serveSandbox();
  us = t.sandbox.world.ref('advertiser:northwindUs');
  lumen = t.sandbox.world.ref('advertiser:lumenPerformance');
});
afterEach(() => t.close());

const codeOf = (kind: CreatorCodeCase['kind'], days?: number): CreatorCodeCase => {
  const found = t.sandbox.world.creatorCodes.find((c) => c.kind === kind && (days === undefined || c.days === days));
  if (found === undefined) throw new Error(`no ${kind} code`);
  return found;
};
const listed = async (advertiserId: string, itemId: string | null) =>
  (await t.get<Page<SparkPost>>('tt_video/list/', { advertiser_id: advertiserId, page_size: '50' })).data.list.find((p) => p.item_info.item_id === itemId);
const authorize = (advertiserId: string, code: string) => t.post('tt_video/authorize/', { advertiser_id: advertiserId, auth_code: code });

describe('tt_video/authorize', () => {
  it('changes the world: list and info show the post authorized for that advertiser', async () => {
    const code = codeOf('valid', 30);
    const before = await t.get<SparkPost>('tt_video/info/', { advertiser_id: us, auth_code: code.code });
    expect(before.code).toBe(0);
    expect(before.data.auth_info).toMatchObject({ ad_auth_status: 'NOT_AUTHORIZED', invite_start_time: null });
    expect(await listed(us, code.itemId)).toBeUndefined();

    expect(await authorize(us, code.code)).toMatchObject({ code: 0, message: 'OK', data: {} });

    const after = await t.get<SparkPost>('tt_video/info/', { advertiser_id: us, auth_code: code.code });
    expect(after.data.auth_info.ad_auth_status).toBe('AUTHORIZED');
    expect(after.data.auth_info.invite_start_time).toBe('2026-03-02T09:00:00Z');
    const entry = await listed(us, code.itemId);
    expect(entry?.item_info.auth_code).toBe(code.code);
    expect(entry?.auth_info.ad_auth_status).toBe('AUTHORIZED');
    const identities = await t.get<{ identity_list: { identity_id: string }[] }>('identity/get/', { advertiser_id: us, identity_type: 'AUTH_CODE' });
    expect(identities.data.identity_list.map((i) => i.identity_id)).toContain(entry?.user_info.identity_id);
  });

  it('refuses a second apply to the same advertiser and accepts a second advertiser', async () => {
    const code = codeOf('valid', 365);
    expect((await authorize(us, code.code)).code).toBe(0);
    expect(await authorize(us, code.code)).toMatchObject(SPARK_CODE_ERRORS.already_applied);
    expect((await authorize(lumen, code.code)).code).toBe(0);
    expect((await listed(lumen, code.itemId))?.auth_info.ad_auth_status).toBe('AUTHORIZED');
  });

  it('fails an expired code and a malformed one with 40002-class messages', async () => {
    expect(await authorize(us, codeOf('expired').code)).toMatchObject({ code: 40002, message: expect.stringMatching(/^auth_code_expired/) as unknown });
    expect(await authorize(us, codeOf('malformed').code)).toMatchObject({ code: 40002, message: expect.stringMatching(/^auth_code_format_error/) as unknown });
  });

  it('gives every seeded creator code its intended outcome', async () => {
    for (const c of t.sandbox.world.creatorCodes) {
      const target = c.appliedTo.includes(us) ? lumen : us;
      const expected = c.error === null ? { code: 0 } : SPARK_CODE_ERRORS[c.error];
      expect(await authorize(target, c.code), `${c.kind} ${c.code}`).toMatchObject(expected);
      for (const already of c.appliedTo) expect(await authorize(already, c.code), `${c.kind} again`).toMatchObject(SPARK_CODE_ERRORS.already_applied);
    }
  });

  it('takes codes byte-exact: an unencoded + arrives as a space and the code no longer matches', async () => {
    const code = codeOf('valid', 60).code;
    const raw = await fetch(`${t.api('tt_video/info/')}?advertiser_id=${us}&auth_code=${code.replace('#', '%23')}`, { headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN } });
    expect(((await raw.json()) as { code: number }).code).toBe(40002);
    expect((await t.get('tt_video/info/', { advertiser_id: us, auth_code: code })).code).toBe(0);
  });

  it('renews an expired authorization when the creator issues a new code', async () => {
    const expired = (await t.get<Page<SparkPost>>('tt_video/list/', { advertiser_id: us, page_size: '50' })).data.list.find((p) => p.auth_info.ad_auth_status === 'EXPIRED');
    if (expired === undefined) throw new Error('no expired authorization');
    const fresh = t.sandbox.world.issueCreatorCode(expired.item_info.item_id, 365);
    expect((await authorize(us, fresh.code)).code).toBe(0);
    expect((await listed(us, expired.item_info.item_id))?.auth_info.ad_auth_status).toBe('AUTHORIZED');
  });

  it('answers 40133 beyond the per-advertiser authorize QPS, independently per advertiser', async () => {
    t.sandbox.rateLimits.configure({ authorizeQpsPerAdvertiser: 2 });
    const codes = t.sandbox.world.creatorCodes.filter((c) => c.kind === 'valid').slice(0, 4);
    const results = await Promise.all(codes.map((c) => authorize(us, c.code)));
    const throttled = results.filter((r) => r.code === 40133);
    expect(throttled.length).toBe(2);
    expect(throttled[0]?.message).toMatch(new RegExp(`^Advertiser \\(${us}\\)'s QPS \\(3\\) reaches QPS limit 2 for current path`));
    expect((await authorize(lumen, codes[0]?.code ?? '')).code).toBe(0);
  });
});

describe('time and mutations', () => {
  it('expires an authorization as the clock passes its end', async () => {
    const code = codeOf('valid', 7);
    await authorize(us, code.code);
    const entry = await listed(us, code.itemId);
    const end = Date.parse(entry?.auth_info.auth_end_time ?? '');
    t.sandbox.clock.set(end - 1000);
    expect((await listed(us, code.itemId))?.auth_info.ad_auth_status).toBe('AUTHORIZED');
    t.sandbox.clock.advance(1000);
    expect((await listed(us, code.itemId))?.auth_info.ad_auth_status).toBe('EXPIRED');
  });

  it('turns a code expired before it is applied', async () => {
    const code = codeOf('valid', 7);
    t.sandbox.clock.advance(8 * DAY_MS);
    expect((await t.get<SparkPost>('tt_video/info/', { advertiser_id: us, auth_code: code.code })).data.auth_info.ad_auth_status).toBe('EXPIRED');
    expect(await authorize(us, code.code)).toMatchObject(SPARK_CODE_ERRORS.expired);
  });

  it('marks the ad of an expired authorization as creator authorization revoked', async () => {
    const healthy = t.sandbox.world.expectations.find((e) => e.advertiserId === us && e.rootCause === null && !e.deleted && e.adName.includes('365d'));
    if (healthy === undefined) throw new Error('no healthy 365-day ad');
    const status = async () => (await t.get<{ list: { secondary_status: string }[] }>('ad/get/', { advertiser_id: us, filtering: { ad_ids: [healthy.adId] } })).data.list[0]?.secondary_status;
    expect(await status()).toBe('AD_STATUS_DELIVERY_OK');
    t.sandbox.clock.advance(400 * DAY_MS);
    expect(await status()).toBe('AD_STATUS_CREATOR_AUTHORIZATION_REVOKED');
  });

  it('shows revocation and unbinding', async () => {
    const entry = (await t.get<Page<SparkPost>>('tt_video/list/', { advertiser_id: us, page_size: '50' })).data.list.find((p) => p.auth_info.ad_auth_status === 'AUTHORIZED');
    const itemId = entry?.item_info.item_id ?? '';
    t.sandbox.world.revokeAuthorization(us, itemId);
    expect((await listed(us, itemId))?.auth_info.ad_auth_status).toBe('REVOKED');
    expect((await t.post('tt_video/unbind/', { advertiser_id: us, item_id: itemId })).code).toBe(0);
    expect(await listed(us, itemId)).toBeUndefined();
  });

  it('filters the list by caption keyword and by exact item id', async () => {
    const all = (await t.get<Page<SparkPost & { item_info: { text: string } }>>('tt_video/list/', { advertiser_id: us, page_size: '50' })).data;
    const first = all.list[0];
    if (first === undefined) throw new Error('empty list');
    const byId = await t.get<Page<SparkPost>>('tt_video/list/', { advertiser_id: us, keyword: first.item_info.item_id });
    expect(byId.data.list.map((p) => p.item_info.item_id)).toEqual([first.item_info.item_id]);
    const byText = await t.get<Page<SparkPost>>('tt_video/list/', { advertiser_id: us, keyword: first.item_info.text.slice(0, 8) });
    expect(byText.data.list.length).toBeGreaterThan(0);
    expect(byText.data.page_info.total_number).toBeLessThanOrEqual(all.page_info.total_number);
  });
});
