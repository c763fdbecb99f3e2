import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { organizations, syncRuns } from '@/db/schema';
import { registerUser } from '@/lib/tenancy/sign-up';
import { discoverAccess, saveConnection } from '@/lib/connections/connections';
import { tiktokClient } from '@/lib/connections/tiktok-app';
import { generateKey, parseKeyring } from '@/lib/crypto/keyring';
import { countSyncedRows, getSyncRun } from '@/lib/sync';
import { SANDBOX_ACCESS_TOKEN } from '@/lib/tiktok-sandbox';
import { testDatabases } from '@/tests/databases';
import { startSandboxApp } from '@/tests/sandbox-app';
import { executeSyncJob, listOrgsDueForSync, requestOrgSync, STALE_RUN_MS, type SyncJob } from './sync-requests';

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
      const { user, organization } = await registerUser(handle.db, { name: `J${n}`, email: `j${n}@jobs.example`, password: 'jobs password 1', orgName: `Jobs ${n}`, orgKind: 'brand' });
      const orgId = organization!.id;
      const discovered = await discoverAccess(tiktokClient(app, { orgId, accessToken: SANDBOX_ACCESS_TOKEN }), app.target);
      const connection = await saveConnection(handle.db, keyring, { orgId, actorId: user.id, method: 'access_token', accessToken: SANDBOX_ACCESS_TOKEN, discovered });
      return { orgId, userId: user.id, connectionId: connection.id };
    }

    it('queues one run per connection, returns the open run on a second request, and the job fills the tables', async () => {
      const { orgId, userId } = await connectedOrg();
      const queued: SyncJob[] = [];
      const enqueue = async (job: SyncJob) => void queued.push(job);
      const [first] = await requestOrgSync(handle.db, enqueue, { orgId, trigger: 'manual', requestedBy: userId });
      const [second] = await requestOrgSync(handle.db, enqueue, { orgId, trigger: 'manual', requestedBy: userId });
      expect(second!.id).toBe(first!.id);
      expect(queued).toHaveLength(1);

      const run = await executeSyncJob(handle.db, queued[0]!, { app, keyring, afterSync: [] });
      expect(run.status).toBe('succeeded');
      expect((await countSyncedRows(handle.db, { orgId })).tt_ads).toBeGreaterThan(0);
      // Finished: the next request is a new run.
      const [third] = await requestOrgSync(handle.db, enqueue, { orgId, trigger: 'manual' });
      expect(third!.id).not.toBe(first!.id);
      expect(queued).toHaveLength(2);
    });

    it('closes a run left open by a dead worker instead of waiting on it forever', async () => {
      const { orgId } = await connectedOrg();
      const enqueue = async () => {};
      const [stuck] = await requestOrgSync(handle.db, enqueue, { orgId, trigger: 'manual' });
      const later = new Date(Date.now() + STALE_RUN_MS + 60_000);
      const [fresh] = await requestOrgSync(handle.db, enqueue, { orgId, trigger: 'manual', now: later });
      expect(fresh!.id).not.toBe(stuck!.id);
      const closed = await getSyncRun(handle.db, { orgId, runId: stuck!.id });
      expect(closed).toMatchObject({ status: 'failed', errors: [expect.objectContaining({ message: expect.stringMatching(/Interrupted/) })] });
    });

    it('records a failure before the sync starts (a token that cannot be opened) on the run', async () => {
      const { orgId } = await connectedOrg();
      const queued: SyncJob[] = [];
      await requestOrgSync(handle.db, async (job) => void queued.push(job), { orgId, trigger: 'manual' });
      const otherKeys = parseKeyring(generateKey());
      await expect(executeSyncJob(handle.db, queued[0]!, { app, keyring: otherKeys, afterSync: [] })).rejects.toThrow();
      expect(await getSyncRun(handle.db, { orgId, runId: queued[0]!.runId })).toMatchObject({ status: 'failed' });
    });

    it('refuses to sync an organization with no active connection, with a message', async () => {
      const { organization } = await registerUser(handle.db, { name: 'No', email: `none${n}@jobs.example`, password: 'jobs password 1', orgName: 'Unconnected', orgKind: 'brand' });
      await expect(requestOrgSync(handle.db, async () => {}, { orgId: organization!.id, trigger: 'manual' })).rejects.toThrow(/Connect TikTok first/);
    });

    it('lists organizations whose schedule is due, honouring each interval and 0 = off', async () => {
      const a = await connectedOrg();
      const b = await connectedOrg();
      await handle.db.update(organizations).set({ syncIntervalMinutes: 0 }).where(eq(organizations.id, b.orgId));
      expect(await listOrgsDueForSync(handle.db)).toEqual(expect.arrayContaining([a.orgId]));
      expect(await listOrgsDueForSync(handle.db)).not.toContain(b.orgId);
      await requestOrgSync(handle.db, async () => {}, { orgId: a.orgId, trigger: 'schedule' });
      expect(await listOrgsDueForSync(handle.db)).not.toContain(a.orgId);
      const in31Minutes = new Date(Date.now() + 31 * 60_000);
      expect(await listOrgsDueForSync(handle.db, in31Minutes)).toContain(a.orgId);
      await handle.db.delete(syncRuns).where(eq(syncRuns.orgId, a.orgId));
    });
  });
}
