import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, startSandboxServer } from '@/lib/tiktok-sandbox';
import { testDatabases } from '@/tests/databases';

// The queue works jobs with the process-wide TikTok app and keyring, which read the environment:
// point them at a sandbox before the modules load.
const sandbox = createSandbox({ rateLimits: false });
const server = await startSandboxServer(sandbox, { port: 0 });
// Alert retries go out through this mail server (SMTP_URL is read when the modules load).
const { startSmtpServer } = await import('@/lib/alerts/test-support');
const smtp = await startSmtpServer();
Object.assign(process.env, {
  SMTP_URL: smtp.url,
  TIKTOK_API_BASE_URL: `${server.url}/open_api/v1.3/`,
  TIKTOK_APP_ID: SANDBOX_APP_ID,
  TIKTOK_APP_SECRET: SANDBOX_APP_SECRET,
  TOKEN_ENCRYPTION_KEYS: `queue-test:${randomBytes(32).toString('base64')}`,
  TIKTOK_RATE_LIMIT_RPS: '200',
});
const { startJobQueue } = await import('./queue');
const { requestOrgSync } = await import('./sync-requests');
const { getKeyring } = await import('@/lib/connections/tiktok-app');
const { getTikTokApp } = await import('@/lib/wiring/tiktok');
const { connectedOrg } = await import('@/tests/connected-org');
const { getSyncRun } = await import('@/lib/sync');
const { deleteOrganization } = await import('@/lib/tenancy/org-deletion');
const { registerUser } = await import('@/lib/tenancy/sign-up');
const { tiktokConnections } = await import('@/db/schema');
const { and, eq, sql } = await import('drizzle-orm');
const { alertDeliveries, codeBatches } = await import('@/db/schema');
const { addChannel, listChannelTargets } = await import('@/lib/alerts/channels');
const { transportConfigFromEnv } = await import('@/lib/alerts/config');
const { queueDelivery } = await import('@/lib/alerts/delivery');
const { env } = await import('@/lib/env');
const { submitCodeBatch } = await import('@/lib/codes/apply');
const { codesEnv } = await import('@/lib/codes/tiktok');
const { executeRows } = await import('@/db/client');

afterAll(async () => {
  await server.close();
  await smtp.close();
});

