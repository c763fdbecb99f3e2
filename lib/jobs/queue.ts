import 'server-only';
import type { Database, DatabaseHandle } from '@/db/client';
import { alertEnvironment } from '@/lib/alerts/environment';
import { retryDelivery, type DeliveryRetry } from '@/lib/alerts/delivery';
import { runAlertsTick } from '@/lib/alerts/run';
import { codesEnv, type CodesEnv } from '@/lib/codes/tiktok';
import { getKeyring, type TikTokApp } from '@/lib/connections/tiktok-app';
import { healthAfterSync, recomputeAllOrgs } from '@/lib/health/refresh';
import { executeCodeBatchJob, resumeInterruptedBatches, type CodeBatchJob, type CodeBatchJobs } from './code-batch-jobs';
import { HEARTBEAT_STALE_SECONDS } from '@/lib/sync/heartbeat';
import { listDeletedOrganizations, purgeDeletedOrganization } from '@/lib/tenancy/org-deletion';
import { closeInterruptedRuns, executeSyncJob, listOrgsDueForSync, requestOrgSync, type SyncJob, type SyncJobs, type SyncWork } from './sync-requests';

export type JobQueue = SyncJobs &
  CodeBatchJobs & {
    /** Queues the removal of a deleted organization's data (lib/tenancy/org-deletion). */
    purgeOrganization(orgId: string): Promise<void>;
    /** Queues a failed alert delivery's next attempt for its time; one waiting job per delivery. */
    scheduleAlertRetry(retry: DeliveryRetry): Promise<void>;
    stop(): Promise<void>;
  };

// Standard queues: one organization's long or stuck job never waits in front of another's. That a
// connection syncs once at a time is kept by its one open run (lib/jobs/sync-requests), not by the queue.
const SYNC_QUEUE = 'sync-run';
const CODES_QUEUE = 'code-batch';
/** Jobs worked at once by one process, per queue; each holds only its own connection or batch. */
const SYNC_SLOTS = 4;
const CODES_SLOTS = 2;
/**
 * Above the longest sync (a 20 × 5,000-ad world syncs in minutes): liveness comes from the run's
 * heartbeat and the sweep below, never from expiry, which would run a long sync twice.
 */
const SYNC_EXPIRE_SECONDS = 6 * 60 * 60;
const CODES_EXPIRE_SECONDS = 2 * 60 * 60;
/** How often each working process looks for runs and batches whose process died. */
const SWEEP_EVERY_MS = 30_000;
const SCHEDULE_QUEUE = 'sync-schedule';
const SCHEDULE_TICK_MS = 60_000;
const HEALTH_QUEUE = 'health-recompute';
/** Health is recomputed hourly as well as after each sync: an authorization expires without any sync. */
const HEALTH_CRON = '17 * * * *';
const HEALTH_TICK_MS = 60 * 60_000;
/** Alerts: immediate blocking alerts and the daily digest when due, every minute. */
const ALERTS_QUEUE = 'alerts-tick';
/** A failed alert delivery's next attempt: one job per retry, started after its time, one waiting per delivery. */
const ALERT_RETRY_QUEUE = 'alert-retry';
/** Removing a deleted organization's data: one job per organization, retried if it fails. */
const PURGE_QUEUE = 'org-purge';

function logFailure(what: string) {
  return (error: unknown) => console.error(`[sparkcheck] ${what} failed:`, error instanceof Error ? error.message : error);
}

/** How this process delivers alerts, with failed attempts retried on its queue. */
function alertsEnv(queue: Pick<JobQueue, 'scheduleAlertRetry'>) {
  return { ...alertEnvironment(), scheduleRetry: queue.scheduleAlertRetry };
}

async function runAlerts(handle: DatabaseHandle, queue: JobQueue) {
  for (const failure of await runAlertsTick(handle, alertsEnv(queue))) console.error(`[sparkcheck] alerts failed for ${failure}`);
}

/** A retry job: the delivery's next attempt, as its organization. */
async function workAlertRetry(handle: DatabaseHandle, queue: JobQueue, { orgId, deliveryId }: Omit<DeliveryRetry, 'at'>) {
  await retryDelivery(handle.forOrganization(orgId), alertsEnv(queue), { orgId, deliveryId });
}

