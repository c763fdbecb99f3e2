import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { alertDeliveries, auditLog, memberships, users } from '@/db/schema';
import { generateKey, parseKeyring } from '@/lib/crypto/keyring';
import { recomputeOrgHealth } from '@/lib/health/recompute';
import { connectSandbox, expectedWorld, syncSandbox } from '@/lib/sync/test-support';
import { testDatabases } from '@/tests/databases';
import { serveSandbox } from '@/tests/sandbox-app';
import { addChannel, listChannels, listChannelTargets, removeChannel, rotateWebhookSecrets } from './channels';
import type { AlertTransportConfig } from './config';
import { deliverDue, type DeliveryEnvironment } from './delivery';
import { buildDigest } from './digest';
import { runAlertsTick, runDigest, sendTestAlert } from './run';
import { updateAlertSettings } from './settings';
import { expectedExpiring, startSlackReceiver, startSmtpServer, unfold } from './test-support';

// Alerts against the seeded sandbox world, synced over HTTP into PGlite and real Postgres; Slack
// against a local HTTP receiver and e-mail against a local SMTP server, both started here.

const { sandbox, server } = await serveSandbox({ resetEachTest: true });
const key = generateKey();
const keyring = parseKeyring(key);
const DAY = 86_400_000;
/** The sandbox's frozen clock: every seeded authorization end is relative to it. */
const epoch = () => new Date(sandbox.clock.now());

const outboxConfig: AlertTransportConfig = { smtpUrl: undefined, from: 'Sparkcheck <alerts@test.example>', allowLoopbackWebhooks: true, timeoutMs: 2_000 };
const outboxEnv: DeliveryEnvironment = { config: outboxConfig, keyring };

