import type { Database, DatabaseHandle } from '@/db/client';
import { connectionAccessToken, listConnections, type ConnectionView } from '@/lib/connections/connections';
import { getKeyring } from '@/lib/connections/tiktok-app';
import { ConflictError, NotFoundError } from '@/lib/errors';
import { healthAfterSync } from '@/lib/health/refresh';
import { createSyncRun, getSyncRun, requestPermissionRefresh, runSync, type SyncProgress, type SyncRun } from '@/lib/sync';
import { busiestEndpoints } from '@/lib/tiktok';
import { findOrganizationBySlug, type OrganizationRef } from '@/lib/tenancy/operator';
import { getTikTokApp } from '@/lib/wiring/tiktok';

export type ConnectionSync = { connection: ConnectionView; run: SyncRun };

export type SyncListener = {
  /** The run is recorded (queued) and starts right after. */
  onRunCreated: (run: SyncRun, connection: ConnectionView) => void;
  onProgress: (progress: SyncProgress, connection: ConnectionView) => void;
};

async function chooseConnections(db: Database, org: OrganizationRef, connectionId: string | undefined): Promise<ConnectionView[]> {
  const all = await listConnections(db, { orgId: org.id });
  if (connectionId !== undefined) {
    const chosen = all.find((c) => c.id === connectionId);
    if (!chosen) throw new NotFoundError(`Organization "${org.slug}" has no TikTok connection ${connectionId}`);
    if (chosen.status !== 'active') {
      throw new ConflictError(`Connection "${chosen.label}" is ${chosen.status.replace('_', ' ')}${chosen.statusReason ? ` (${chosen.statusReason})` : ''}: reconnect it to sync`);
    }
    return [chosen];
  }
  const active = all.filter((c) => c.status === 'active');
  if (active.length > 0) return active;
  throw new ConflictError(
    all.length === 0
      ? `Organization "${org.slug}" has no TikTok connection: add one with \`connect --org ${org.slug} --access-token …\``
      : `None of the TikTok connections of "${org.slug}" is active: reconnect one to sync`,
  );
}

/**
 * `sync`: this process is the worker. Each chosen active connection is synced in turn through the
 * app's shared rate limiter; its run is recorded first so that its id is known before the work starts.
 * Like a worker, it recomputes the connection's ad health after each sync, and like a worker it
 * runs as the organization (`forOrganization`): only finding the organization by its slug reads
 * across organizations.
 */
export async function syncOrganization(
  databases: Pick<DatabaseHandle, 'db' | 'forOrganization'>,
  { orgSlug, connectionId, refreshPermissions = false }: { orgSlug: string; connectionId?: string; refreshPermissions?: boolean },
  listener: SyncListener,
): Promise<{ org: OrganizationRef; syncs: ConnectionSync[] }> {
  const org = await findOrganizationBySlug(databases.db, orgSlug);
  const db = databases.forOrganization(org.id);
  const connections = await chooseConnections(db, org, connectionId);
  for (const connection of refreshPermissions ? connections : []) await requestPermissionRefresh(db, { orgId: org.id, connectionId: connection.id });
  // The shared limiter's tables hold no organization's rows.
  const app = getTikTokApp(databases.db);
  const keyring = getKeyring();
  const afterSync = [healthAfterSync(app, keyring)];
  const syncs: ConnectionSync[] = [];
  for (const connection of connections) {
    const ids = { orgId: org.id, connectionId: connection.id };
    const accessToken = await connectionAccessToken(db, keyring, ids);
    const queued = await createSyncRun(db, { ...ids, trigger: 'cli' });
    listener.onRunCreated(queued, connection);
    let run: SyncRun;
    try {
      run = await runSync(db, {
        ...ids,
        runId: queued.id,
        tiktok: { baseUrl: app.target.baseUrl, accessToken, limiter: app.limiter },
        onProgress: (progress) => listener.onProgress(progress, connection),
        afterSync,
      });
    } catch (error) {
      // runSync records an internal error on the run as a failure before rethrowing it: report that
      // run like any other failed one and go on with the next connection.
      const failed = await getSyncRun(db, { orgId: org.id, runId: queued.id });
      if (failed?.status !== 'failed') throw error;
      run = failed;
    }
    syncs.push({ connection, run });
  }
  return { org, syncs };
}

export function syncSucceeded(syncs: ConnectionSync[]): boolean {
  return syncs.every(({ run }) => run.status === 'succeeded');
}

function totals(run: SyncRun) {
  const sum = { inserted: 0, updated: 0, removed: 0 };
  for (const c of Object.values(run.counters)) {
    sum.inserted += c.inserted;
    sum.updated += c.updated;
    sum.removed += c.removed;
  }
  return sum;
}

/** One run as `--json` prints it. */
export function syncJson({ connection, run }: ConnectionSync) {
  return {
    runId: run.id,
    connectionId: connection.id,
    label: connection.label,
    status: run.status,
    apiCalls: run.apiCalls,
    apiCallsByEndpoint: run.apiCallsByEndpoint,
    readPermissions: run.readPermissions,
    totals: totals(run),
    tables: run.counters,
    errors: run.errors,
  };
}

/** `ad/get/ 3, bc/get/ 1`, busiest first. */
function describeCalls(byEndpoint: Record<string, number>): string {
  const entries = busiestEndpoints(byEndpoint);
  return entries.length === 0 ? 'none' : entries.map(([path, n]) => `${path} ${n}`).join(', ');
}

const STATUS_WORDS: Record<SyncRun['status'], string> = {
  queued: 'did not start',
  running: 'did not finish',
  succeeded: 'succeeded',
  partial: 'partial, some Business Centers or ad accounts could not be read',
  failed: 'failed',
  interrupted: 'interrupted (the process working on it stopped); a new sync was started',
};

/** One run as people read it: the outcome, a table of what changed per synced table, and every error. */
export function describeSync({ connection, run }: ConnectionSync): string {
  const seconds = run.startedAt && run.finishedAt ? `${((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000).toFixed(1)} s, ` : '';
  const sum = totals(run);
  const lines = [
    `${connection.label} (run ${run.id}): ${STATUS_WORDS[run.status]}`,
    `  ${seconds}${run.apiCalls} TikTok API calls; ${sum.inserted} inserted, ${sum.updated} updated, ${sum.removed} removed`,
    `  ${run.readPermissions ? 'read BC members and permissions' : 'kept the stored BC members and permissions (not due)'}; calls per endpoint: ${describeCalls(run.apiCallsByEndpoint)}`,
  ];
  const tables = Object.entries(run.counters).toSorted(([a], [b]) => a.localeCompare(b));
  if (tables.length > 0) {
    const width = Math.max(5, ...tables.map(([name]) => name.length));
    const row = (cells: (string | number)[]) =>
      `  ${String(cells[0]).padEnd(width)}${cells
        .slice(1)
        .map((c) => String(c).padStart(10))
        .join('')}`;
    lines.push(row(['table', 'fetched', 'inserted', 'updated', 'removed']));
    for (const [name, c] of tables) lines.push(row([name, c.fetched, c.inserted, c.updated, c.removed]));
  }
  for (const error of run.errors) lines.push(`  ! ${error.message}`);
  return lines.join('\n');
}