/**
 * What this process needs to work jobs: the entry point's TikTok app and token keys, health (with
 * preview checks) recomputed after each sync that stored data, and the TikTok side of code batches
 * on the batch's own organization-scoped database.
 */
type Work = { sync: SyncWork; codes: (db: Database) => CodesEnv };

function workWith(app: TikTokApp): Work {
  const keyring = getKeyring();
  return { sync: { app, keyring, afterSync: [healthAfterSync(app, keyring)] }, codes: (db) => codesEnv(db, app) };
}

async function purge(handle: DatabaseHandle, orgId: string) {
  if (await purgeDeletedOrganization(handle.db, orgId)) console.log(`[sparkcheck] removed the data of deleted organization ${orgId}`);
}

/** Deleted organizations whose purge a restart interrupted: a working process purges them again at start. */
function startPurgeWork(handle: DatabaseHandle, purgeOrganization: JobQueue['purgeOrganization']) {
  void listDeletedOrganizations(handle.db)
    .then((ids) => Promise.all(ids.map((id) => purgeOrganization(id))))
    .catch(logFailure('the purge of deleted organizations'));
}

async function enqueueDueSyncs(handle: DatabaseHandle, jobs: SyncJobs) {
  for (const orgId of await listOrgsDueForSync(handle.db)) {
    await requestOrgSync(handle.forOrganization(orgId), jobs, { orgId, trigger: 'schedule' }).catch(logFailure(`scheduled sync of ${orgId}`));
  }
}

async function workCodeBatch(handle: DatabaseHandle, codes: Work['codes'], job: CodeBatchJob) {
  await executeCodeBatchJob(handle, codes, job).catch(logFailure(`creator-code batch ${job.batchId}`));
}

/**
 * Closes runs and resumes batches whose process died, at start and every SWEEP_EVERY_MS. Every
 * working process sweeps; the conditional updates make a run closed, or a batch resumed, once.
 */
