import 'server-only';
import type { DatabaseHandle } from '@/db/client';
import { alertEnvironment } from '@/lib/alerts/environment';
import { runAlertsTick } from '@/lib/alerts/run';
import { getKeyring, type TikTokApp } from '@/lib/connections/tiktok-app';
import { healthAfterSync, recomputeAllOrgs } from '@/lib/health/refresh';
import { listDeletedOrganizations, purgeDeletedOrganization } from '@/lib/tenancy/org-deletion';
import { executeSyncJob, listOrgsDueForSync, requestOrgSync, type SyncJob, type SyncWork } from './sync-requests';

export type JobQueue = {
  /** Queues one connection's sync; the same connection never syncs twice at once. */
  enqueue(job: SyncJob): Promise<void>;
  /** Queues the removal of a deleted organization's data (lib/tenancy/org-deletion). */
  purgeOrganization(orgId: string): Promise<void>;
  stop(): Promise<void>;
};

const SYNC_QUEUE = 'sync-connection';
const SCHEDULE_QUEUE = 'sync-schedule';
const SCHEDULE_TICK_MS = 60_000;
const HEALTH_QUEUE = 'health-recompute';
/** Health is recomputed hourly as well as after each sync: an authorization expires without any sync. */
const HEALTH_CRON = '17 * * * *';
const HEALTH_TICK_MS = 60 * 60_000;
/** Alerts: immediate blocking alerts, the daily digest when due, and retries, every minute. */
const ALERTS_QUEUE = 'alerts-tick';
/** Removing a deleted organization's data: one job per organization, retried if it fails. */
const PURGE_QUEUE = 'org-purge';

function logFailure(what: string) {
  return (error: unknown) => console.error(`[sparkcheck] ${what} failed:`, error instanceof Error ? error.message : error);
}

async function runAlerts(handle: DatabaseHandle) {
  for (const failure of await runAlertsTick(handle.db, alertEnvironment())) console.error(`[sparkcheck] alerts failed for ${failure}`);
}

/**
 * How this process works sync jobs: through the entry point's TikTok app, and with health (and
 * preview checks) recomputed after each sync that stored data.
 */
function syncWork(app: TikTokApp): SyncWork {
  const keyring = getKeyring();
  return { app, keyring, afterSync: [healthAfterSync(app, keyring)] };
}

