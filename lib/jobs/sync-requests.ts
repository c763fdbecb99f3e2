import 'server-only';
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { executeRows, type Database, type DatabaseHandle } from '@/db/client';
import { organizations, syncRuns, tiktokConnections, type SyncError } from '@/db/schema';
import { connectionAccessToken } from '@/lib/connections/connections';
import type { TikTokApp } from '@/lib/connections/tiktok-app';
import type { Keyring } from '@/lib/crypto/keyring';
import { ValidationError } from '@/lib/errors';
import { createSyncRun, runSync, type AfterSync, type SyncRun, type SyncTrigger } from '@/lib/sync';
import { STALE_BEFORE } from '@/lib/sync/heartbeat';

export type SyncJob = { orgId: string; connectionId: string; runId: string };

/** What asking for syncs, and closing the ones whose process died, need from the job queue. */
export type SyncJobs = {
  enqueue(job: SyncJob): Promise<void>;
  /** Of these runs, those whose job still waits for a worker (or was taken by one moments ago). */
  waiting(runIds: string[]): Promise<Set<string>>;
  /** Ends the jobs of runs closed as interrupted, so that their connections sync again at once. */
  release(runIds: string[]): Promise<void>;
};

const OPEN = ['queued', 'running'] as const;
/** A connection whose last runs were all interrupted is not restarted again by itself (a sync that kills its worker). */
const MAX_INTERRUPTIONS_IN_A_ROW = 3;
const INTERRUPTED: SyncError = {
  scope: 'run',
  code: null,
  message: 'Interrupted: the process working on this sync stopped (a crash or a restart) before it finished; a new sync was started in its place.',
};

function closeRun(message: string, now: Date) {
  const error: SyncError = { scope: 'run', code: null, message };
  return { status: 'failed' as const, finishedAt: now, errors: sql`${syncRuns.errors} || ${JSON.stringify([error])}::jsonb` };
}

/** Running, but not heard from for a minute; or queued for a minute with no job waiting for it. */
const silent = or(
  and(eq(syncRuns.status, 'running'), lt(sql`coalesce(${syncRuns.heartbeatAt}, ${syncRuns.startedAt}, ${syncRuns.createdAt})`, STALE_BEFORE)),
  and(eq(syncRuns.status, 'queued'), lt(syncRuns.createdAt, STALE_BEFORE)),
);

/**
 * Closes as `interrupted` the runs whose process died — running with a heartbeat older than a
 * minute, or queued for a minute with no job left to start them — ends their jobs, and starts a new
 * run of each such connection, so a crash delays a sync instead of losing it. Called by whoever
 * looks next ("Sync now", the progress poll) and by every worker's sweep. Returns the closed runs.
 */
export async function closeInterruptedRuns(db: Database, jobs: SyncJobs, { orgId }: { orgId?: string } = {}): Promise<SyncRun[]> {
  const scope = orgId === undefined ? undefined : eq(syncRuns.orgId, orgId);
  const candidates = await db.select({ id: syncRuns.id, status: syncRuns.status }).from(syncRuns).where(and(scope, silent));
  if (candidates.length === 0) return [];
  const waiting = await jobs.waiting(candidates.filter((r) => r.status === 'queued').map((r) => r.id));
  const dead = candidates.filter((r) => !waiting.has(r.id)).map((r) => r.id);
  if (dead.length === 0) return [];
  // The same condition again: a run that beat in the meantime is alive after all.
  const closed = await db
    .update(syncRuns)
    .set({ status: 'interrupted', finishedAt: sql`now()`, errors: sql`${syncRuns.errors} || ${JSON.stringify([INTERRUPTED])}::jsonb` })
    .where(and(scope, inArray(syncRuns.id, dead), silent))
    .returning();
  if (closed.length === 0) return [];
  await jobs.release(closed.map((r) => r.id));
  for (const run of closed) {
    const recent = await db
      .select({ status: syncRuns.status })
      .from(syncRuns)
      .where(and(eq(syncRuns.orgId, run.orgId), eq(syncRuns.connectionId, run.connectionId)))
      .orderBy(desc(syncRuns.createdAt))
      .limit(MAX_INTERRUPTIONS_IN_A_ROW);
    if (recent.length === MAX_INTERRUPTIONS_IN_A_ROW && recent.every((r) => r.status === 'interrupted')) continue;
    await openRun(db, jobs, { orgId: run.orgId, connectionId: run.connectionId, trigger: run.trigger, requestedBy: run.requestedBy });
  }
  return closed;
}

