import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { tiktokConnections } from '@/db/schema';
import { createMemoryLimiter, type Limiter } from '@/lib/tiktok';
import { createSandbox, startSandboxServer } from '@/lib/tiktok-sandbox';
import { testDatabases } from '@/tests/databases';
import { connectSandbox, sandboxClientOptions, syncSandbox } from './test-support';

// Two organizations share one TikTok app's limiter: one reads the permissions of 4,000 Business
// Center members (thousands of calls), the other runs its scheduled sync of ads at the same time.
// Fairness is counted in grants, not time: while a call of the small organization waits, the big one
// gets at most one grant per call of the small one ahead of it, plus one (round-robin).

const sandbox = createSandbox({ world: { large: { advertisers: 2, adsPerAdvertiser: 40, members: 4_000, ttAccounts: 8, posts: 40 } }, rateLimits: false });
const server = await startSandboxServer(sandbox, { port: 0 });
afterAll(() => server.close());

type Wait = { org: string; ahead: number; othersGranted: number };

/** The shared limiter, recording for every call how many grants went to other organizations while it waited. */
function recordingLimiter(inner: Limiter) {
  const grants: string[] = [];
  const waiting = new Map<string, number>();
  const waits: Wait[] = [];
  const limiter: Limiter = {
    async acquire(request) {
      const asked = grants.length;
      const ahead = waiting.get(request.orgId) ?? 0;
      waiting.set(request.orgId, ahead + 1);
      await inner.acquire(request);
      waiting.set(request.orgId, (waiting.get(request.orgId) ?? 1) - 1);
      waits.push({ org: request.orgId, ahead, othersGranted: grants.slice(asked).filter((org) => org !== request.orgId).length });
      grants.push(request.orgId);
    },
  };
  return { limiter, grants, waits };
}

const [target] = await testDatabases();

describe('one TikTok quota shared by organizations', () => {
  it('does not let a 4,000-member permission refresh delay another organization’s scheduled ad sync beyond its fair share', async () => {
    const handle = await target!.open();
    try {
      const big = await connectSandbox(handle.db, sandbox.world);
      const small = await connectSandbox(handle.db, sandbox.world);
      // The small organization read everything an hour ago (its pending invitations too, which have
      // not changed since): its scheduled run reads ads only.
      const anHourAgo = new Date(Date.now() - 60 * 60_000);
      await syncSandbox(handle.db, server.url, small, { now: () => anHourAgo });
      const [read] = await handle.db.select().from(tiktokConnections).where(eq(tiktokConnections.id, small.connectionId));
      expect(read?.permissionsSyncedAt).toEqual(anHourAgo);

      const { limiter, grants, waits } = recordingLimiter(createMemoryLimiter({ ratePerSecond: 2_000, burst: 1 }));
      const tiktok = sandboxClientOptions(server.url, { limiter });
      const bigRun = syncSandbox(handle.db, server.url, big, { tiktok, trigger: 'schedule' });
      // The big organization is well into its member reads before the small one's schedule fires.
      while (grants.length < 200) await new Promise((resolve) => setImmediate(resolve));
      const smallRun = await syncSandbox(handle.db, server.url, small, { tiktok, trigger: 'schedule' });
      const smallDoneAt = grants.length;
      const bigDone = await bigRun;

      expect(smallRun).toMatchObject({ status: 'succeeded', readPermissions: false });
      expect(bigDone).toMatchObject({ status: 'succeeded', readPermissions: true });
      expect(bigDone.apiCallsByEndpoint['bc/asset/get/']).toBeGreaterThanOrEqual(4_000);
      // The small sync finished long before the big one: it did not queue behind the member reads.
      expect(smallDoneAt).toBeLessThan(bigDone.apiCalls);
      const smallWaits = waits.filter((w) => w.org === small.orgId);
      expect(smallWaits).toHaveLength(smallRun.apiCalls);
      for (const wait of smallWaits) expect(wait.othersGranted, JSON.stringify(wait)).toBeLessThanOrEqual(wait.ahead + 1);
    } finally {
      await handle.close();
    }
  }, 300_000);
});
