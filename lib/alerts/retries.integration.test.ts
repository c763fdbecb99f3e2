import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { alertDeliveries } from '@/db/schema';
import { generateKey, parseKeyring } from '@/lib/crypto/keyring';
import { registerUser } from '@/lib/tenancy/sign-up';
import { testDatabases } from '@/tests/databases';
import { addChannel } from './channels';
import type { AlertTransportConfig } from './config';
import { deliverDue, listStrandedDeliveries, retryDelivery, STRANDED_AFTER_MS, type DeliveryEnvironment, type DeliveryRetry } from './delivery';
import { runAlertsTick, runDigest } from './run';
import { startSlackReceiver, startSmtpServer } from './test-support';

// A failed delivery goes back on the job queue for its next attempt (1, 5, 30, then 120 minutes
// later) and is sent once. The clock is injected (`now`), Slack and the mail server answer as
// scripted, and the queue is a recorder the test works as pg-boss would: each job at its time.
// That pg-boss itself keeps one waiting job per delivery, started after its time, is shown in
// lib/jobs/queue.integration.test.ts.

const keyring = parseKeyring(generateKey());
const MINUTE = 60_000;
const config: AlertTransportConfig = { smtpUrl: undefined, from: 'Sparkcheck <alerts@test.example>', allowLoopbackWebhooks: true, timeoutMs: 2_000 };

/** The job queue as the deliveries see it: what was scheduled, in order. */
function recordingQueue() {
  const jobs: DeliveryRetry[] = [];
  return { jobs, scheduleRetry: async (retry: DeliveryRetry) => void jobs.push(retry) };
}