for (const target of await testDatabases()) {
  describe(`job queue on ${target.name} (${target.name === 'postgres' ? 'pg-boss' : 'in process'})`, () => {
    let handle: Awaited<ReturnType<typeof target.open>>;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    it('works a queued sync to the end, once per connection', async () => {
      const app = getTikTokApp(handle.db);
      const { orgId } = await connectedOrg(handle.db, { app, keyring: getKeyring() });

      const queue = await startJobQueue(handle, { work: true, app });
      try {
        const [run] = await requestOrgSync(handle.db, queue, { orgId, trigger: 'manual' });
        const [again] = await requestOrgSync(handle.db, queue, { orgId, trigger: 'manual' });
        expect(again!.id).toBe(run!.id);
        await expect.poll(async () => (await getSyncRun(handle.db, { orgId, runId: run!.id }))?.status, { timeout: 150_000, interval: 250 }).toBe('succeeded');
      } finally {
        await queue.stop();
      }
    }, 180_000);

    it('removes a deleted organization’s data in a job', async () => {
      const { user, organization } = await registerUser(handle.db, { name: 'P', email: `p-${target.name}@queue.example`, password: 'queue password 1', orgName: 'Purge Org', orgKind: 'brand' });
      const orgId = organization!.id;
      await handle.db.insert(tiktokConnections).values({ orgId, label: 'TikTok', method: 'access_token', accessTokenSealed: 'sealed' });
      await deleteOrganization(handle.forOrganization(orgId), { orgId, actor: { userId: user.id, role: 'owner' }, confirmName: 'Purge Org' });
      const connections = () => handle.db.select().from(tiktokConnections).where(eq(tiktokConnections.orgId, orgId));
      expect(await connections()).toHaveLength(1); // erased, not yet removed

      const queue = await startJobQueue(handle, { work: true, app: getTikTokApp(handle.db) });
      try {
        await queue.purgeOrganization(orgId);
        await expect.poll(async () => (await connections()).length, { timeout: 45_000, interval: 250 }).toBe(0);
      } finally {
        await queue.stop();
      }
    }, 180_000);

    it('resumes at start-up a code batch whose process died before any run took it', async () => {
      const app = getTikTokApp(handle.db);
      const { orgId } = await connectedOrg(handle.db, { app, keyring: getKeyring() });
      const first = await startJobQueue(handle, { work: true, app });
      try {
        const [run] = await requestOrgSync(handle.db, first, { orgId, trigger: 'manual' });
        await expect.poll(async () => (await getSyncRun(handle.db, { orgId, runId: run!.id }))?.status, { timeout: 150_000, interval: 250 }).toBe('succeeded');
      } finally {
        await first.stop();
      }
      // Created, then the process died before its job ran: on PGlite the in-process job died with it.
      const us = sandbox.world.ref('advertiser:northwindUs');
      const picked = sandbox.world.creatorCodes.filter((c) => c.kind === 'valid' && !c.appliedTo.includes(us)).slice(0, 3);
      const db = handle.forOrganization(orgId);
      const { batchId } = await submitCodeBatch(db, codesEnv(db, app), {
        orgId,
        actorId: null,
        idempotencyKey: `lost-${target.name}`,
        request: { codes: picked.map((c) => c.code), advertiserIds: [us], skipCodes: [] },
        source: 'web',
      });
      const finished = async () => (await handle.db.select({ finishedAt: codeBatches.finishedAt }).from(codeBatches).where(eq(codeBatches.id, batchId)))[0]?.finishedAt ?? null;
      expect(await finished()).toBeNull();

      const restarted = await startJobQueue(handle, { work: true, app });
      try {
        await expect.poll(finished, { timeout: 120_000, interval: 250 }).not.toBeNull();
      } finally {
        await restarted.stop();
      }
    }, 300_000);

    it('retries a failed alert delivery as a job started after its time, one waiting job per delivery', async () => {
      const { organization } = await registerUser(handle.db, { name: 'R', email: `r-${target.name}@queue.example`, password: 'queue password 1', orgName: 'Retry Org', orgKind: 'brand' });
      const orgId = organization!.id;
      const db = handle.forOrganization(orgId);
      const config = transportConfigFromEnv(env);
      await addChannel(db, { orgId, actorId: null, input: { kind: 'email', email: `lead-${target.name}@brand.example` }, keyring: getKeyring(), policy: config });
      const [channel] = await listChannelTargets(db, { orgId, keyring: getKeyring() });
      const message = { subject: `Retry ${target.name}`, text: 'retried', html: '<p>retried</p>', slack: { text: 'retried', blocks: [] } };
      // Two deliveries waiting for their next attempt: one due in an hour, one due now.
      const later = await queueDelivery(db, { orgId, channel: channel!, kind: 'digest', message, config, now: new Date(Date.now() + 3_600_000) });
      const now = await queueDelivery(db, { orgId, channel: channel!, kind: 'digest', message, config, now: new Date(Date.now() - 1000) });
      expect([later.transport, now.transport]).toEqual(['smtp', 'smtp']);

      const queue = await startJobQueue(handle, { work: true, app: getTikTokApp(handle.db) });
      try {
        for (const delivery of [later, later, now]) await queue.scheduleAlertRetry({ orgId, deliveryId: delivery.id, at: delivery.nextAttemptAt });
        await expect
          .poll(
            async () =>
              (
                await db
                  .select()
                  .from(alertDeliveries)
                  .where(and(eq(alertDeliveries.orgId, orgId), eq(alertDeliveries.id, now.id)))
              )[0]?.status,
            { timeout: 60_000, interval: 250 },
          )
          .toBe('sent');
        expect(smtp.mails.filter((m) => m.to.includes(`lead-${target.name}@brand.example`))).toHaveLength(1);
        const [waiting] = await db
          .select()
          .from(alertDeliveries)
          .where(and(eq(alertDeliveries.orgId, orgId), eq(alertDeliveries.id, later.id)));
        expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });
        if (target.name === 'postgres') {
          // pg-boss: one job for the later delivery although it was scheduled twice, started after its time.
          const jobs = await executeRows<{ start_after: Date }>(handle.db, sql`select start_after from pgboss.job where name = 'alert-retry' and singleton_key = ${later.id}`);
          expect(jobs).toHaveLength(1);
          expect(new Date(jobs[0]!.start_after).getTime()).toBe(later.nextAttemptAt.getTime());
        }
      } finally {
        await queue.stop();
      }
    }, 180_000);
  });
}
