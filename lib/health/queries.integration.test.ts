import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { adHealth } from '@/db/schema';
import { ValidationError, fieldWords } from '@/lib/errors';
import { testDatabases } from '@/tests/databases';
import { adRow, createOrg, customIdentity, days, expiring, finding, NOW, pending, type AdInput, type Org } from './ad-health-fixtures';
import { adsListSearch, getAdHealth, getHealthOverview, listAds, parseAdsListQuery, type AdsListQuery } from './queries';

// The read side of ad health on stored rows inserted directly (the engine that writes them is tested on its own).

const q = (query: Partial<AdsListQuery> = {}) => query as AdsListQuery;

for (const target of await testDatabases()) {
  describe(`health queries on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let acme: Org;
    let other: Org;

    beforeAll(async () => {
      handle = await target.open();
      acme = await createOrg(handle.db, 'Acme');
      other = await createOrg(handle.db, 'Other');
      const ads: AdInput[] = [
        // Three ads blocked by one pending BC link, two by another account's, one by Custom Identity.
        { adId: '101', adName: 'Summer hero', status: 'blocking', findings: [pending('brand'), expiring], identityHandle: 'brand', authEndTime: days(3), itemId: 'p1' },
        { adId: '102', adName: 'Summer cutdown', status: 'blocking', findings: [pending('brand')], identityHandle: 'brand', authEndTime: days(3), itemId: 'p1' },
        { adId: '103', adName: 'Autumn teaser', status: 'blocking', findings: [pending('brand')], identityHandle: 'brand', advertiserId: '7002', advertiserName: 'Beta account' },
        { adId: '104', adName: 'Creator collab', status: 'blocking', findings: [pending('creator_jo')], identityHandle: 'creator_jo', advertiserId: '7002', advertiserName: 'Beta account' },
        { adId: '105', adName: 'Creator collab 2', status: 'blocking', findings: [pending('creator_jo')], identityHandle: 'creator_jo' },
        { adId: '106', adName: 'Old custom', status: 'blocking', findings: [customIdentity] },
        { adId: '107', adName: 'Winter promo', status: 'warning', findings: [expiring], authEndTime: days(10), itemId: 'p7' },
        { adId: '108', adName: 'Evergreen 100%_off', status: 'healthy', authEndTime: days(200) },
        { adId: '109', adName: 'Later expiry', status: 'healthy', authEndTime: days(45) },
        { adId: '110', adName: 'Banner', status: 'not_spark' },
        { adId: '111', adName: 'Gone', status: 'deleted', authEndTime: days(2) },
        { adId: '112', adName: 'Past expiry', status: 'blocking', findings: [finding('AUTH_EXPIRED', 'authorization', 'blocking', 'post:7001:p12')], authEndTime: days(-2) },
      ];
      await handle.db.insert(adHealth).values(ads.map((ad) => adRow(acme, ad)));
      // Another organization with ads whose ids and causes collide with Acme's.
      await handle.db
        .insert(adHealth)
        .values([
          adRow(other, { adId: '101', adName: 'Other secret', status: 'blocking', findings: [pending('brand')] }),
          adRow(other, { adId: '901', adName: 'Other healthy', status: 'healthy', authEndTime: days(1) }),
        ]);
    });
    afterAll(async () => handle.close());

    const list = (query: Partial<AdsListQuery>, pageSize?: number) => listAds(handle.db, { orgId: acme.orgId, query: q(query), pageSize });
    const ids = (page: Awaited<ReturnType<typeof list>>) => page.rows.map((r) => r.adId);

    it('lists worst first with counts per status, per advertiser and in total, only for the organization', async () => {
      const page = await list({});
      expect(page.total).toBe(12);
      expect(page.statusCounts).toEqual({ healthy: 2, warning: 1, blocking: 7, not_spark: 1, deleted: 1 });
      expect(page.advertisers).toEqual([
        { advertiserId: '7001', advertiserName: 'Account 7001' },
        { advertiserId: '7002', advertiserName: 'Beta account' },
      ]);
      expect(ids(page).slice(0, 7).sort()).toEqual(['101', '102', '103', '104', '105', '106', '112']);
      expect(ids(page)[7]).toBe('107');
      expect(page.rows.map((r) => r.adName)).not.toContain('Other secret');
    });

    it('filters by status, advertiser, pillar, finding code, root cause and text', async () => {
      expect(ids(await list({ status: 'warning' }))).toEqual(['107']);
      const beta = await list({ advertiser: '7002' });
      expect(ids(beta).sort()).toEqual(['103', '104']);
      // Status counts follow the advertiser filter; the advertiser menu does not.
      expect(beta.statusCounts).toEqual({ healthy: 0, warning: 0, blocking: 2, not_spark: 0, deleted: 0 });
      expect(beta.total).toBe(2);
      expect(beta.statusCounts.blocking).toBe(2);
      expect(beta.advertisers.map((a) => a.advertiserId)).toEqual(['7001', '7002']);
      expect(ids(await list({ pillar: 'identity' }))).toEqual(['106']);
      expect(ids(await list({ code: 'AUTH_EXPIRING_SOON' })).sort()).toEqual(['101', '107']);
      const group = await list({ cause: 'BC_LINK_PENDING', subject: 'tt_account:brand' });
      expect(ids(group).sort()).toEqual(['101', '102', '103']);
      expect(group.total).toBe(3);
      expect(ids(await list({ q: 'SUMMER' })).sort()).toEqual(['101', '102']);
      expect(ids(await list({ q: 'creator_jo', advertiser: '7001' }))).toEqual(['105']);
      expect(ids(await list({ q: '104' }))).toEqual(['104']);
      // % and _ are literal characters in the search, not patterns.
      expect(ids(await list({ q: '100%_' }))).toEqual(['108']);
      expect(ids(await list({ q: '%' }))).toEqual(['108']);
    });

    it('sorts by expiry, ad name and advertiser, and pages without overlap', async () => {
      const byExpiry = ids(await list({ sort: 'expiry' }));
      expect(byExpiry.slice(0, 6)).toEqual(['112', '111', '101', '102', '107', '109']);
      const byName = await list({ sort: 'ad', dir: 'desc' });
      expect(byName.rows[0]!.adName).toBe('Winter promo');
      const byAdvertiser = ids(await list({ sort: 'advertiser', dir: 'desc' }));
      expect(byAdvertiser.slice(0, 2).sort()).toEqual(['103', '104']);

      const first = await list({ sort: 'ad' }, 5);
      const second = await list({ sort: 'ad', page: 2 }, 5);
      const third = await list({ sort: 'ad', page: 3 }, 5);
      expect(first.pages).toBe(3);
      const all = [...ids(first), ...ids(second), ...ids(third)];
      expect(all).toHaveLength(12);
      expect(new Set(all).size).toBe(12);
      expect(ids(await list({ sort: 'ad', page: 4 }, 5))).toEqual([]);
    });

    it('reads one ad of the organization only', async () => {
      const ad = await getAdHealth(handle.db, { orgId: acme.orgId, adId: '101' });
      expect(ad).toMatchObject({ adName: 'Summer hero', rootCauseCode: 'BC_LINK_PENDING' });
      expect(ad!.findings.map((f) => f.code)).toEqual(['BC_LINK_PENDING', 'AUTH_EXPIRING_SOON']);
      expect(await getAdHealth(handle.db, { orgId: acme.orgId, adId: '901' })).toBeNull();
      expect((await getAdHealth(handle.db, { orgId: other.orgId, adId: '101' }))!.adName).toBe('Other secret');
    });

    it('groups blocking ads by root cause and lists the authorizations ending in the next 30 days', async () => {
      const overview = await getHealthOverview(handle.db, { orgId: acme.orgId, now: NOW });
      expect(overview.statusCounts).toEqual({ healthy: 2, warning: 1, blocking: 7, not_spark: 1, deleted: 1 });
      expect(overview.rootCauses.map((g) => [g.code, g.subject, g.ads])).toEqual([
        ['BC_LINK_PENDING', 'tt_account:brand', 3],
        ['BC_LINK_PENDING', 'tt_account:creator_jo', 2],
        ['AUTH_EXPIRED', 'post:7001:p12', 1],
        ['IDENTITY_CUSTOM', null, 1],
      ]);
      expect(overview.rootCauses[0]!.sample).toEqual(pending('brand'));
      expect(overview.rootCauses.map((g) => [g.advertisers, g.advertiserName])).toEqual([
        [2, 'Account 7001'],
        [2, 'Account 7001'],
        [1, 'Account 7001'],
        [1, 'Account 7001'],
      ]);
      expect(overview.rootCauses[1]!.sample!.evidence.handle).toBe('creator_jo');
      // Ad 111 is deleted and 109 ends after 30 days; 101 and 102 share one authorization.
      expect(overview.expiring.map((e) => [e.itemId, e.ads, e.sampleAds.map((a) => a.adId)])).toEqual([
        ['p1', 2, ['102', '101']],
        ['p7', 1, ['107']],
      ]);
      expect(overview.connections).toBe(1);
      expect(overview.lastSyncedAt).toEqual(days(-1));
      expect(overview.lastEvaluatedAt).toEqual(NOW);

      const beta = await getHealthOverview(handle.db, { orgId: acme.orgId, advertiserId: '7002', now: NOW });
      expect(beta.statusCounts.blocking).toBe(2);
      expect(beta.rootCauses.map((g) => [g.subject, g.ads])).toEqual([
        ['tt_account:brand', 1],
        ['tt_account:creator_jo', 1],
      ]);
    });

    it('shows another organization nothing of Acme', async () => {
      const overview = await getHealthOverview(handle.db, { orgId: other.orgId, now: NOW });
      expect(overview.statusCounts).toMatchObject({ blocking: 1, healthy: 1 });
      expect(overview.rootCauses).toEqual([expect.objectContaining({ code: 'BC_LINK_PENDING', subject: 'tt_account:brand', ads: 1 })]);
      expect(overview.expiring.map((e) => e.sampleAds[0]!.adName)).toEqual(['Other healthy']);
      const page = await listAds(handle.db, { orgId: other.orgId, query: q({ q: 'summer' }) });
      expect(page.total).toBe(0);
    });

    it('searches the same as the organization (row-level security on Postgres), and never into another organization', async () => {
      const scoped = handle.forOrganization(acme.orgId);
      const search = async (db: typeof handle.db, orgId: string, text: string) => (await listAds(db, { orgId, query: q({ q: text }) })).rows.map((r) => r.adId).sort();
      expect(await search(scoped, acme.orgId, 'SUMMER')).toEqual(['101', '102']);
      expect(await search(scoped, acme.orgId, '100%_')).toEqual(['108']);
      // On Postgres, Acme's requests asking about the other organization's "secret" ad find nothing,
      // whatever the filter says (on PGlite the application's scoping is the guard).
      if (handle.driver === 'postgres') expect(await search(scoped, other.orgId, 'secret')).toEqual([]);
      expect(await search(handle.forOrganization(other.orgId), other.orgId, 'secret')).toEqual(['101']);
    });
  });
}

describe('ads list filters from the URL', () => {
  it('accepts the filters, treats empty fields as absent and round-trips through the query string', () => {
    // An over-long search is refused in words (the search box does not cut it silently).
    expect(() => parseAdsListQuery(new URLSearchParams(`q=${'a'.repeat(120)}`))).toThrow('Invalid filter — search: must be at most 100 characters (yours has 120) — shorten it');
    const query = parseAdsListQuery(new URLSearchParams('status=blocking&advertiser=&pillar=business_center&q=%20summer%20&sort=expiry&page=3&utm=x'));
    expect(query).toEqual({ status: 'blocking', pillar: 'business_center', q: 'summer', sort: 'expiry', page: 3 });
    expect(parseAdsListQuery(new URLSearchParams(adsListSearch(query).slice(1)))).toEqual(query);
    expect(adsListSearch({})).toBe('');
  });

  it.each([
    ['status=broken', 'status'],
    ['pillar=money', 'pillar'],
    ['page=0', 'page'],
    ['page=two', 'page'],
    ['sort=colour', 'sort'],
    ['code=lower_case', 'code'],
    ['subject=tt_account:1', 'subject'],
    ['advertiser=a%20b', 'advertiser'],
  ])('rejects %s naming %s', (search, field) => {
    let error: unknown;
    try {
      parseAdsListQuery(new URLSearchParams(search));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBe(422);
    expect(Object.keys((error as ValidationError).fieldErrors)).toEqual([field]);
    // Named in words (“ad account”), never by its id.
    expect((error as ValidationError).message).toContain(`— ${fieldWords([field])}:`);
  });
});
