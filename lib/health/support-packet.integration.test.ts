import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { connectSandbox, syncSandbox, type TestConnection } from '@/lib/sync/test-support';
import { SANDBOX_ACCESS_TOKEN } from '@/lib/tiktok-sandbox';
import { testDatabases } from '@/tests/databases';
import { serveSandbox } from '@/tests/sandbox-app';
import { getAdDetail } from './ad-detail';
import { recomputeOrgHealth } from './recompute';
import { buildSupportPacket, supportPacketMarkdown } from './support-packet';

// Support packets of every ad of the synced seeded world: the IDs support asks for are there, and no
// secret is: neither the access token nor any full Spark code (applied or unused) of the world.

const { sandbox, server } = await serveSandbox();
const world = sandbox.world;
const fullCodes = [...[...world.advertisers.keys()].flatMap((advertiserId) => world.authorizationsOf(advertiserId).map((a) => a.authCode)), ...world.creatorCodes.map((c) => c.code)];

for (const target of await testDatabases()) {
  describe(`support packets on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let connection: TestConnection;
    beforeAll(async () => {
      handle = await target.open();
      connection = await connectSandbox(handle.db, world);
      const run = await syncSandbox(handle.db, server.url, connection);
      expect(run.status).toBe('succeeded');
      await recomputeOrgHealth(handle.db, { orgId: connection.orgId, now: new Date(sandbox.clock.now()) });
    });
    afterAll(async () => handle.close());

    it('holds each ad’s IDs, identity and Spark entry, and never a token or a full code', async () => {
      expect(fullCodes.length).toBeGreaterThan(40);
      const live = world.expectations.filter((e) => !e.deleted);
      expect(live.length).toBeGreaterThan(20);
      let withMaskedCode = 0;
      for (const expectation of live) {
        const detail = await getAdDetail(handle.db, { orgId: connection.orgId, adId: expectation.adId });
        expect(detail?.snapshot, expectation.adName).toBeTruthy();
        const packet = buildSupportPacket({ organization: 'Test', snapshot: detail!.snapshot!, health: detail!.health, generatedAt: new Date() });
        expect(packet.ad.adId).toBe(expectation.adId);
        expect(packet.adAccount.advertiserId).toBe(expectation.advertiserId);
        const texts = [JSON.stringify(packet), supportPacketMarkdown(packet)];
        for (const text of texts) {
          expect(text).toContain(expectation.adId);
          expect(text).toContain(expectation.advertiserId);
          expect(text).not.toContain(SANDBOX_ACCESS_TOKEN);
          for (const code of fullCodes) expect(text, `${expectation.adName} leaks a Spark code`).not.toContain(code);
        }
        if (packet.sparkPost.authorization?.authCodeMasked) withMaskedCode += 1;
      }
      // The Spark entries are there, in masked form.
      expect(withMaskedCode).toBeGreaterThan(5);
    });

    it('is not built for another organization’s ad', async () => {
      const other = await connectSandbox(handle.db, world);
      const [ad] = world.expectations;
      expect(await getAdDetail(handle.db, { orgId: other.orgId, adId: ad!.adId })).toBeNull();
    });
  });
}
