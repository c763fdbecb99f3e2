import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { syncRuns } from '@/db/schema';
import { DEFAULT_BURST } from '@/lib/tiktok';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, startSandboxServer, type RunningSandboxServer, type Sandbox } from '@/lib/tiktok-sandbox';
import { openIsolatedPostgres, testDatabases } from '@/tests/databases';
import { waitFor } from '@/tests/wait';

// Scale-out (issue #17): two `npm run worker` processes and this process as the web tier with
// WORKERS=0 (it only queues), on one Postgres, with several organizations connected to one sandbox
// over real HTTP. The workers' own cron drives the schedule; "30 minutes later" is written into the
// runs' creation times rather than waited for. Every scheduled sync must run exactly once, and the
// requests TikTok receives from all processes together must stay within the shared app-wide limit.
//
// Each worker reaches the sandbox through a port of its own, so the sandbox can tell them apart.
// The only timing assertion is an upper bound: no ten-second window at the sandbox holds more than
// ten seconds of the configured rate plus the burst and one second of delivery slack; a slow machine
// spreads requests out and can only lower it.

const root = path.resolve(import.meta.dirname, '../..');
/** The app-wide rate every process shares (TIKTOK_RATE_LIMIT_RPS); the burst is the limiter's default. */
const RATE_PER_SECOND = 5;
/** More organizations than one worker has sync slots (4): the second worker must take part. */
const ORGS = 5;
const PERIODS = 2;
const SYNC_INTERVAL_MINUTES = 30;
/** The window the app-wide rate is checked over at the sandbox. */
const WINDOW_SECONDS = 10;

type Seen = { via: string; at: number; path: string; token: string | null };
const seen: Seen[] = [];
/** While set, requests with these tokens are held (after being counted) until both workers have sent one. */
let gate: { tokens: Set<string>; open: () => void; opened: Promise<void> } | null = null;

