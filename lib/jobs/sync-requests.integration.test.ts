import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { organizations, syncRuns } from '@/db/schema';
import { registerUser } from '@/lib/tenancy/sign-up';
import { generateKey, parseKeyring } from '@/lib/crypto/keyring';
import { countSyncedRows, getSyncRun } from '@/lib/sync';
import { connectedOrg as connectOrg } from '@/tests/connected-org';
import { testDatabases } from '@/tests/databases';
import { startSandboxApp } from '@/tests/sandbox-app';
import { closeInterruptedRuns, executeSyncJob, listOrgsDueForSync, requestOrgSync, type SyncJob, type SyncJobs } from './sync-requests';

/** A queue that records what it is asked; `waiting` lists the runs whose job still waits. */
function recordingJobs(waiting: string[] = []) {
  const queued: SyncJob[] = [];
  const released: string[] = [];
  const jobs: SyncJobs = {
    enqueue: async (job) => void queued.push(job),
    waiting: async (runIds) => new Set(runIds.filter((id) => waiting.includes(id))),
    release: async (runIds) => void released.push(...runIds),
  };
  return { jobs, queued, released };
}

const keyring = parseKeyring(generateKey());
const { app } = await startSandboxApp();

for (const target of await testDatabases()) {
  describe(`sync requests and jobs on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    let n = 0;
    async function connectedOrg() {
      n += 1;
      return connectOrg(handle.db, { app, keyring });
    }

    it('queues one run per connection, returns the open run on a second request, and the job fills the tables', async () => {
      const { orgId, userId } = await connectedOrg();
      const { jobs, queued } = recordingJobs();
      const [first] = await requestOrgSync(handle.db, jobs, { orgId, trigger: 'manual', requestedBy: userId });
      const [second] = await requestOrgSync(handle.db, jobs, { orgId, trigger: 'manual', requestedBy: userId });
      expect(second!.id).toBe(first!.id);
      expect(queued).toHaveLength(1);

      const run = await executeSyncJob(handle, queued[0]!, { app, keyring, afterSync: [] });
      expect(run.status).toBe('succeeded');
      expect((await countSyncedRows(handle.db, { orgId })).tt_ads).toBeGreaterThan(0);
      // Finished: the next request is a new run.
      const [third] = await requestOrgSync(handle.db, jobs, { orgId, trigger: 'manual' });
      expect(third!.id).not.toBe(first!.id);
      expect(queued).toHaveLength(2);
    });

    /** What a worker that died mid-sync leaves behind: a running run whose heartbeat stopped `seconds` ago. */
    async function dieWhileRunning(orgId: string, runId: string, seconds: number) {
      await handle.db
        .update(syncRuns)
        .set({ status: 'running', startedAt: sql`now() - make_interval(secs => ${seconds + 5})`, heartbeatAt: sql`now() - make_interval(secs => ${seconds})` })
        .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId)));
    }

    it('closes a run whose heartbeat stopped as interrupted, releases its job and hands back a new run, never the dead one', async () => {
      const { orgId } = await connectedOrg();
      const { jobs, queued, released } = recordingJobs();
      const [stuck] = await requestOrgSync(handle.db, jobs, { orgId, trigger: 'manual' });
      // Alive: heard from 20 s ago, so "Sync now" hands back the same run.
      await dieWhileRunning(orgId, stuck!.id, 20);
      expect((await requestOrgSync(handle.db, jobs, { orgId, trigger: 'manual' }))[0]!.id).toBe(stuck!.id);

      await dieWhileRunning(orgId, stuck!.id, 90);
      const [fresh] = await requestOrgSync(handle.db, jobs, { orgId, trigger: 'manual' });
      expect(fresh!.id).not.toBe(stuck!.id);
      expect(fresh).toMatchObject({ status: 'queued', trigger: 'manual' });
      expect(await getSyncRun(handle.db, { orgId, runId: stuck!.id })).toMatchObject({
        status: 'interrupted',
        finishedAt: expect.any(Date),
        errors: [expect.objectContaining({ message: expect.stringMatching(/^Interrupted: the process working on this sync stopped/) })],
      });
      expect(released).toEqual([stuck!.id]);
      expect(queued.map((j) => j.runId)).toEqual([stuck!.id, fresh!.id]);
      // The new run syncs normally.
      expect((await executeSyncJob(handle, queued[1]!, { app, keyring, afterSync: [] })).status).toBe('succeeded');
    });

    it('the sweep replaces an interrupted run by itself, keeps queued runs whose job waits, and stops after three interruptions in a row', async () => {
      const { orgId } = await connectedOrg();
      const waitingRuns: string[] = [];
      const { jobs, queued } = recordingJobs(waitingRuns);
      const [first] = await requestOrgSync(handle.db, jobs, { orgId, trigger: 'schedule' });
      // Queued two minutes ago and its job still waits for a free worker: alive.
      await handle.db
        .update(syncRuns)
        .set({ createdAt: sql`now() - interval '2 minutes'` })
        .where(eq(syncRuns.id, first!.id));
      waitingRuns.push(first!.id);
      expect(await closeInterruptedRuns(handle.db, jobs, { orgId })).toEqual([]);
      // Its job is gone (the process that held it died): interrupted, and a new run takes its place.
      waitingRuns.length = 0;
      expect((await closeInterruptedRuns(handle.db, jobs, { orgId })).map((r) => r.id)).toContain(first!.id);
      const replacements = queued.slice(1);
      expect(replacements).toHaveLength(1);
      expect(await getSyncRun(handle.db, { orgId, runId: replacements[0]!.runId })).toMatchObject({ status: 'queued', trigger: 'schedule' });

      await dieWhileRunning(orgId, replacements[0]!.runId, 90);
      await closeInterruptedRuns(handle.db, jobs, { orgId });
      const third = queued.at(-1)!.runId;
      await dieWhileRunning(orgId, third, 90);
      await closeInterruptedRuns(handle.db, jobs, { orgId });
      // Three interrupted in a row: a sync that keeps killing its worker waits for someone to ask again.
      expect(queued).toHaveLength(3);
      const runs = await handle.db.select({ status: syncRuns.status }).from(syncRuns).where(eq(syncRuns.orgId, orgId));
      expect(runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted', 'interrupted']);
    });

    it('records a failure before the sync starts (a token that cannot be opened) on the run', async () => {
      const { orgId } = await connectedOrg();
      const { jobs, queued } = recordingJobs();
      await requestOrgSync(handle.db, jobs, { orgId, trigger: 'manual' });
      const otherKeys = parseKeyring(generateKey());
      await expect(executeSyncJob(handle, queued[0]!, { app, keyring: otherKeys, afterSync: [] })).rejects.toThrow();
      expect(await getSyncRun(handle.db, { orgId, runId: queued[0]!.runId })).toMatchObject({ status: 'failed' });
    });

    it('refuses to sync an organization with no active connection, with a message', async () => {
      const { organization } = await registerUser(handle.db, { name: 'No', email: `none${n}@jobs.example`, password: 'jobs password 1', orgName: 'Unconnected', orgKind: 'brand' });
      await expect(requestOrgSync(handle.db, recordingJobs().jobs, { orgId: organization!.id, trigger: 'manual' })).rejects.toThrow(/Connect TikTok first/);
    });

    it('lists organizations whose schedule is due, honouring each interval and 0 = off', async () => {
      const a = await connectedOrg();
      const b = await connectedOrg();
      await handle.db.update(organizations).set({ syncIntervalMinutes: 0 }).where(eq(organizations.id, b.orgId));
      expect(await listOrgsDueForSync(handle.db)).toEqual(expect.arrayContaining([a.orgId]));
      expect(await listOrgsDueForSync(handle.db)).not.toContain(b.orgId);
      await requestOrgSync(handle.db, recordingJobs().jobs, { orgId: a.orgId, trigger: 'schedule' });
      expect(await listOrgsDueForSync(handle.db)).not.toContain(a.orgId);
      const in31Minutes = new Date(Date.now() + 31 * 60_000);
      expect(await listOrgsDueForSync(handle.db, in31Minutes)).toContain(a.orgId);
      await handle.db.delete(syncRuns).where(eq(syncRuns.orgId, a.orgId));
    });
  });
}
