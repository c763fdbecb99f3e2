import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '@/db/client';
import { adHealth, auditLog, organizations, tiktokConnections, ttAds } from '@/db/schema';
import { connectionAccessToken } from '@/lib/connections/connections';
import { generateKey, parseKeyring } from '@/lib/crypto/keyring';
import { healthAfterSync, recomputeAllOrgs } from '@/lib/health/refresh';
import { recomputeOrgHealth } from '@/lib/health/recompute';
import { runSync, type SyncRun } from '@/lib/sync';
import type { AfterSync } from '@/lib/sync/after-sync';
import { snapshotRows } from '@/lib/sync/test-support';
import { connectedOrg } from '@/tests/connected-org';
import { openIsolatedPostgres, testDatabases } from '@/tests/databases';
import { startSandboxApp } from '@/tests/sandbox-app';
import { executeSyncJob, requestOrgSync, type SyncJob, type SyncJobs } from './sync-requests';

// Background work of one organization runs as that organization: on Postgres every statement of a
// sync job (and of its health recompute and preview checks) and of the hourly recompute goes
// through row-level security as `sparkcheck_app`. Shown here against the same work done as the
// login role (which bypasses row-level security): the tables come out the same, and a statement
// without an organization filter inside the job sees, and may change, only the job's organization.

const keyring = parseKeyring(generateKey());
const { app } = await startSandboxApp();
const hasPostgres = (await testDatabases()).some((d) => d.name === 'postgres');

function recordingJobs() {
  const queued: SyncJob[] = [];
  const jobs: SyncJobs = { enqueue: async (job) => void queued.push(job), waiting: async () => new Set(), release: async () => {} };
  return { jobs, queued };
}

/** An organization's ad health without the columns naming the organization, the connection or the moment of the run. */
async function healthRows(db: Database, orgId: string) {
  const rows = await db.select().from(adHealth).where(eq(adHealth.orgId, orgId)).orderBy(asc(adHealth.adId));
  const moment = new Set(['orgId', 'connectionId', 'evaluatedAt', 'blockingSince', 'findings']);
  return rows.map((row) => ({
    ...Object.fromEntries(Object.entries(row).filter(([key]) => !moment.has(key))),
    blocking: row.blockingSince !== null,
    findings: JSON.parse(JSON.stringify(row.findings).replace(/"checkedAt":"[^"]*"/g, '"checkedAt":"(when checked)"')) as unknown,
  }));
}

describe.skipIf(!hasPostgres)('jobs under row-level security (Postgres)', { timeout: 240_000 }, () => {
  let handle: DatabaseHandle & { url: string };
  beforeAll(async () => {
    handle = await openIsolatedPostgres();
  });
  afterAll(async () => handle?.close());

  it('a sync job runs as its organization, fills the same tables as a sync on the login role, and cannot see or touch another organization', async () => {
    // The other organization, synced the old way: the login role, row-level security bypassed.
    const other = await connectedOrg(handle.db, { app, keyring });
    const accessToken = await connectionAccessToken(handle.db, keyring, other);
    const plain = await runSync(handle.db, { ...other, tiktok: { baseUrl: app.target.baseUrl, accessToken, limiter: app.limiter }, afterSync: [healthAfterSync(app, keyring)] });
    expect(plain.status).toBe('succeeded');

    // Inside the job: what its database lets through when a statement forgets the organization.
    const seen: Record<string, unknown> = {};
    const probe: AfterSync = async (db, run) => {
      seen.role = (await db.execute(sql`select current_user as role`)) as unknown;
      seen.adOrgs = (await db.selectDistinct({ orgId: ttAds.orgId }).from(ttAds)).map((r) => r.orgId);
      seen.connectionOrgs = (await db.select({ orgId: tiktokConnections.orgId }).from(tiktokConnections)).map((r) => r.orgId);
      seen.organizations = (await db.select({ id: organizations.id }).from(organizations)).map((r) => r.id);
      seen.renamedElsewhere = (await db.update(ttAds).set({ name: 'changed by another organization' }).where(eq(ttAds.orgId, other.orgId)).returning()).length;
      seen.writeElsewhere = await db
        .insert(auditLog)
        .values({ orgId: other.orgId, actorId: null, action: 'probe', target: run.runId })
        .then(
          () => 'written',
          (error: unknown) => (error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)),
        );
    };

    const mine = await connectedOrg(handle.db, { app, keyring });
    const { jobs, queued } = recordingJobs();
    await requestOrgSync(handle.forOrganization(mine.orgId), jobs, { orgId: mine.orgId, trigger: 'manual' });
    const run: SyncRun = await executeSyncJob(handle, queued[0]!, { app, keyring, afterSync: [healthAfterSync(app, keyring), probe] });
    expect(run.status).toBe('succeeded');

    expect(JSON.stringify(seen.role)).toContain('sparkcheck_app');
    expect(seen.adOrgs).toEqual([mine.orgId]);
    expect(seen.connectionOrgs).toEqual([mine.orgId]);
    expect(seen.organizations).toEqual([mine.orgId]);
    expect(seen.renamedElsewhere).toBe(0);
    expect(seen.writeElsewhere).toMatch(/row-level security/);

    // Same synced tables and the same ad health (recomputed, previews checked) as the login role's sync.
    expect(await snapshotRows(handle.db, mine)).toEqual(await snapshotRows(handle.db, other));
    const health = await healthRows(handle.db, mine.orgId);
    expect(health.length).toBeGreaterThan(0);
    expect(health).toEqual(await healthRows(handle.db, other.orgId));
    expect((await handle.db.select().from(ttAds).where(eq(ttAds.name, 'changed by another organization'))).length).toBe(0);

    // The hourly recompute, each organization as itself, leaves the same health as a recompute on the login role.
    const now = new Date(Date.now() + 86_400_000);
    await recomputeOrgHealth(handle.db, { orgId: other.orgId, now });
    const expected = await healthRows(handle.db, other.orgId);
    expect(await recomputeAllOrgs(handle, now)).toBeGreaterThanOrEqual(2);
    expect(await healthRows(handle.db, mine.orgId)).toEqual(expected);
  });
});