const sandbox = createSandbox({ rateLimits: false });
/** The sandbox behind one port, recording every request as it arrives. */
function via(name: string): Sandbox {
  return Object.assign(Object.create(sandbox) as Sandbox, {
    handle: async (request: Request) => {
      const token = request.headers.get('access-token');
      const entry = { via: name, at: Date.now(), path: new URL(request.url).pathname.replace(/^.*\/open_api\/v1\.3\//, ''), token };
      seen.push(entry);
      if (gate && token !== null && gate.tokens.has(token)) {
        const byWorkers = new Set(seen.filter((s) => s.token !== null && gate!.tokens.has(s.token)).map((s) => s.via));
        if (byWorkers.has('worker-a') && byWorkers.has('worker-b')) gate.open();
        await gate.opened;
      }
      return sandbox.handle(request);
    },
  });
}
const servers: Record<'web' | 'worker-a' | 'worker-b', RunningSandboxServer> = {
  web: await startSandboxServer(via('web'), { port: 0 }),
  'worker-a': await startSandboxServer(via('worker-a'), { port: 0 }),
  'worker-b': await startSandboxServer(via('worker-b'), { port: 0 }),
};
const tokenKeys = `scale-out-test:${randomBytes(32).toString('base64')}`;
const tiktokEnv = (server: RunningSandboxServer) => ({
  TIKTOK_API_BASE_URL: `${server.url}/open_api/v1.3/`,
  TIKTOK_APP_ID: SANDBOX_APP_ID,
  TIKTOK_APP_SECRET: SANDBOX_APP_SECRET,
  TOKEN_ENCRYPTION_KEYS: tokenKeys,
  TIKTOK_RATE_LIMIT_RPS: String(RATE_PER_SECOND),
});
Object.assign(process.env, tiktokEnv(servers.web));
const { startJobQueue } = await import('./queue');
const { getKeyring, tiktokClient } = await import('@/lib/connections/tiktok-app');
const { getTikTokApp } = await import('@/lib/wiring/tiktok');
const { connectedOrg } = await import('@/tests/connected-org');

const hasPostgres = (await testDatabases()).some((d) => d.name === 'postgres');

describe.skipIf(!hasPostgres)('two worker processes and a web process on one Postgres', { timeout: 900_000 }, () => {
  let handle: DatabaseHandle & { url: string };
  let queue: Awaited<ReturnType<typeof startJobQueue>> | undefined;
  const workers = new Set<ChildProcess>();
  const output: string[] = [];

  beforeAll(async () => {
    handle = await openIsolatedPostgres();
  });
  afterAll(async () => {
    gate?.open();
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all([...workers].map((w) => new Promise<void>((resolve) => (w.exitCode !== null || w.signalCode !== null ? resolve() : w.once('exit', () => resolve())))));
    await queue?.stop();
    await handle?.close();
    await Promise.all(Object.values(servers).map((s) => s.close()));
  });

  /** `npm run worker` against the test database, reaching the sandbox through its own port; resolves once it works jobs. */
  function startWorker(name: 'worker-a' | 'worker-b'): Promise<ChildProcess> {
    const worker = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', AUTH_SECRET: 'scale-out-test-secret-'.repeat(3), DATABASE_URL: handle.url, ...tiktokEnv(servers[name]) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workers.add(worker);
    worker.once('exit', () => workers.delete(worker));
    let log = '';
    return new Promise((resolve, reject) => {
      const read = (chunk: Buffer) => {
        log += chunk.toString();
        output.push(`[${name}] ${chunk.toString()}`);
        if (log.includes('worker ready')) resolve(worker);
      };
      worker.stdout.on('data', read);
      worker.stderr.on('data', read);
      worker.once('exit', (code) => reject(new Error(`${name} exited ${code}: ${log}`)));
    });
  }

  /** A token of its own (the OAuth flow's), so the sandbox can tell each organization's requests apart. */
  async function ownToken(): Promise<string> {
    const app = getTikTokApp(handle.db);
    const token = await tiktokClient(app, { orgId: 'system', accessToken: '' }).exchangeAuthCode({ app_id: SANDBOX_APP_ID, secret: SANDBOX_APP_SECRET, auth_code: sandbox.issueAuthCode() });
    return token.access_token;
  }

  it('runs every scheduled sync exactly once, and all processes together stay within the app-wide rate', async () => {
    // The web tier: it only queues (WORKERS=0), and connects the organizations.
    queue = await startJobQueue(handle, { work: false, app: getTikTokApp(handle.db) });
    const orgs: { orgId: string; connectionId: string; token: string }[] = [];
    for (let i = 0; i < ORGS; i++) {
      const token = await ownToken();
      orgs.push({ ...(await connectedOrg(handle.db, { app: getTikTokApp(handle.db), keyring: getKeyring(), accessToken: token })), token });
    }
    const tokens = new Set(orgs.map((o) => o.token));
    let release = () => {};
    gate = { tokens, open: () => release(), opened: new Promise<void>((resolve) => (release = resolve)) };
    const setupRequests = seen.length;

    await startWorker('worker-a');
    await startWorker('worker-b');

    const runsOf = () =>
      handle.db
        .select()
        .from(syncRuns)
        .where(
          inArray(
            syncRuns.orgId,
            orgs.map((o) => o.orgId),
          ),
        );
    for (let period = 1; period <= PERIODS; period++) {
      // The workers' cron ticks every minute; each due organization gets its run, then its sync.
      const runs = await waitFor(
        `period ${period}: a finished scheduled run per organization`,
        async () => {
          const all = await runsOf();
          const open = all.some((r) => r.status === 'queued' || r.status === 'running');
          return !open && orgs.every((o) => all.filter((r) => r.orgId === o.orgId).length >= period) ? all : undefined;
        },
        { timeoutMs: 400_000, everyMs: 500 },
      );
      for (const org of orgs) {
        const own = runs.filter((r) => r.orgId === org.orgId);
        expect(own, `period ${period}, organization ${org.orgId}: ${output.join('')}`).toHaveLength(period);
        for (const run of own) expect(run).toMatchObject({ connectionId: org.connectionId, trigger: 'schedule', status: 'succeeded' });
      }
      // Thirty minutes pass: every run so far started an interval ago, so each organization is due again.
      await handle.db
        .update(syncRuns)
        .set({ createdAt: sql`${syncRuns.createdAt} - make_interval(mins => ${SYNC_INTERVAL_MINUTES})` })
        .where(
          inArray(
            syncRuns.orgId,
            orgs.map((o) => o.orgId),
          ),
        );
    }

    // Exactly once at TikTok too: each organization's ad reads are those its recorded runs counted.
    const runs = await runsOf();
    for (const org of orgs) {
      const counted = runs.filter((r) => r.orgId === org.orgId).reduce((sum, r) => sum + (r.apiCallsByEndpoint['ad/get/'] ?? 0), 0);
      expect(counted).toBeGreaterThan(0);
      expect(seen.filter((s) => s.token === org.token && s.path === 'ad/get/')).toHaveLength(counted);
    }
    // Both workers synced; the web tier queued only.
    const syncRequests = seen.slice(setupRequests).filter((s) => s.token !== null && tokens.has(s.token));
    expect(new Set(syncRequests.map((s) => s.via))).toEqual(new Set(['worker-a', 'worker-b']));
    // Ticks the cron made: at least one per period, and never a second run for a connection.
    const [ticks] = await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'sync-schedule' and state = 'completed'`).then(rows<{ n: number }>);
    expect(ticks?.n).toBeGreaterThanOrEqual(PERIODS);

    // The shared limiter, counted at the sandbox over every process: no 10-second window holds more than
    // ten seconds of the app-wide rate, plus the burst, plus one second of slack for requests the limiter
    // granted in time that a busy machine delivered late (a single second would count that jitter as an
    // overrun). Two processes each keeping the rate on their own would send about twice the bound.
    const times = seen
      .slice(setupRequests)
      .map((s) => s.at)
      .sort((a, b) => a - b);
    let busiest = 0;
    for (let first = 0, last = 0; last < times.length; last++) {
      while (times[last]! - times[first]! >= WINDOW_SECONDS * 1000) first++;
      busiest = Math.max(busiest, last - first + 1);
    }
    expect(busiest, `most requests in any ${WINDOW_SECONDS} s at the sandbox`).toBeLessThanOrEqual(RATE_PER_SECOND * (WINDOW_SECONDS + 1) + DEFAULT_BURST);
    expect(syncRequests.length).toBeGreaterThan(RATE_PER_SECOND * 10);
  });
});

function rows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}