for (const target of await testDatabases()) {
  describe(`alert retries on the job queue on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    let n = 0;
    async function newOrg() {
      n += 1;
      const { organization } = await registerUser(handle.db, {
        name: `Retry ${n}`,
        email: `retry-${n}-${target.name}@alerts.example`,
        password: 'retry password 1',
        orgName: `Retry Org ${n}`,
        orgKind: 'brand',
      });
      return organization!.id;
    }

    /** Works the queue's jobs as a worker would, each at its time, until none is left; returns the times they ran. */
    async function workJobs(queue: ReturnType<typeof recordingQueue>, env: DeliveryEnvironment) {
      const ran: Date[] = [];
      for (let job = queue.jobs.shift(); job; job = queue.jobs.shift()) {
        ran.push(job.at);
        await retryDelivery(handle.forOrganization(job.orgId), env, { orgId: job.orgId, deliveryId: job.deliveryId, now: job.at });
      }
      return ran;
    }

    it('retries a failed Slack post 1, 5, 30 and 120 minutes later and posts it once', async () => {
      const orgId = await newOrg();
      const db = handle.forOrganization(orgId);
      const slack = await startSlackReceiver();
      try {
        await addChannel(db, { orgId, actorId: null, input: { kind: 'slack', url: slack.url, name: '#alerts' }, keyring, policy: config });
        const queue = recordingQueue();
        const env: DeliveryEnvironment = { config, keyring, scheduleRetry: queue.scheduleRetry };
        const t0 = new Date('2026-03-02T09:00:00Z');
        // Slack fails four times (500, a 503, 429…), then takes it.
        slack.statuses.push(500, 503, 429, 500);

        const run = await runDigest(db, env, { orgId, now: t0 });
        const first = run.outcomes[0]!.delivery!;
        expect(first).toMatchObject({ status: 'pending', attempts: 1 });
        expect(queue.jobs).toEqual([{ orgId, deliveryId: first.id, at: new Date(t0.getTime() + MINUTE) }]);

        // A job that arrives early (clocks apart) sends nothing and goes back on the queue for its time.
        expect(await retryDelivery(db, env, { orgId, deliveryId: first.id, now: new Date(t0.getTime() + 30_000) })).toBeNull();
        expect(queue.jobs).toHaveLength(2);
        queue.jobs.pop();

        let at = t0.getTime();
        const ran: number[] = [];
        for (let job = queue.jobs.shift(); job; job = queue.jobs.shift()) {
          ran.push((job.at.getTime() - at) / MINUTE);
          at = job.at.getTime();
          await retryDelivery(handle.forOrganization(job.orgId), env, { orgId: job.orgId, deliveryId: job.deliveryId, now: job.at });
        }
        expect(ran).toEqual([1, 5, 30, 120]);

        const [sent] = await db
          .select()
          .from(alertDeliveries)
          .where(and(eq(alertDeliveries.orgId, orgId), eq(alertDeliveries.id, first.id)));
        expect(sent).toMatchObject({ status: 'sent', attempts: 5, lastError: null });
        expect(slack.received).toHaveLength(5);
        expect(slack.received.every((r) => r.body.text === run.message.subject)).toBe(true);

        // The same job again (pg-boss delivered it twice, a sweep queued one more): claimed first, so nothing is sent.
        expect(await retryDelivery(db, env, { orgId, deliveryId: first.id, now: new Date(at + 10 * MINUTE) })).toBeNull();
        expect(await deliverDue(db, env, { orgId, now: new Date(at + 10 * MINUTE) })).toEqual([]);
        expect(slack.received).toHaveLength(5);
        expect(queue.jobs).toEqual([]);
      } finally {
        await slack.close();
      }
    });

    it('retries an e-mail the mail server could not take, and sends it once two workers run its job together', async () => {
      const orgId = await newOrg();
      const db = handle.forOrganization(orgId);
      const smtp = await startSmtpServer();
      const queue = recordingQueue();
      const working: DeliveryEnvironment = { config: { ...config, smtpUrl: smtp.url }, keyring, scheduleRetry: queue.scheduleRetry };
      // The mail server is down at first: nothing listens where SMTP_URL points.
      const down: DeliveryEnvironment = { ...working, config: { ...working.config, smtpUrl: 'smtp://127.0.0.1:1' } };
      try {
        await addChannel(db, { orgId, actorId: null, input: { kind: 'email', email: 'lead@brand.example' }, keyring, policy: config });
        const t0 = new Date('2026-03-02T09:00:00Z');
        const run = await runDigest(db, down, { orgId, now: t0 });
        const delivery = run.outcomes[0]!.delivery!;
        expect(delivery).toMatchObject({ transport: 'smtp', status: 'pending', attempts: 1 });
        expect(delivery.lastError).toMatch(/mail server/);
        const [job] = queue.jobs.splice(0);
        expect(job!.at).toEqual(new Date(t0.getTime() + MINUTE));

        // Back up: two workers take the same job at once; one claims and sends, the other finds it claimed.
        const results = await Promise.all([1, 2].map(() => retryDelivery(db, working, { orgId, deliveryId: delivery.id, now: job!.at })));
        expect(results.filter((r) => r !== null)).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })]);
        expect(smtp.mails).toHaveLength(1);
        expect(queue.jobs).toEqual([]);
      } finally {
        await smtp.close();
      }
    });

    it('puts a delivery whose retry job was lost back on the queue from the alerts tick, and only that one', async () => {
      const orgId = await newOrg();
      const db = handle.forOrganization(orgId);
      const slack = await startSlackReceiver();
      try {
        await addChannel(db, { orgId, actorId: null, input: { kind: 'slack', url: slack.url, name: '#lost' }, keyring, policy: config });
        const t0 = new Date('2026-03-03T09:00:00Z');
        slack.statuses.push(500);
        // The process died before its retry reached the queue: nothing was scheduled.
        const run = await runDigest(db, { config, keyring }, { orgId, now: t0 });
        const delivery = run.outcomes[0]!.delivery!;
        expect(delivery.status).toBe('pending');

        const queue = recordingQueue();
        const env: DeliveryEnvironment = { config, keyring, scheduleRetry: queue.scheduleRetry };
        const due = new Date(t0.getTime() + MINUTE);
        // On time it is the queue's: the tick leaves it alone.
        await runAlertsTick(handle, env, { now: due });
        expect(queue.jobs.filter((j) => j.deliveryId === delivery.id)).toEqual([]);
        // Long overdue: stranded, so the tick queues its retry now.
        const late = new Date(due.getTime() + STRANDED_AFTER_MS);
        expect((await listStrandedDeliveries(handle.db, late)).map((d) => d.deliveryId)).toContain(delivery.id);
        await runAlertsTick(handle, env, { now: late });
        const requeued = queue.jobs.filter((j) => j.deliveryId === delivery.id);
        expect(requeued).toEqual([{ orgId, deliveryId: delivery.id, at: late }]);
        queue.jobs.splice(0, queue.jobs.length, ...requeued);
        expect(await workJobs(queue, env)).toEqual([late]);
        expect(slack.received).toHaveLength(2);
        const [sent] = await db
          .select()
          .from(alertDeliveries)
          .where(and(eq(alertDeliveries.orgId, orgId), eq(alertDeliveries.id, delivery.id)));
        expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
      } finally {
        await slack.close();
      }
    });
  });
}
