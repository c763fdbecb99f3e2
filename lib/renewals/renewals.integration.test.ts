import { randomBytes } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '@/db/client';
import { accountMail, adHealth, alertDeliveries, auditLog, renewalRequests, ttSparkPosts } from '@/db/schema';
import { addChannel } from '@/lib/alerts/channels';
import { buildDigest } from '@/lib/alerts/digest';
import { digestMessage } from '@/lib/alerts/render';
import { alertRenewed } from '@/lib/alerts/renewal-alert';
import type { AlertTransportConfig } from '@/lib/alerts/config';
import type { CodesEnv } from '@/lib/codes/tiktok';
import { parseKeyring } from '@/lib/crypto/keyring';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { recomputeOrgHealth } from '@/lib/health/recompute';
import { connectSandbox, sandboxClientOptions, syncSandbox, type TestConnection } from '@/lib/sync/test-support';
import { testDatabases } from '@/tests/databases';
import { serveSandbox } from '@/tests/sandbox-app';
import {
  createRenewalRequest,
  latestRenewalByItem,
  listRenewalRequests,
  lookupRenewalToken,
  openRenewalRequest,
  RenewalClosedError,
  revokeRenewalRequest,
  sendRenewalReminders,
  submitRenewalCode,
} from './renewals';

// Renewal links against the seeded sandbox over real HTTP: a post whose authorization is about to
// end, a code the sandbox's creator generates for it, and the creator-code engine applying it.

const { sandbox, server } = await serveSandbox({ resetEachTest: true });
const keyring = parseKeyring(`test:${randomBytes(32).toString('base64')}`);
const DAY = 86_400_000;
const epoch = () => new Date(sandbox.clock.now());
const BASE = 'https://app.example';

/** authorize calls TikTok received, as `advertiser:code`. */
let authorizeCalls: string[] = [];
beforeEach(() => {
  authorizeCalls = [];
});
const countingFetch: typeof fetch = async (input, init) => {
  if (String(input instanceof Request ? input.url : input).includes('tt_video/authorize/')) {
    const body = JSON.parse(String(init?.body)) as { advertiser_id: string; auth_code: string };
    authorizeCalls.push(`${body.advertiser_id}:${body.auth_code}`);
  }
  return fetch(input, init);
};
const env: CodesEnv = { keyring, clientOptions: async () => sandboxClientOptions(server.url, { fetch: countingFetch }) };
const outbox: AlertTransportConfig = { smtpUrl: undefined, from: 'Sparkcheck <alerts@test.example>', allowLoopbackWebhooks: true, timeoutMs: 2_000 };
const mail = { mailer: { smtpUrl: undefined, from: 'Sparkcheck <hello@test.example>' }, keyring };