/** The connection's open run, or a new queued one with its job; null when the connection is not active. */
async function openRun(
  db: Database,
  jobs: SyncJobs,
  { orgId, connectionId, trigger, requestedBy }: { orgId: string; connectionId: string; trigger: SyncTrigger; requestedBy: string | null },
): Promise<SyncRun | null> {
  const found = await db.transaction(async (tx) => {
    // One open run per connection: concurrent requests for it wait on this row lock, then find the run.
    const [connection] = await tx
      .select({ id: tiktokConnections.id })
      .from(tiktokConnections)
      .where(and(eq(tiktokConnections.orgId, orgId), eq(tiktokConnections.id, connectionId), eq(tiktokConnections.status, 'active')))
      .for('update');
    if (!connection) return null;
    const [open] = await tx
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.connectionId, connectionId), inArray(syncRuns.status, OPEN)))
      .orderBy(desc(syncRuns.createdAt))
      .limit(1);
    if (open) return { run: open, created: false };
    return { run: await createSyncRun(tx, { orgId, connectionId, trigger, requestedBy }), created: true };
  });
  // Enqueued after the commit; if this process dies in between, the sweep finds the run without a job.
  if (found?.created) await jobs.enqueue({ orgId, connectionId, runId: found.run.id });
  return found?.run ?? null;
}

/**
 * Starts a sync of every active connection of the organization and returns the runs. A connection
 * that already has a queued or running run keeps it (a double click is one sync, not two); a run
 * whose process died is closed first, so a dead run is never handed back.
 */
export async function requestOrgSync(db: Database, jobs: SyncJobs, { orgId, trigger, requestedBy = null }: { orgId: string; trigger: SyncTrigger; requestedBy?: string | null }): Promise<SyncRun[]> {
  const connections = await db
    .select({ id: tiktokConnections.id })
    .from(tiktokConnections)
    .where(and(eq(tiktokConnections.orgId, orgId), eq(tiktokConnections.status, 'active')));
  if (connections.length === 0) throw new ValidationError('Connect TikTok first: this organization has no active connection to sync');

  await closeInterruptedRuns(db, jobs, { orgId });
  const runs: SyncRun[] = [];
  for (const { id: connectionId } of connections) {
    const run = await openRun(db, jobs, { orgId, connectionId, trigger, requestedBy });
    if (run) runs.push(run);
  }
  return runs;
}

/** What a worker needs to run a sync job: the TikTok app, the token keys, and the after-sync steps. */
export type SyncWork = { app: TikTokApp; keyring: Keyring; afterSync: readonly AfterSync[] };

/** Where a job reads and writes: the database as one organization sees it (row-level security on Postgres). */
export type ScopedDatabases = Pick<DatabaseHandle, 'forOrganization'>;

/**
 * The worker's side: open the connection's token and take the snapshot into the recorded run. Runs
 * as the job's organization (`forOrganization`): on Postgres every statement of the sync, and of
 * its after-sync steps, goes through row-level security, so it can neither read nor write another
 * organization's rows.
 */
export async function executeSyncJob(databases: ScopedDatabases, job: SyncJob, { app, keyring, afterSync }: SyncWork): Promise<SyncRun> {
  const db = databases.forOrganization(job.orgId);
  try {
    const accessToken = await connectionAccessToken(db, keyring, job);
    return await runSync(db, { ...job, tiktok: { baseUrl: app.target.baseUrl, accessToken, limiter: app.limiter }, afterSync });
  } catch (error) {
    // runSync records its own failures; this covers what happens before it starts (token, connection).
    await db
      .update(syncRuns)
      .set(closeRun(error instanceof Error ? error.message : String(error), new Date()))
      .where(and(eq(syncRuns.orgId, job.orgId), eq(syncRuns.id, job.runId), inArray(syncRuns.status, OPEN)));
    throw error;
  }
}

/** Organizations whose schedule is due: an active connection, and no sync started within their interval. */
export async function listOrgsDueForSync(db: Database, now = new Date()): Promise<string[]> {
  const rows = await executeRows<{ id: string }>(
    db,
    sql`
    select o.id from ${organizations} o
    where o.sync_interval_minutes > 0
      and exists (select 1 from ${tiktokConnections} c where c.org_id = o.id and c.status = 'active')
      and not exists (
        select 1 from ${syncRuns} r
        where r.org_id = o.id and r.created_at > ${now.toISOString()}::timestamptz - make_interval(mins => o.sync_interval_minutes)
      )`,
  );
  return rows.map((r) => r.id);
}