for (const target of await testDatabases()) {
  describe(`alerts on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    /** A fresh organization connected to the sandbox and synced. */
    async function syncedOrg() {
      return (await syncedConnection()).orgId;
    }

    async function syncedConnection() {
      const connection = await connectSandbox(handle.db, sandbox.world);
      await resync(connection, epoch());
      return connection;
    }

    /** Syncs at `at` (sandbox time) and recomputes health as the after-sync step does. */
    async function resync(connection: { orgId: string; connectionId: string }, at: Date) {
      const run = await syncSandbox(handle.db, server.url, connection, { now: () => at });
      expect(run.status).toBe('succeeded');
      await recomputeOrgHealth(handle.db, { orgId: connection.orgId, now: at });
    }

    it('lists exactly the posts whose authorization ends within the window, with ad accounts, ads and a renewal request', async () => {
      const orgId = await syncedOrg();
      const now = epoch();
      const summarize = (digest: Awaited<ReturnType<typeof buildDigest>>) =>
        digest.expiring
          .map((p) => ({ itemId: p.itemId, handle: p.handle, advertiserIds: p.adAccounts.map((a) => a.advertiserId).sort(), adIds: p.ads.map((a) => a.adId).sort(), daysLeft: p.daysLeft }))
          .sort((a, b) => a.itemId.localeCompare(b.itemId));

      const digest = await buildDigest(handle.db, { orgId, now, blockingSince: new Date(now.getTime() - DAY) });
      const expected = expectedExpiring(sandbox.world, now, 14);
      expect(digest.windowDays).toBe(14);
      expect(summarize(digest)).toEqual(expected);
      // The seeded cases by name: @ava.dance's 30-day code ending in 3 days is in, @jonas.outdoors' code ending in 20 days is not.
      const ref = (name: string) => sandbox.world.ref(name);
      expect(expected.map((p) => p.itemId)).toContain(ref('post:ava1'));
      expect(expected.map((p) => p.itemId)).not.toContain(ref('post:jonas2'));
      expect(expected.find((p) => p.itemId === ref('post:ava1'))).toMatchObject({ handle: 'ava.dance', daysLeft: 3 });
      // Soonest first.
      expect(digest.expiring.map((p) => p.endsAt.getTime())).toEqual(digest.expiring.map((p) => p.endsAt.getTime()).toSorted((a, b) => a - b));

      const ava = digest.expiring.find((p) => p.itemId === ref('post:ava1'))!;
      expect(ava.postUrl).toBe(`https://www.tiktok.com/@ava.dance/video/${ref('post:ava1')}`);
      expect(ava.adAccounts[0]!.advertiserName).toBeTruthy();
      expect(ava.renewalRequest).toContain('Hi @ava.dance,');
      expect(ava.renewalRequest).toContain(ava.postUrl!);
      expect(ava.renewalRequest).toContain('in 3 days');
      expect(ava.renewalRequest).toMatch(/Generate code.*365 days/);

      // A wider window (the organization's setting) takes in the 20-day code too.
      await updateAlertSettings(handle.db, { orgId, actorId: null, input: { expiryWindowDays: 30 }, now });
      const wider = await buildDigest(handle.db, { orgId, now, blockingSince: now });
      expect(summarize(wider)).toEqual(expectedExpiring(sandbox.world, now, 30));
      expect(wider.expiring.map((p) => p.itemId)).toContain(ref('post:jonas2'));
    });

    it('reports the ads that turned blocking since the last digest, by root cause with the fix', async () => {
      const connection = await syncedConnection();
      const { orgId } = connection;
      const t0 = epoch();
      const advertisers = new Set(expectedWorld(sandbox.world).advertiserIds);
      const blockingAds = (groups: Awaited<ReturnType<typeof buildDigest>>['blocking']) =>
        groups.flatMap((g) => g.ads.map((ad) => ({ adId: ad.adId, rootCause: g.code }))).sort((a, b) => a.adId.localeCompare(b.adId));

      // The first digest (one recipient, kept in the outbox) has no earlier one to compare with: every ad
      // blocking now, each under its root cause, worded "blocking now" rather than "newly blocking".
      await addChannel(handle.db, { orgId, actorId: null, input: { kind: 'email', email: 'buyer@brand.example' }, keyring, policy: outboxConfig, now: t0 });
      const first = await runDigest(handle.db, outboxEnv, { orgId, now: new Date(t0.getTime() + 60_000) });
      expect(first.digest.firstDigest).toBe(true);
      expect(first.message.subject).toMatch(/ads? blocking now$/);
      expect(first.message.text).not.toContain('newly blocking');
      const expected = sandbox.world.expectations
        .filter((e) => e.severity === 'blocking' && !e.deleted && advertisers.has(e.advertiserId))
        .map((e) => ({ adId: e.adId, rootCause: e.rootCause }))
        .sort((a, b) => a.adId.localeCompare(b.adId));
      expect(expected.length).toBeGreaterThan(10);
      expect(blockingAds(first.digest.blocking)).toEqual(expected);
      for (const group of first.digest.blocking) {
        expect(group.fixSteps.length, group.code).toBeGreaterThan(0);
        expect(group.headline).toMatch(new RegExp(`^${group.ads.length} ads? blocked — `));
      }
      const pending = first.digest.blocking.find((g) => g.code === 'BC_LINK_PENDING')!;
      expect(first.message.text).toContain(pending.headline);
      expect(first.message.text).toContain(`1. ${pending.fixSteps[0]}`);

      // The creator of a healthy, running ad turns Ad authorization off; the next sync sees it.
      const lamp = sandbox.world.expectations.find((e) => e.adName === '@mia.makes lamp – 365d')!;
      expect(lamp.rootCause).toBeNull();
      sandbox.world.revokeAuthorization(lamp.advertiserId, sandbox.world.ref('post:mia1'));
      await resync(connection, new Date(t0.getTime() + 3 * 3_600_000));

      // The next digest has only that ad: the others were blocking before the previous digest.
      const second = await runDigest(handle.db, outboxEnv, { orgId, now: new Date(t0.getTime() + DAY) });
      expect(blockingAds(second.digest.blocking)).toEqual([{ adId: lamp.adId, rootCause: 'AUTH_REVOKED' }]);
      expect(second.digest.firstDigest).toBe(false);
      expect(second.message.subject).toMatch(/1 ad newly blocking$/);
    });

    it('alerts immediately, once, when a running Spark ad becomes blocking', async () => {
      const connection = await syncedConnection();
      const { orgId } = connection;
      const t1 = new Date(epoch().getTime() + 60 * 60_000);
      const slack = await startSlackReceiver();
      try {
        await addChannel(handle.db, { orgId, actorId: null, input: { kind: 'slack', url: slack.url }, keyring, policy: outboxConfig, now: t1 });
        await addChannel(handle.db, { orgId, actorId: null, input: { kind: 'email', email: 'buyer@brand.example' }, keyring, policy: outboxConfig, now: t1 });
        // Switching immediate alerts on starts them from that moment: ads already broken are the digest's business.
        await updateAlertSettings(handle.db, { orgId, actorId: null, input: { immediateBlocking: false, dailyDigest: false }, now: t1 });
        await updateAlertSettings(handle.db, { orgId, actorId: null, input: { immediateBlocking: true }, now: t1 });
        await runAlertsTick(handle, outboxEnv, { now: new Date(t1.getTime() + 60_000) });
        expect(slack.received).toHaveLength(0);

        const lamp = sandbox.world.expectations.find((e) => e.adName === '@mia.makes lamp – 365d')!;
        sandbox.world.revokeAuthorization(lamp.advertiserId, sandbox.world.ref('post:mia1'));
        const t2 = new Date(t1.getTime() + 30 * 60_000);
        await resync(connection, t2);
        for (const minute of [1, 2, 3]) expect(await runAlertsTick(handle, outboxEnv, { now: new Date(t2.getTime() + minute * 60_000) })).toEqual([]);

        expect(slack.received).toHaveLength(1);
        const text = slack.received[0]!.body.blocks.map((b) => b.text?.text ?? '').join('\n');
        expect(text).toContain('@mia.makes lamp – 365d');
        expect(slack.received[0]!.body.text).toMatch(/1 Spark ad of .* stopped delivering/);
        const emails = await handle.db
          .select()
          .from(alertDeliveries)
          .where(and(eq(alertDeliveries.orgId, orgId), eq(alertDeliveries.kind, 'blocking'), eq(alertDeliveries.transport, 'outbox')));
        expect(emails).toHaveLength(1);
        expect(emails[0]!.textBody).toContain('@mia.makes lamp – 365d');
      } finally {
        await slack.close();
      }
    });

    it('sends the digest once a day per channel: running it twice sends once, the next day sends again', async () => {
      const orgId = await syncedOrg();
      const now = epoch();
      await addChannel(handle.db, { orgId, actorId: null, input: { kind: 'email', email: 'ops@brand.example' }, keyring, policy: outboxConfig });

      const first = await runDigest(handle.db, outboxEnv, { orgId, now });
      expect(first.outcomes).toEqual([
        expect.objectContaining({ channel: expect.objectContaining({ label: 'ops@brand.example' }), delivery: expect.objectContaining({ status: 'sent', transport: 'outbox' }) }),
      ]);
      const again = await runDigest(handle.db, outboxEnv, { orgId, now: new Date(now.getTime() + 60_000) });
      expect(again.outcomes).toEqual([expect.objectContaining({ delivery: null })]);

      const outbox = await handle.db.select().from(alertDeliveries).where(eq(alertDeliveries.orgId, orgId));
      expect(outbox).toHaveLength(1);
      expect(outbox[0]).toMatchObject({ kind: 'digest', recipient: 'ops@brand.example', subject: first.message.subject });
      expect(outbox[0]!.textBody).toContain('@ava.dance');
      expect(outbox[0]!.htmlBody).toContain('<table');

      // The scheduled tick at the digest hour the next day sends the next one, once, however often it runs.
      const nextDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 9));
      expect(await runAlertsTick(handle, outboxEnv, { now: nextDay })).toEqual([]);
      expect(await runAlertsTick(handle, outboxEnv, { now: new Date(nextDay.getTime() + 60_000) })).toEqual([]);
      const digests = await handle.db
        .select()
        .from(alertDeliveries)
        .where(and(eq(alertDeliveries.orgId, orgId), eq(alertDeliveries.kind, 'digest')));
      expect(digests).toHaveLength(2);

      // Switched off, the schedule sends nothing.
      await updateAlertSettings(handle.db, { orgId, actorId: null, input: { dailyDigest: false }, now });
      await runAlertsTick(handle, outboxEnv, { now: new Date(nextDay.getTime() + 2 * DAY) });
      expect(
        await handle.db
          .select()
          .from(alertDeliveries)
          .where(and(eq(alertDeliveries.orgId, orgId), eq(alertDeliveries.kind, 'digest'))),
      ).toHaveLength(2);
    });

    it('posts Block Kit to a Slack webhook, retries a 500 with backoff and gives up at once on a 404', async () => {
      const orgId = await syncedOrg();
      const now = epoch();
      const slack = await startSlackReceiver();
      try {
        const channel = await addChannel(handle.db, { orgId, actorId: null, input: { kind: 'slack', url: slack.url, name: '#paid-social' }, keyring, policy: outboxConfig });
        // The secret is never shown again: the page gets a hint with the last four characters.
        expect(channel).toMatchObject({ kind: 'slack', label: '#paid-social', detail: `127.0.0.1:${new URL(slack.url).port}/…/1234` });
        expect(JSON.stringify(await listChannels(handle.db, { orgId }))).not.toContain('abcdEFGH1234');

        slack.statuses.push(500);
        const run = await runDigest(handle.db, outboxEnv, { orgId, now });
        expect(run.outcomes[0]!.delivery).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Slack answered 500: internal_error' });
        expect(slack.received).toHaveLength(1);
        expect(slack.received[0]!.path).toBe('/services/T0001/B0001/abcdEFGH1234');

        // Not due again before the first backoff step (1 minute); then sent.
        expect(await deliverDue(handle.db, outboxEnv, { orgId, now: new Date(now.getTime() + 30_000) })).toEqual([]);
        const [retried] = await deliverDue(handle.db, outboxEnv, { orgId, now: new Date(now.getTime() + 61_000) });
        expect(retried).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
        expect(slack.received).toHaveLength(2);
        const body = slack.received[1]!.body;
        expect(body.text).toBe(run.message.subject);
        expect(body.blocks[0]).toMatchObject({ type: 'header' });
        expect(body.blocks.length).toBeLessThanOrEqual(50);
        const sections = body.blocks.map((b) => b.text?.text ?? '').join('\n');
        expect(sections).toContain('*@ava.dance*');
        expect(sections).toContain('Renewal request to copy');

        // `keys rotate`: re-sealed with the new key, the webhook still opens once the old key is gone.
        const newKey = generateKey();
        const rotation = await rotateWebhookSecrets(handle.db, parseKeyring(`${newKey},${key}`));
        expect(rotation.failed).toEqual([]);
        expect(rotation.rotated).toBe(rotation.checked);
        const newKeyring = parseKeyring(newKey);
        const rotated = await listChannelTargets(handle.db, { orgId, keyring: newKeyring });
        expect(rotated.map((c) => c.address)).toEqual([slack.url]);

        // With the key gone from the keyring, the digest still goes out to the others and the failure is logged for this one.
        const lostKey = await runDigest(handle.db, { ...outboxEnv, keyring: parseKeyring(generateKey()) }, { orgId, now: new Date(now.getTime() + DAY) });
        expect(lostKey.outcomes[0]!.delivery).toMatchObject({ status: 'failed', lastError: 'The stored webhook URL cannot be opened with the current keys' });

        // A webhook Slack no longer knows is not retried.
        slack.statuses.push(404);
        const test = await sendTestAlert(handle.db, { ...outboxEnv, keyring: newKeyring }, { orgId, channelId: channel.id, actorId: null, now });
        expect(test).toMatchObject({ kind: 'test', status: 'failed', lastError: 'Slack answered 404: no_service' });
      } finally {
        await slack.close();
      }
    });

    it('sends e-mail over SMTP and records a refusal', async () => {
      const orgId = await syncedOrg();
      const now = epoch();
      const smtp = await startSmtpServer();
      const env: DeliveryEnvironment = { config: { ...outboxConfig, smtpUrl: smtp.url }, keyring };
      try {
        await addChannel(handle.db, { orgId, actorId: null, input: { kind: 'email', email: 'lead@brand.example' }, keyring, policy: outboxConfig });
        await addChannel(handle.db, { orgId, actorId: null, input: { kind: 'email', email: 'nobody@refused.example' }, keyring, policy: outboxConfig });
        const run = await runDigest(handle.db, env, { orgId, now });
        const byRecipient = Object.fromEntries(run.outcomes.map((o) => [o.channel.label, o.delivery]));
        expect(byRecipient['lead@brand.example']).toMatchObject({ transport: 'smtp', status: 'sent', attempts: 1 });
        expect(byRecipient['nobody@refused.example']).toMatchObject({ transport: 'smtp', status: 'failed' });
        expect(byRecipient['nobody@refused.example']!.lastError).toMatch(/550/);

        expect(smtp.mails).toHaveLength(1);
        const [mail] = smtp.mails;
        expect(mail!.to).toEqual(['lead@brand.example']);
        expect(mail!.from).toBe('alerts@test.example');
        const raw = unfold(mail!.raw);
        expect(raw).toContain(`Subject: ${run.message.subject}`);
        expect(raw).toContain('multipart/alternative');
        expect(raw).toContain(`https://www.tiktok.com/@ava.dance/video/${sandbox.world.ref('post:ava1')}`);
      } finally {
        await smtp.close();
      }
    });

    it('keeps channels per organization: member recipients follow membership, duplicates and bad webhooks are refused', async () => {
      const orgId = await syncedOrg();
      const otherOrg = await syncedOrg();
      const [user] = await handle.db.insert(users).values({ email: 'media.buyer@brand.example', name: 'Mia Buyer' }).returning();
      await handle.db.insert(memberships).values({ orgId, userId: user!.id, role: 'member' });

      await expect(addChannel(handle.db, { orgId: otherOrg, actorId: null, input: { kind: 'member', userId: user!.id }, keyring, policy: outboxConfig })).rejects.toThrow(/not a member/);
      const member = await addChannel(handle.db, { orgId, actorId: null, input: { kind: 'member', userId: user!.id }, keyring, policy: outboxConfig });
      expect(member).toMatchObject({ kind: 'email', label: 'media.buyer@brand.example', detail: 'Mia Buyer', active: true });
      await expect(addChannel(handle.db, { orgId, actorId: null, input: { kind: 'email', email: 'media.buyer@brand.example' }, keyring, policy: outboxConfig })).rejects.toThrow(
        /already receives alerts/,
      );
      await expect(
        addChannel(handle.db, { orgId, actorId: null, input: { kind: 'slack', url: 'http://127.0.0.1:9/services/T/B/X' }, keyring, policy: { allowLoopbackWebhooks: false } }),
      ).rejects.toThrow(/must start with https/);

      expect((await listChannelTargets(handle.db, { orgId, keyring })).map((c) => c.address)).toEqual(['media.buyer@brand.example']);
      expect(await listChannels(handle.db, { orgId: otherOrg })).toEqual([]);
      // A member who leaves stops receiving alerts; the row stays, marked inactive.
      await handle.db.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, user!.id)));
      expect(await listChannelTargets(handle.db, { orgId, keyring })).toEqual([]);
      expect(await listChannels(handle.db, { orgId })).toEqual([expect.objectContaining({ active: false })]);
      await expect(sendTestAlert(handle.db, outboxEnv, { orgId, channelId: member.id, actorId: null, now: epoch() })).rejects.toThrow(/has left the organization/);

      await expect(removeChannel(handle.db, { orgId: otherOrg, actorId: null, channelId: member.id })).rejects.toThrow(/No such alert channel/);
      await removeChannel(handle.db, { orgId, actorId: null, channelId: member.id });
      const actions = await handle.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, orgId));
      expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['alerts.channel_added', 'alerts.channel_removed']));
    });
  });
}
