import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { adHealth } from '@/db/schema';
import { adRow, createOrg, customIdentity, expiring, pending, type Org } from '@/lib/health/ad-health-fixtures';
import { NotFoundError } from '@/lib/errors';
import { testDatabases } from '@/tests/databases';
import { UsageError } from './args';
import { describeHealth, healthJson, healthReport } from './health';

for (const target of await testDatabases()) {
  describe(`cli health on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let acme: Org;
    let slug: string;

    beforeAll(async () => {
      handle = await target.open();
      acme = await createOrg(handle.db, 'Acme');
      slug = (await handle.db.query.organizations.findFirst({ where: (o, { eq }) => eq(o.id, acme.orgId) }))!.slug;
      await handle.db
        .insert(adHealth)
        .values([
          adRow(acme, { adId: '101', adName: 'Summer hero', status: 'blocking', findings: [pending('brand')] }),
          adRow(acme, { adId: '102', adName: 'Summer cutdown', status: 'blocking', findings: [pending('brand')], advertiserId: '7002' }),
          adRow(acme, { adId: '103', adName: 'Old custom', status: 'blocking', findings: [customIdentity] }),
          adRow(acme, { adId: '104', adName: 'Winter promo', status: 'warning', findings: [expiring] }),
          adRow(acme, { adId: '105', adName: 'Evergreen', status: 'healthy' }),
        ]);
      const empty = await createOrg(handle.db, 'Empty');
      await handle.db.insert(adHealth).values(adRow(empty, { adId: '901', adName: 'Not Acme', status: 'blocking', findings: [pending('brand')] }));
    });
    afterAll(async () => handle.close());

    it('prints counts, root-cause groups with their fix and the ads with findings, worst first', async () => {
      const report = await healthReport(handle, { orgSlug: slug });
      const text = describeHealth(report);
      expect(text).toContain('3 blocking · 1 warning · 1 healthy · 0 not Spark · 0 deleted');
      expect(text).toContain("2 ads blocked — @brand's link to Business Center is pending");
      expect(text).toContain(`ads: /o/${slug}/ads?status=blocking&cause=BC_LINK_PENDING&subject=tt_account%3Abrand`);
      expect(text).toContain('1 ad blocked — Custom Identity');
      expect(text).toMatch(/1\. BC admin: Business Center → Accounts → TikTok accounts/);
      const adLines = text.split('\n').filter((l) => /^ {2}(BLOCKING|WARNING)/.test(l));
      expect(adLines.map((l) => l.trim().split(/\s+/)[1])).toEqual(['103', '102', '101', '104']);
      expect(text).not.toContain('Evergreen');
      expect(text).not.toContain('Not Acme');

      const json = healthJson(report);
      expect(json.statusCounts).toMatchObject({ blocking: 3, warning: 1, healthy: 1 });
      expect(json.rootCauses.map((g) => [g.code, g.subject, g.ads])).toEqual([
        ['BC_LINK_PENDING', 'tt_account:brand', 2],
        ['IDENTITY_CUSTOM', null, 1],
      ]);
      expect(json.ads.find((a) => a.adId === '104')).toMatchObject({ status: 'warning', rootCause: { code: 'AUTH_EXPIRING_SOON' } });
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    });

    it('narrows to one ad account', async () => {
      const json = healthJson(await healthReport(handle, { orgSlug: slug, advertiserId: '7002' }));
      expect(json.statusCounts.blocking).toBe(1);
      expect(json.ads.map((a) => a.adId)).toEqual(['102']);
      expect(json.rootCauses[0]!.adsPath).toContain('advertiser=7002');
    });

    it('names a bad advertiser id and an unknown organization', async () => {
      await expect(healthReport(handle, { orgSlug: slug, advertiserId: 'not an id' })).rejects.toThrow(UsageError);
      await expect(healthReport(handle, { orgSlug: slug, advertiserId: 'not an id' })).rejects.toThrow('--advertiser must be an ad account ID');
      await expect(healthReport(handle, { orgSlug: 'nobody-here' })).rejects.toThrow(NotFoundError);
    });
  });
}
