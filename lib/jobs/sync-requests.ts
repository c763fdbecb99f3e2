import 'server-only';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { executeRows, type Database } from '@/db/client';
import { organizations, syncRuns, tiktokConnections, type SyncError } from '@/db/schema';
import { connectionAccessToken } from '@/lib/connections/connections';
import type { TikTokApp } from '@/lib/connections/tiktok-app';
import type { Keyring } from '@/lib/crypto/keyring';
import { ValidationError } from '@/lib/errors';
import { createSyncRun, runSync, type AfterSync, type SyncRun, type SyncTrigger } from '@/lib/sync';

export type SyncJob = { orgId: string; connectionId: string; runId: string };

/** A queued or running run older than this belongs to a worker that died; it is closed as interrupted. */
export const STALE_RUN_MS = 30 * 60 * 1000;

function closeRun(message: string, now: Date) {
  const error: SyncError = { scope: 'run', code: null, message };
  return { status: 'failed' as const, finishedAt: now, errors: sql`${syncRuns.errors} || ${JSON.stringify([error])}::jsonb` };
}

/**
 * Starts a sync of every active connection of the organization and returns the runs. A connection
 * that already has a queued or running run keeps it (a double click is one sync, not two).
 */
export async function requestOrgSync(
  db: Database,
  enqueue: (job: SyncJob) => Promise<void>,
  { orgId, trigger, requestedBy = null, now = new Date() }: { orgId: string; trigger: SyncTrigger; requestedBy?: string | null; now?: Date },
): Promise<SyncRun[]> {
  const connections = await db
    .select({ id: tiktokConnections.id })
    .from(tiktokConnections)
    .where(and(eq(tiktokConnections.orgId, orgId), eq(tiktokConnections.status, 'active')));
  if (connections.length === 0) throw new ValidationError('Connect TikTok first: this organization has no active connection to sync');

  await db
    .update(syncRuns)
    .set(closeRun('Interrupted: the worker stopped before the sync finished', now))
    .where(and(eq(syncRuns.orgId, orgId), inArray(syncRuns.status, ['queued', 'running']), lt(syncRuns.createdAt, new Date(now.getTime() - STALE_RUN_MS))));

  const runs: SyncRun[] = [];
  for (const { id: connectionId } of connections) {
    const [open] = await db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.connectionId, connectionId), inArray(syncRuns.status, ['queued', 'running'])))
      .orderBy(desc(syncRuns.createdAt))
      .limit(1);
    if (open) {
      runs.push(open);
      continue;
    }
    const run = await createSyncRun(db, { orgId, connectionId, trigger, requestedBy });
    await enqueue({ orgId, connectionId, runId: run.id });
    runs.push(run);
  }
  return runs;
}

/** What a worker needs to run a sync job: the TikTok app, the token keys, and the after-sync steps. */
export type SyncWork = { app: TikTokApp; keyring: Keyring; afterSync: readonly AfterSync[] };

/** The worker's side: open the connection's token and take the snapshot into the recorded run. */
export async function executeSyncJob(db: Database, job: SyncJob, { app, keyring, afterSync }: SyncWork): Promise<SyncRun> {
  try {
    const accessToken = await connectionAccessToken(db, keyring, job);
    return await runSync(db, { ...job, tiktok: { baseUrl: app.target.baseUrl, accessToken, limiter: app.limiter }, afterSync });
  } catch (error) {
    // runSync records its own failures; this covers what happens before it starts (token, connection).
    await db
      .update(syncRuns)
      .set(closeRun(error instanceof Error ? error.message : String(error), new Date()))
      .where(and(eq(syncRuns.orgId, job.orgId), eq(syncRuns.id, job.runId), inArray(syncRuns.status, ['queued', 'running'])));
    throw error;
  }
}

/** Organizations whose schedule is due: an active connection, and no sync started within their interval. */
export async function listOrgsDueForSync(db: Database, now = new Date()): Promise<string[]> {
  const rows = await executeRows<{ id: string }>(db, sql`
    select o.id from ${organizations} o
    where o.sync_interval_minutes > 0
      and exists (select 1 from ${tiktokConnections} c where c.org_id = o.id and c.status = 'active')
      and not exists (
        select 1 from ${syncRuns} r
        where r.org_id = o.id and r.created_at > ${now.toISOString()}::timestamptz - make_interval(mins => o.sync_interval_minutes)
      )`);
  return rows.map((r) => r.id);
}