function startSweeping(handle: DatabaseHandle, queue: JobQueue): () => void {
  const startedAt = new Date();
  const sweep = async ({ startUp }: { startUp: boolean }) => {
    for (const run of await closeInterruptedRuns(handle.db, queue)) console.warn(`[sparkcheck] sync run ${run.id} was interrupted (its process stopped); a new run replaces it`);
    // At start-up also the batches whose job was lost before any run took them (created, then the process died).
    for (const batchId of await resumeInterruptedBatches(handle.db, queue, startUp ? { neverStartedBefore: startedAt } : {})) {
      console.warn(`[sparkcheck] creator-code batch ${batchId} was interrupted; resuming it`);
    }
  };
  void sweep({ startUp: true }).catch(logFailure('the start-up sweep'));
  const timer = setInterval(() => void sweep({ startUp: false }).catch(logFailure('the sweep')), SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * What every process that works jobs also does: health of data synced before an upgrade,
 * recomputed once at start, and the sweep. Returns the queue with a stop that ends both.
 */
function startBackgroundWork(handle: DatabaseHandle, queue: JobQueue, stopQueue: () => Promise<void>): JobQueue {
  void recomputeAllOrgs(handle).catch(logFailure('the health recompute'));
  startPurgeWork(handle, queue.purgeOrganization);
  const stopSweeping = startSweeping(handle, queue);
  return {
    ...queue,
    stop: async () => {
      stopSweeping();
      await stopQueue();
    },
  };
}

/**
 * On Postgres, pg-boss: durable jobs shared by every process, several in flight per process, crons
 * for schedules, health and alerts. `work: false` only sends (web processes when workers run
 * separately with `npm run worker`).
 */
async function startPgBoss(handle: DatabaseHandle & { url: string }, work: Work | null): Promise<JobQueue> {
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: handle.url, schema: 'pgboss', max: 4 });
  boss.on('error', logFailure('pg-boss'));
  await boss.start();
  await boss.createQueue(SYNC_QUEUE, { name: SYNC_QUEUE, policy: 'standard', retryLimit: 0, expireInSeconds: SYNC_EXPIRE_SECONDS });
  await boss.createQueue(CODES_QUEUE, { name: CODES_QUEUE, policy: 'standard', retryLimit: 0, expireInSeconds: CODES_EXPIRE_SECONDS });
  await boss.createQueue(SCHEDULE_QUEUE, { name: SCHEDULE_QUEUE, policy: 'singleton', retryLimit: 0 });
  await boss.createQueue(ALERTS_QUEUE, { name: ALERTS_QUEUE, policy: 'singleton', retryLimit: 0 });
  await boss.createQueue(HEALTH_QUEUE, { name: HEALTH_QUEUE, policy: 'singleton', retryLimit: 0 });
  await boss.createQueue(PURGE_QUEUE, { name: PURGE_QUEUE, retryLimit: 5, retryBackoff: true });
  // `short`: at most one job waiting per singleton key (the delivery); the one running may queue the next.
  await boss.createQueue(ALERT_RETRY_QUEUE, { name: ALERT_RETRY_QUEUE, policy: 'short', retryLimit: 3, retryBackoff: true });
  const db = await boss.getDb();

  /** Job ids by run or batch id: those waiting for a worker (or started moments ago), or every open one. */
  async function jobsOf(queue: string, key: 'runId' | 'batchId', ids: string[], which: 'waiting' | 'open'): Promise<{ id: string; key: string }[]> {
    if (ids.length === 0) return [];
    const state =
      which === 'waiting' ? `(state in ('created', 'retry') or (state = 'active' and started_on > now() - interval '${HEARTBEAT_STALE_SECONDS} seconds'))` : `state in ('created', 'retry', 'active')`;
    const { rows } = await db.executeSql(`select id::text as id, data->>'${key}' as key from pgboss.job where name = $1 and data->>'${key}' = any($2::text[]) and ${state}`, [queue, ids]);
    return rows as { id: string; key: string }[];
  }
  async function release(queue: string, key: 'runId' | 'batchId', ids: string[]) {
    const jobs = await jobsOf(queue, key, ids, 'open');
    for (const job of jobs) await boss.fail(queue, job.id, { reason: 'its process stopped before it finished' });
  }

  const queue: JobQueue = {
    enqueue: async (job) => void (await boss.send(SYNC_QUEUE, job)),
    waiting: async (runIds) => new Set((await jobsOf(SYNC_QUEUE, 'runId', runIds, 'waiting')).map((j) => j.key)),
    release: (runIds) => release(SYNC_QUEUE, 'runId', runIds),
    enqueueCodeBatch: async (job) => void (await boss.send(CODES_QUEUE, job)),
    waitingBatches: async (batchIds) => new Set((await jobsOf(CODES_QUEUE, 'batchId', batchIds, 'waiting')).map((j) => j.key)),
    releaseBatches: (batchIds) => release(CODES_QUEUE, 'batchId', batchIds),
    purgeOrganization: async (orgId) => void (await boss.send(PURGE_QUEUE, { orgId }, { singletonKey: orgId })),
    scheduleAlertRetry: async ({ orgId, deliveryId, at }) => void (await boss.send(ALERT_RETRY_QUEUE, { orgId, deliveryId }, { singletonKey: deliveryId, startAfter: at })),
    stop: () => boss.stop({ graceful: true, wait: false }),
  };
  if (!work) return queue;

  // Several workers per queue: each polls and works one job at a time, independently of the others.
  for (let slot = 0; slot < SYNC_SLOTS; slot++) {
    await boss.work<SyncJob>(SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
      if (job) await executeSyncJob(handle, job.data, work.sync).catch(logFailure(`sync run ${job.data.runId}`));
    });
  }
  for (let slot = 0; slot < CODES_SLOTS; slot++) {
    await boss.work<CodeBatchJob>(CODES_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
      if (job) await workCodeBatch(handle, work.codes, job.data);
    });
  }
  await boss.schedule(SCHEDULE_QUEUE, '* * * * *');
  await boss.work(SCHEDULE_QUEUE, async () => enqueueDueSyncs(handle, queue));
  await boss.schedule(ALERTS_QUEUE, '* * * * *');
  await boss.work(ALERTS_QUEUE, async () => runAlerts(handle, queue).catch(logFailure('the alerts schedule')));
  // A failed attempt throws nothing (it is recorded on the delivery); a database error throws, so pg-boss retries the job.
  await boss.work<Omit<DeliveryRetry, 'at'>>(ALERT_RETRY_QUEUE, { batchSize: 1 }, async ([job]) => {
    if (job) await workAlertRetry(handle, queue, job.data);
  });
  await boss.schedule(HEALTH_QUEUE, HEALTH_CRON);
  await boss.work(HEALTH_QUEUE, async () => recomputeAllOrgs(handle).catch(logFailure('the scheduled health recompute')));
  // A failed purge throws, so pg-boss retries it.
  await boss.work<{ orgId: string }>(PURGE_QUEUE, { batchSize: 1 }, async ([job]) => {
    if (job) await purge(handle, job.data.orgId);
  });
  return startBackgroundWork(handle, queue, queue.stop);
}

