import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { tiktokLimiterBuckets, tiktokLimiterWaiters } from '@/db/schema';
import { testDatabases } from '@/tests/databases';
import { createPostgresLimiter } from './limiter-postgres';
import { busiestWindow } from './limiter-test-support';

// Real time and real databases: bounds are generous, but each one fails if the limiter is broken.

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

type Grant = { org: string; at: number };

async function acquireMany(
  limiter: ReturnType<typeof createPostgresLimiter>,
  org: string,
  count: number,
  grants: Grant[],
): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, () =>
      limiter.acquire({ orgId: org, endpoint: 'ad/get/' }).then(() => void grants.push({ org, at: Date.now() })),
    ),
  );
}

for (const target of await testDatabases()) {
  describe(`Postgres limiter store on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    it('grants at the configured rate and leaves no waiter rows behind', async () => {
      const limiter = createPostgresLimiter(handle.db, { appKey: 'rate', ratePerSecond: 20, burst: 2 });
      const grants: Grant[] = [];
      const started = Date.now();
      await acquireMany(limiter, 'org-a', 24, grants);
      // 2 at once, then 22 at 20/s: at least 1.1 s.
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(busiestWindow(grants.map((g) => g.at), 500)).toBeLessThanOrEqual(2 + 10 + 3);

      // An idle second refills the bucket only up to the burst.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const afterIdle: Grant[] = [];
      await acquireMany(limiter, 'org-a', 8, afterIdle);
      expect(busiestWindow(afterIdle.map((g) => g.at), 100)).toBeLessThanOrEqual(2 + 3);
      expect(await handle.db.select().from(tiktokLimiterWaiters)).toEqual([]);
    });

    it('serves organizations round-robin inside one process', async () => {
      const limiter = createPostgresLimiter(handle.db, { appKey: 'fair', ratePerSecond: 20, burst: 1 });
      const grants: Grant[] = [];
      const flood = acquireMany(limiter, 'flood', 30, grants);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const asked = Date.now();
      const few: Grant[] = [];
      await acquireMany(limiter, 'few', 3, few);
      // FIFO would put these behind ~25 queued calls (over a second); round-robin needs ~6 tokens.
      expect(Date.now() - asked).toBeLessThan(800);
      await flood;
      expect(grants).toHaveLength(30);
    });

    it('expires waiters left behind by a dead process instead of granting them', async () => {
      const limiter = createPostgresLimiter(handle.db, { appKey: 'stale', ratePerSecond: 10, burst: 1, staleAfterMs: 1000 });
      await handle.db.insert(tiktokLimiterBuckets).values({ key: 'app:stale', tokens: 0 });
      const past = new Date(Date.now() - 60_000);
      await handle.db.insert(tiktokLimiterWaiters).values(
        Array.from({ length: 20 }, (_, i) => ({ bucketKey: 'app:stale', orgKey: `ghost-${i}`, heartbeatAt: past })),
      );
      const asked = Date.now();
      await limiter.acquire({ orgId: 'alive', endpoint: 'ad/get/' });
      // Twenty live-looking ghosts ahead would mean two seconds at 10/s.
      expect(Date.now() - asked).toBeLessThan(800);
      expect(
        await handle.db.select().from(tiktokLimiterWaiters).where(eq(tiktokLimiterWaiters.bucketKey, 'app:stale')),
      ).toEqual([]);
    });
  });

  if (target.name !== 'postgres') continue;

  describe('Postgres limiter shared by several processes', () => {
    let handle: DatabaseHandle & { url?: string };
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    type ChildArgs = { org: string; count: number; concurrency: number; ratePerSecond: number; burst: number };
    type Child = { asking: Promise<number>; grants: Grant[]; done: Promise<void> };

    function startChild(args: ChildArgs, onGrant?: (grants: Grant[]) => void): Child {
      const child = spawn(
        process.execPath,
        ['--conditions=react-server', '--import', 'tsx', path.join(here, 'limiter-postgres-child.ts'), JSON.stringify({ url: handle.url, ...args })],
        { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const grants: Grant[] = [];
      let stderr = '';
      let buffered = '';
      let markAsking: (at: number) => void = () => {};
      const asking = new Promise<number>((resolve) => (markAsking = resolve));
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const event = JSON.parse(line) as { event: string; org: string; at: number };
          if (event.event === 'asking') markAsking(event.at);
          else grants.push({ org: event.org, at: event.at });
          onGrant?.(grants);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const done = new Promise<void>((resolve, reject) =>
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}: ${stderr}`)))),
      );
      return { asking, grants, done };
    }

    it('never lets two processes together exceed rate + burst', async () => {
      const limits = { ratePerSecond: 20, burst: 2 };
      const children = [
        startChild({ org: 'org-a', count: 20, concurrency: 8, ...limits }),
        startChild({ org: 'org-b', count: 20, concurrency: 8, ...limits }),
      ];
      await Promise.all(children.map((c) => c.done));
      const times = children.flatMap((c) => c.grants.map((g) => g.at));
      expect(times).toHaveLength(40);
      // 40 grants at 20/s with a burst of 2 need at least 1.9 s.
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1500);
      // Slack of 3 for the poll delay between a grant in the database and its owner noticing it.
      expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(20 + 2 + 3);
      expect(busiestWindow(times, 500)).toBeLessThanOrEqual(10 + 2 + 3);
    });

    it('lets an organization asking for a few tokens through while another process floods', async () => {
      const limits = { ratePerSecond: 10, burst: 1 };
      let floodStarted: () => void = () => {};
      const flooding = new Promise<void>((resolve) => (floodStarted = resolve));
      const flood = startChild({ org: 'flood', count: 40, concurrency: 30, ...limits }, (grants) => {
        if (grants.length >= 3) floodStarted();
      });
      await flooding;
      const few = startChild({ org: 'few', count: 3, concurrency: 3, ...limits });
      const asked = await few.asking;
      await few.done;
      const waited = Math.max(...few.grants.map((g) => g.at)) - asked;
      // Behind 30 queued flood calls at 10/s, FIFO would take ~3 s; round-robin takes ~0.6 s.
      expect(waited).toBeLessThan(1500);
      await flood.done;
      expect(flood.grants).toHaveLength(40);
    });
  });
}