/** Health of data synced before an upgrade: a working process recomputes it once at start. */
function startHealthWork(handle: DatabaseHandle) {
  void recomputeAllOrgs(handle.db).catch(logFailure('the health recompute'));
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

async function enqueueDueSyncs(handle: DatabaseHandle, enqueue: JobQueue['enqueue']) {
  for (const orgId of await listOrgsDueForSync(handle.db)) {
    await requestOrgSync(handle.db, enqueue, { orgId, trigger: 'schedule' }).catch(logFailure(`scheduled sync of ${orgId}`));
  }
}

/**
 * On Postgres, pg-boss: durable jobs shared by every process, a `stately` queue keyed by connection
 * (one queued + one active per connection), a cron that starts due schedules. `work: false` only
 * sends (web processes when workers run separately with `npm run worker`).
 */
async function startPgBoss(handle: DatabaseHandle & { url: string }, work: SyncWork | null): Promise<JobQueue> {
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: handle.url, schema: 'pgboss', max: 4 });
  boss.on('error', logFailure('pg-boss'));
  await boss.start();
  await boss.createQueue(SYNC_QUEUE, { name: SYNC_QUEUE, policy: 'stately', retryLimit: 0, expireInSeconds: 60 * 60 });
  await boss.createQueue(SCHEDULE_QUEUE, { name: SCHEDULE_QUEUE, policy: 'singleton', retryLimit: 0 });
  await boss.createQueue(ALERTS_QUEUE, { name: ALERTS_QUEUE, policy: 'singleton', retryLimit: 0 });
  await boss.createQueue(HEALTH_QUEUE, { name: HEALTH_QUEUE, policy: 'singleton', retryLimit: 0 });
  await boss.createQueue(PURGE_QUEUE, { name: PURGE_QUEUE, retryLimit: 5, retryBackoff: true });
  const enqueue = async (job: SyncJob) => {
    await boss.send(SYNC_QUEUE, job, { singletonKey: job.connectionId });
  };
  const purgeOrganization = async (orgId: string) => {
    await boss.send(PURGE_QUEUE, { orgId }, { singletonKey: orgId });
  };
  if (work) {
    await boss.work<SyncJob>(SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
      if (job) await executeSyncJob(handle.db, job.data, work).catch(logFailure(`sync run ${job.data.runId}`));
    });
    await boss.schedule(SCHEDULE_QUEUE, '* * * * *');
    await boss.work(SCHEDULE_QUEUE, async () => enqueueDueSyncs(handle, enqueue));
    await boss.schedule(ALERTS_QUEUE, '* * * * *');
    await boss.work(ALERTS_QUEUE, async () => runAlerts(handle).catch(logFailure('the alerts schedule')));
    await boss.schedule(HEALTH_QUEUE, HEALTH_CRON);
    await boss.work(HEALTH_QUEUE, async () => recomputeAllOrgs(handle.db).catch(logFailure('the scheduled health recompute')));
    // A failed purge throws, so pg-boss retries it.
    await boss.work<{ orgId: string }>(PURGE_QUEUE, { batchSize: 1 }, async ([job]) => {
      if (job) await purge(handle, job.data.orgId);
    });
    startHealthWork(handle);
    startPurgeWork(handle, purgeOrganization);
  }
  return { enqueue, purgeOrganization, stop: () => boss.stop({ graceful: true, wait: false }) };
}

/**
 * On the embedded PGlite (one process by nature), jobs run inside this process: one chain per
 * connection, so a connection never syncs twice at once, and timers for the schedules.
 */
function startInProcess(handle: DatabaseHandle, work: SyncWork): JobQueue {
  const chains = new Map<string, Promise<void>>();
  const enqueue = async (job: SyncJob) => {
    const previous = chains.get(job.connectionId) ?? Promise.resolve();
    const next = previous.then(() => executeSyncJob(handle.db, job, work).then(() => undefined, logFailure(`sync run ${job.runId}`)));
    chains.set(job.connectionId, next);
  };
  const purges = new Set<Promise<void>>();
  const purgeOrganization = async (orgId: string) => {
    const running = purge(handle, orgId).catch(logFailure(`the purge of deleted organization ${orgId}`));
    purges.add(running);
    void running.finally(() => purges.delete(running));
  };
  const timer = setInterval(() => {
    void enqueueDueSyncs(handle, enqueue).catch(logFailure('the sync schedule'));
    void runAlerts(handle).catch(logFailure('the alerts schedule'));
  }, SCHEDULE_TICK_MS);
  timer.unref();
  const healthTimer = setInterval(() => void recomputeAllOrgs(handle.db).catch(logFailure('the scheduled health recompute')), HEALTH_TICK_MS);
  healthTimer.unref();
  startHealthWork(handle);
  startPurgeWork(handle, purgeOrganization);
  return {
    enqueue,
    purgeOrganization,
    stop: async () => {
      clearInterval(timer);
      clearInterval(healthTimer);
      await Promise.all([...chains.values(), ...purges]);
    },
  };
}

/**
 * Starts this process's queue. `app` is the TikTok app the entry point chose (lib/wiring); with
 * `work: false` this process only queues (web processes when `npm run worker` works the jobs).
 */
export async function startJobQueue(handle: DatabaseHandle, { work, app }: { work: boolean; app: TikTokApp }): Promise<JobQueue> {
  if (handle.driver === 'postgres' && handle.url) return startPgBoss({ ...handle, url: handle.url }, work ? syncWork(app) : null);
  return startInProcess(handle, syncWork(app));
}