for (const target of await testDatabases()) {
  describe(`renewal links on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let connection: TestConnection;
    /** What the organization's requests run on (row-level security on Postgres). */
    let db: Database;
    /** The post with the soonest-ending authorization that a running ad uses, and the ad accounts whose ads run it. */
    let expiring: { itemId: string; advertiserIds: string[]; endsAt: Date };

    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());
    beforeEach(async () => {
      connection = await connectSandbox(handle.db, sandbox.world);
      expect((await syncSandbox(handle.db, server.url, connection, { now: epoch })).status).toBe('succeeded');
      await recomputeOrgHealth(handle.db, { orgId: connection.orgId, now: epoch() });
      db = handle.forOrganization(connection.orgId);
      const ads = await handle.db
        .select({ itemId: adHealth.itemId, advertiserId: adHealth.advertiserId, endsAt: adHealth.authEndTime, status: adHealth.status })
        .from(adHealth)
        .where(and(eq(adHealth.orgId, connection.orgId), isNotNull(adHealth.itemId)));
      const soonest = ads.filter((a) => a.endsAt !== null && a.endsAt.getTime() > epoch().getTime()).sort((a, b) => a.endsAt!.getTime() - b.endsAt!.getTime())[0]!;
      expiring = {
        itemId: soonest.itemId!,
        advertiserIds: [...new Set(ads.filter((a) => a.itemId === soonest.itemId && a.status !== 'deleted').map((a) => a.advertiserId))].sort(),
        endsAt: soonest.endsAt!,
      };
    });

    const create = (input: { itemId?: string; advertiserIds?: string[]; creatorEmail?: string } = {}, now = epoch()) =>
      createRenewalRequest(db, connection.orgId, { userId: null }, { itemId: expiring.itemId, ...input }, { base: BASE, mail, now });
    const submit = (id: string, code: string, now = epoch()) =>
      submitRenewalCode(db, env, { orgId: connection.orgId, id, code, onRenewed: (event) => alertRenewed(db, { config: outbox, keyring }, event), now });
    const stored = async (id: string) => (await handle.db.select().from(renewalRequests).where(eq(renewalRequests.id, id)))[0]!;
    const newCode = (itemId = expiring.itemId) => sandbox.world.issueCreatorCode(itemId, 365).code;

    it('creates a link for the ad accounts whose ads run the post, stores only its hash, and opens it as the creator sees it', async () => {
      const created = await create();
      expect(created.advertiserIds).toEqual(expiring.advertiserIds);
      expect(created.url).toBe(`${BASE}/r/${created.token}`);
      expect(created.expiresAt).toEqual(new Date(epoch().getTime() + 14 * DAY));
      const row = await stored(created.id);
      expect(row).toMatchObject({ status: 'sent', itemId: expiring.itemId, tokenSealed: null });
      expect(JSON.stringify(row)).not.toContain(created.token);
      expect(await lookupRenewalToken(handle.db, created.token)).toEqual({ orgId: connection.orgId, id: created.id });
      expect(await lookupRenewalToken(handle.db, `${created.token.slice(0, -2)}xx`)).toBeNull();

      const view = await openRenewalRequest(db, { orgId: connection.orgId, id: created.id, now: epoch() });
      expect(view).toMatchObject({ status: 'opened', itemId: expiring.itemId, endsAt: expiring.endsAt.toISOString(), newEndsAt: null });
      expect(view.brand).toBeTruthy();
      // The creator sees that post and no more of the organization: no ad accounts, no ads.
      for (const advertiserId of expiring.advertiserIds) expect(JSON.stringify(view)).not.toContain(advertiserId);
      expect((await stored(created.id)).openedAt).toEqual(epoch());
      const audit = await handle.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, connection.orgId), eq(auditLog.action, 'renewal.created')));
      expect(audit).toHaveLength(1);
    });

    it('refuses a post no ad of the organization runs, and an ad account it has not connected', async () => {
      await expect(create({ itemId: '999999999999' })).rejects.toThrow(ValidationError);
      await expect(create({ advertiserIds: ['424242'] })).rejects.toThrow(NotFoundError);
    });

    it('applies a code for the post to every ad account, shows the new end date, audits and alerts; the same code again applies nothing', async () => {
      await addChannel(handle.db, { orgId: connection.orgId, actorId: null, input: { kind: 'email', email: 'buyer@brand.example' }, keyring, policy: outbox, now: epoch() });
      const created = await create();
      const code = newCode();
      const result = await submit(created.id, code);
      expect(result.outcome).toBe('applied');
      expect(authorizeCalls.sort()).toEqual(expiring.advertiserIds.map((a) => `${a}:${code}`).sort());
      const newEnd = new Date(result.view.newEndsAt!);
      expect(newEnd.getTime()).toBeGreaterThan(expiring.endsAt.getTime() + 300 * DAY);
      expect(result.view.status).toBe('applied');

      // The ledger and ad health were refreshed: the ads' authorization now ends later.
      const ledger = await handle.db
        .select()
        .from(ttSparkPosts)
        .where(and(eq(ttSparkPosts.orgId, connection.orgId), eq(ttSparkPosts.itemId, expiring.itemId)));
      for (const advertiserId of expiring.advertiserIds) expect(ledger.find((p) => p.advertiserId === advertiserId)?.authEndTime).toEqual(newEnd);
      const ads = await handle.db
        .select()
        .from(adHealth)
        .where(and(eq(adHealth.orgId, connection.orgId), eq(adHealth.itemId, expiring.itemId)));
      expect(ads.filter((a) => a.status !== 'deleted').map((a) => a.authEndTime?.getTime())).toEqual(ads.filter((a) => a.status !== 'deleted').map(() => newEnd.getTime()));

      const row = await stored(created.id);
      expect(row).toMatchObject({ status: 'applied', newEndTime: newEnd });
      expect(JSON.stringify(row)).not.toContain(code);
      const actions = (await handle.db.select().from(auditLog).where(eq(auditLog.orgId, connection.orgId))).map((a) => a.action);
      expect(actions).toContain('renewal.applied');
      const alerts = await handle.db
        .select()
        .from(alertDeliveries)
        .where(and(eq(alertDeliveries.orgId, connection.orgId), eq(alertDeliveries.kind, 'renewal')));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.textBody).toContain(`renewed the Spark authorization of post ${expiring.itemId}`);

      authorizeCalls = [];
      const again = await submit(created.id, code);
      expect(again.outcome).toBe('already_applied');
      expect(again.message).toContain('already applied');
      expect(authorizeCalls).toEqual([]);
      expect(
        await handle.db
          .select()
          .from(alertDeliveries)
          .where(and(eq(alertDeliveries.orgId, connection.orgId), eq(alertDeliveries.kind, 'renewal'))),
      ).toHaveLength(1);

      const [listed] = await listRenewalRequests(db, { orgId: connection.orgId, now: epoch() });
      expect(listed).toMatchObject({ id: created.id, status: 'applied', newEndsAt: newEnd.toISOString() });
      expect((await latestRenewalByItem(db, { orgId: connection.orgId, itemIds: [expiring.itemId], now: epoch() })).get(expiring.itemId)?.status).toBe('applied');
    });

    it('refuses a code for another post, an expired and a malformed code in words, and applies nothing', async () => {
      const created = await create();
      const other = [...sandbox.world.posts.keys()].find((id) => id !== expiring.itemId)!;
      await expect(submit(created.id, newCode(other))).rejects.toThrow(/different post/);
      const expired = sandbox.world.creatorCodes.find((c) => c.kind === 'expired')!;
      await expect(submit(created.id, expired.code)).rejects.toThrow(/expired/);
      const malformed = sandbox.world.creatorCodes.find((c) => c.kind === 'malformed' && !c.code.includes(' '))!;
      await expect(submit(created.id, malformed.code)).rejects.toThrow(ValidationError);
      expect(authorizeCalls).toEqual([]);
      expect(await stored(created.id)).toMatchObject({ status: 'failed', appliedAt: null });

      // The creator can still send the right code afterwards.
      expect((await submit(created.id, newCode())).outcome).toBe('applied');
    });

    it('the digest lists the open requests, not the finished ones', async () => {
      const open = await create();
      const done = await create();
      await submit(done.id, newCode());
      const digest = await buildDigest(db, { orgId: connection.orgId, now: epoch(), blockingSince: epoch() });
      expect(digest.openRenewals?.map((r) => r.itemId)).toEqual([expiring.itemId]);
      expect(digest.openRenewals?.[0]?.status).toBe('sent');
      expect(digestMessage(digest).text).toContain(`OPEN RENEWAL REQUESTS (1)`);
      await revokeRenewalRequest(db, { orgId: connection.orgId, id: open.id, actorId: null, now: epoch() });
      expect((await buildDigest(db, { orgId: connection.orgId, now: epoch(), blockingSince: epoch() })).openRenewals).toEqual([]);
    });

    it('an expired link and a revoked link take no code', async () => {
      const old = await create({}, new Date(epoch().getTime() - 15 * DAY));
      await expect(submit(old.id, newCode())).rejects.toThrow(RenewalClosedError);
      expect((await openRenewalRequest(db, { orgId: connection.orgId, id: old.id, now: epoch() })).status).toBe('expired');

      const revoked = await create();
      await revokeRenewalRequest(db, { orgId: connection.orgId, id: revoked.id, actorId: null, now: epoch() });
      await expect(submit(revoked.id, newCode())).rejects.toThrow(/withdrew this link/);
      await expect(revokeRenewalRequest(db, { orgId: connection.orgId, id: revoked.id, actorId: null, now: epoch() })).rejects.toThrow(ValidationError);
      expect(authorizeCalls).toEqual([]);
      expect((await listRenewalRequests(db, { orgId: connection.orgId, now: epoch() })).map((r) => r.status).sort()).toEqual(['expired', 'revoked']);
    });

    it('another organization cannot open or revoke the request', async () => {
      const created = await create();
      const other = await connectSandbox(handle.db, sandbox.world);
      const otherDb = handle.forOrganization(other.orgId);
      await expect(openRenewalRequest(otherDb, { orgId: other.orgId, id: created.id })).rejects.toThrow(NotFoundError);
      await expect(revokeRenewalRequest(otherDb, { orgId: other.orgId, id: created.id, actorId: null })).rejects.toThrow(NotFoundError);
      expect(await listRenewalRequests(otherDb, { orgId: other.orgId })).toEqual([]);
    });

    it('e-mails the link to the creator and reminds them once a week later, with the same link', async () => {
      const email = `creator-${randomBytes(4).toString('hex')}@creator.example`;
      const created = await create({ creatorEmail: email });
      const sent = () => handle.db.select().from(accountMail).where(eq(accountMail.to, email));
      expect(await sent()).toHaveLength(1);
      expect((await sent())[0]!.text).toContain(created.url);
      expect(await sendRenewalReminders(handle, { ...mail, base: BASE }, { now: new Date(epoch().getTime() + 6 * DAY) })).toBe(0);
      expect(await sendRenewalReminders(handle, { ...mail, base: BASE }, { now: new Date(epoch().getTime() + 7 * DAY) })).toBe(1);
      expect(await sendRenewalReminders(handle, { ...mail, base: BASE }, { now: new Date(epoch().getTime() + 8 * DAY) })).toBe(0);
      const messages = await sent();
      expect(messages).toHaveLength(2);
      expect(messages.map((m) => m.subject).sort()[0]).toMatch(/^Reminder: /);
      for (const m of messages) expect(m.text).toContain(created.url);
      expect((await stored(created.id)).tokenSealed).toBeNull();
    });
  });
}