/**
 * On the embedded PGlite (one process per data folder, see db/data-dir-lock), jobs run inside this
 * process: one chain per connection, so a connection never syncs twice at once while other
 * connections sync alongside, one per batch, and timers for the schedules.
 */
function startInProcess(handle: DatabaseHandle, work: Work): JobQueue {
  const chains = new Map<string, Promise<void>>();
  /** Runs and batches this process has queued and not finished: the only live ones on this database. */
  const pendingRuns = new Set<string>();
  const pendingBatches = new Set<string>();
  const purges = new Set<Promise<void>>();
  /** Alert retries waiting for their time: one per delivery, like pg-boss's `short` queue. */
  const retryTimers = new Map<string, NodeJS.Timeout>();
  function chain(key: string, work: () => Promise<void>) {
    const next = (chains.get(key) ?? Promise.resolve()).then(work);
    chains.set(key, next);
    void next.then(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
  }
  const queue: JobQueue = {
    enqueue: async (job) => {
      pendingRuns.add(job.runId);
      chain(`sync:${job.connectionId}`, () =>
        executeSyncJob(handle, job, work.sync).then(
          () => void pendingRuns.delete(job.runId),
          (error: unknown) => {
            pendingRuns.delete(job.runId);
            logFailure(`sync run ${job.runId}`)(error);
          },
        ),
      );
    },
    waiting: async (runIds) => new Set(runIds.filter((id) => pendingRuns.has(id))),
    // Nothing to release: a dead process took its jobs with it.
    release: async () => {},
    enqueueCodeBatch: async (job) => {
      pendingBatches.add(job.batchId);
      chain(`batch:${job.batchId}`, () => workCodeBatch(handle, work.codes, job).finally(() => pendingBatches.delete(job.batchId)));
    },
    waitingBatches: async (batchIds) => new Set(batchIds.filter((id) => pendingBatches.has(id))),
    releaseBatches: async () => {},
    purgeOrganization: async (orgId) => {
      const running = purge(handle, orgId).catch(logFailure(`the purge of deleted organization ${orgId}`));
      purges.add(running);
      void running.finally(() => purges.delete(running));
    },
    scheduleAlertRetry: async ({ orgId, deliveryId, at }) => {
      if (retryTimers.has(deliveryId)) return;
      const timer = setTimeout(
        () => {
          retryTimers.delete(deliveryId);
          chain(`alert:${deliveryId}`, () => workAlertRetry(handle, queue, { orgId, deliveryId }).catch(logFailure(`the retry of alert delivery ${deliveryId}`)));
        },
        Math.max(0, at.getTime() - Date.now()),
      );
      timer.unref();
      retryTimers.set(deliveryId, timer);
    },
    stop: async () => {},
  };
  const timer = setInterval(() => {
    void enqueueDueSyncs(handle, queue).catch(logFailure('the sync schedule'));
    void runAlerts(handle, queue).catch(logFailure('the alerts schedule'));
  }, SCHEDULE_TICK_MS);
  timer.unref();
  const healthTimer = setInterval(() => void recomputeAllOrgs(handle).catch(logFailure('the scheduled health recompute')), HEALTH_TICK_MS);
  healthTimer.unref();
  return startBackgroundWork(handle, queue, async () => {
    clearInterval(timer);
    clearInterval(healthTimer);
    for (const retry of retryTimers.values()) clearTimeout(retry);
    await Promise.all([...chains.values(), ...purges]);
  });
}

/**
 * Starts this process's queue. `app` is the TikTok app the entry point chose (lib/wiring); with
 * `work: false` this process only queues (web processes when `npm run worker` works the jobs).
 */
export async function startJobQueue(handle: DatabaseHandle, { work, app }: { work: boolean; app: TikTokApp }): Promise<JobQueue> {
  if (handle.driver === 'postgres' && handle.url) return startPgBoss({ ...handle, url: handle.url }, work ? workWith(app) : null);
  return startInProcess(handle, workWith(app));
}
