import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, startSandboxServer } from '@/lib/tiktok-sandbox';
import { testDatabases } from '@/tests/databases';

// The queue works jobs with the process-wide TikTok app and keyring, which read the environment:
// point them at a sandbox before the modules load.
const sandbox = createSandbox({ rateLimits: false });
const server = await startSandboxServer(sandbox, { port: 0 });
Object.assign(process.env, {
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
const { eq } = await import('drizzle-orm');

afterAll(async () => server.close());

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
  });
}
