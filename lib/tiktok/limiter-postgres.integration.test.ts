import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { tiktokLimiterBuckets, tiktokLimiterWaiters } from '@/db/schema';
import { testDatabases } from '@/tests/databases';
import { waitFor } from '@/tests/wait';
import { createPostgresLimiter } from './limiter-postgres';
import { busiestWindow } from './limiter-test-support';

// Simulated time: the limiter's clock moves only when a test advances it, one token interval (a
// "tick") at a time, and the test waits for that tick's grants before the next. So the counts per
// tick are exact however busy the machine is; real time only decides how long a tick takes.

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const START = Date.parse('2026-03-02T09:00:00Z');

type Grant = { org: string; at: number };

for (const target of await testDatabases()) {
  describe(`Postgres limiter store on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    /** Tokens the database has handed out on a bucket: the limiter's own record, not what callers noticed. */
    async function granted(key: string): Promise<number> {
      const [bucket] = await handle.db.select({ grants: tiktokLimiterBuckets.grants }).from(tiktokLimiterBuckets).where(eq(tiktokLimiterBuckets.key, key));
      return bucket?.grants ?? 0;
    }
    async function waiting(key: string, org: string): Promise<number> {
      const [row] = await handle.db
        .select({ n: sql<number>`count(*)::int` })
        .from(tiktokLimiterWaiters)
        .where(and(eq(tiktokLimiterWaiters.bucketKey, key), eq(tiktokLimiterWaiters.orgKey, org), isNull(tiktokLimiterWaiters.grantedAt)));
      return row?.n ?? 0;
    }

    function simulated() {
      let now = START;
      return { now: () => now, advance: (ms: number) => void (now += ms) };
    }

    function acquireMany(limiter: ReturnType<typeof createPostgresLimiter>, clock: { now: () => number }, org: string, count: number, grants: Grant[]) {
      return Array.from({ length: count }, () => limiter.acquire({ orgId: org, endpoint: 'ad/get/' }).then(() => void grants.push({ org, at: clock.now() })));
    }

    it('grants burst + one token per tick, never more, and leaves no waiter rows behind', async () => {
      const clock = simulated();
      const limiter = createPostgresLimiter(handle.db, { appKey: 'rate', ratePerSecond: 20, burst: 2, now: clock.now });
      const grants: Grant[] = [];
      const all = Promise.all(acquireMany(limiter, clock, 'org-a', 24, grants));
      // 2 at once, then 1 per 50 ms tick.
      for (let tick = 0; ; tick++) {
        const expected = Math.min(24, 2 + tick);
        await waitFor(`${expected} grants at tick ${tick}`, () => grants.length >= expected);
        expect(await granted('app:rate')).toBe(expected);
        expect(grants).toHaveLength(expected);
        if (expected === 24) break;
        clock.advance(50);
      }
      await all;
      expect(
        busiestWindow(
          grants.map((g) => g.at),
          1000,
        ),
      ).toBe(2 + 19);

      // An idle second refills the bucket only up to the burst.
      clock.advance(1000);
      const afterIdle: Grant[] = [];
      const more = Promise.all(acquireMany(limiter, clock, 'org-a', 4, afterIdle));
      await waitFor('the burst after an idle second', () => afterIdle.length >= 2);
      expect(await granted('app:rate')).toBe(24 + 2);
      clock.advance(50);
      await waitFor('one more token', () => afterIdle.length >= 3);
      expect(await granted('app:rate')).toBe(24 + 3);
      clock.advance(50);
      await more;
      expect(await handle.db.select().from(tiktokLimiterWaiters)).toEqual([]);
    }, 120_000);

    it('serves organizations round-robin inside one process', async () => {
      const clock = simulated();
      const limiter = createPostgresLimiter(handle.db, { appKey: 'fair', ratePerSecond: 20, burst: 1, now: clock.now });
      const grants: Grant[] = [];
      const flood = Promise.all(acquireMany(limiter, clock, 'flood', 30, grants));
      // A new bucket starts full: one token (the burst) at once.
      await waitFor('the flood queued', async () => grants.length === 1 && (await waiting('app:fair', 'flood')) === 29);
      clock.advance(50);
      await waitFor('the flood served', () => grants.length >= 2);

      const few = Promise.all(acquireMany(limiter, clock, 'few', 3, grants));
      await waitFor('the few queued', async () => (await waiting('app:fair', 'few')) === 3);
      let ticks = 0;
      while (grants.filter((g) => g.org === 'few').length < 3) {
        clock.advance(50);
        ticks += 1;
        const expected = 2 + ticks;
        await waitFor(`grant ${expected}`, () => grants.length >= expected);
        expect(await granted('app:fair')).toBe(expected);
      }
      // FIFO would put these behind 28 queued calls; round-robin alternates: few, flood, few, flood, few.
      expect(ticks).toBe(5);
      await few;
      while (grants.length < 33) {
        clock.advance(50);
        const expected = grants.length + 1;
        await waitFor(`grant ${expected}`, () => grants.length >= expected);
      }
      await flood;
    }, 120_000);

    it('expires waiters left behind by a dead process instead of granting them', async () => {
      const clock = simulated();
      const limiter = createPostgresLimiter(handle.db, { appKey: 'stale', ratePerSecond: 10, burst: 1, staleAfterMs: 1000, now: clock.now });
      await handle.db.insert(tiktokLimiterBuckets).values({ key: 'app:stale', tokens: 0, refilledAt: new Date(clock.now()) });
      const past = new Date(clock.now() - 60_000);
      await handle.db.insert(tiktokLimiterWaiters).values(Array.from({ length: 20 }, (_, i) => ({ bucketKey: 'app:stale', orgKey: `ghost-${i}`, heartbeatAt: past })));
      let alive = false;
      const asking = limiter.acquire({ orgId: 'alive', endpoint: 'ad/get/' }).then(() => void (alive = true));
      await waitFor('the live caller queued', async () => (await waiting('app:stale', 'alive')) === 1);
      // One token: twenty live-looking ghosts ahead would take it.
      clock.advance(100);
      await waitFor('the live caller served with the first token', () => alive);
      await asking;
      expect(await granted('app:stale')).toBe(1);
      expect(await handle.db.select().from(tiktokLimiterWaiters).where(eq(tiktokLimiterWaiters.bucketKey, 'app:stale'))).toEqual([]);
    }, 120_000);
  });

  if (target.name !== 'postgres') continue;

  describe('Postgres limiter shared by several processes', () => {
    let handle: DatabaseHandle & { url?: string };
    let clockDir: string;
    let clockFile: string;
    let now = START;
    const running = new Set<ChildProcess>();

    function setClock(at: number) {
      now = at;
      // Atomic for the readers: write aside, then rename over.
      fs.writeFileSync(`${clockFile}.next`, String(at));
      fs.renameSync(`${clockFile}.next`, clockFile);
    }

    beforeAll(async () => {
      handle = await target.open();
      clockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkcheck-limiter-'));
      clockFile = path.join(clockDir, 'now');
      setClock(START);
    });
    afterEach(async () => {
      // A failed assertion leaves children running: stop them (they close their connections) first.
      await Promise.all([...running].map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))));
    });
    afterAll(async () => {
      await handle.close();
      fs.rmSync(clockDir, { recursive: true, force: true });
    });

    async function granted(key: string): Promise<number> {
      const [bucket] = await handle.db.select({ grants: tiktokLimiterBuckets.grants }).from(tiktokLimiterBuckets).where(eq(tiktokLimiterBuckets.key, key));
      return bucket?.grants ?? 0;
    }
    async function waiting(org: string): Promise<number> {
      const [row] = await handle.db
        .select({ n: sql<number>`count(*)::int` })
        .from(tiktokLimiterWaiters)
        .where(and(eq(tiktokLimiterWaiters.orgKey, org), isNull(tiktokLimiterWaiters.grantedAt)));
      return row?.n ?? 0;
    }

    type ChildArgs = { appKey: string; org: string; count: number; concurrency: number; ratePerSecond: number; burst: number };
    type Child = { grants: Grant[]; done: Promise<void> };

    function startChild(args: ChildArgs): Child {
      const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(here, 'limiter-postgres-child.ts'), JSON.stringify({ url: handle.url, clockFile, ...args })], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running.add(child);
      const grants: Grant[] = [];
      let stderr = '';
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const event = JSON.parse(line) as { org: string; at: number };
          grants.push({ org: event.org, at: event.at });
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const done = new Promise<void>((resolve, reject) =>
        child.on('exit', (code) => {
          running.delete(child);
          if (code === 0) resolve();
          else reject(new Error(`child exited ${code}: ${stderr}`));
        }),
      );
      // Awaited by the test; a child stopped after a failed test must not become an unhandled rejection.
      done.catch(() => {});
      return { grants, done };
    }

    it('never lets two processes together exceed burst + one token per tick', async () => {
      const limits = { appKey: 'together', ratePerSecond: 20, burst: 2 };
      const children = [startChild({ org: 'org-a', count: 20, concurrency: 8, ...limits }), startChild({ org: 'org-b', count: 20, concurrency: 8, ...limits })];
      const noticed = () => children.reduce((sum, c) => sum + c.grants.length, 0);
      await waitFor('both processes queued', async () => (await waiting('org-a')) + (await waiting('org-b')) + noticed() >= 16);
      for (let tick = 0; ; tick++) {
        const expected = Math.min(40, 2 + tick);
        await waitFor(`${expected} grants at tick ${tick}`, () => noticed() >= expected);
        expect(await granted('app:together')).toBe(expected);
        if (expected === 40) break;
        setClock(now + 50);
      }
      await Promise.all(children.map((c) => c.done));
      const times = children.flatMap((c) => c.grants.map((g) => g.at));
      expect(times).toHaveLength(40);
      // The burst, then one per 50 ms tick: 2 + 19 in any second, 2 + 9 in any half second.
      expect(busiestWindow(times, 1000)).toBe(21);
      expect(busiestWindow(times, 500)).toBe(11);
    }, 180_000);

    it('lets an organization asking for a few tokens through while another process floods', async () => {
      const limits = { appKey: 'fair-processes', ratePerSecond: 10, burst: 1 };
      const flood = startChild({ org: 'flood', count: 40, concurrency: 30, ...limits });
      // A new bucket starts full: one token (the burst) at once, then one per 100 ms tick.
      await waitFor('the flood queued', async () => flood.grants.length === 1 && (await waiting('flood')) >= 29);
      for (let tick = 1; tick <= 2; tick++) {
        setClock(now + 100);
        await waitFor(`flood grant ${tick + 1}`, () => flood.grants.length >= tick + 1);
      }
      const few = startChild({ org: 'few', count: 3, concurrency: 3, ...limits });
      await waitFor('the few queued', async () => (await waiting('few')) === 3);
      let ticks = 0;
      while (few.grants.length < 3) {
        setClock(now + 100);
        ticks += 1;
        await waitFor(`grant ${ticks} after the few asked`, () => flood.grants.length + few.grants.length >= 3 + ticks);
        expect(await granted('app:fair-processes')).toBe(3 + ticks);
      }
      // Behind 27 queued flood calls FIFO would need 30 ticks; round-robin alternates few and flood.
      expect(ticks).toBe(5);
      await few.done;
      while (flood.grants.length < 40) {
        setClock(now + 100);
        const expected = flood.grants.length + 1;
        await waitFor(`flood grant ${expected}`, () => flood.grants.length >= expected);
      }
      await flood.done;
    }, 180_000);
  });
}
