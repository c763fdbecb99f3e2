import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { codeBatches, codeBatchItems, syncRuns } from '@/db/schema';
import { createSandbox, SANDBOX_ACCESS_TOKEN, SANDBOX_APP_ID, SANDBOX_APP_SECRET, startSandboxServer, type Sandbox } from '@/lib/tiktok-sandbox';
import { openIsolatedPostgres, testDatabases } from '@/tests/databases';
import { waitFor } from '@/tests/wait';

// kill -9 of a worker process in the middle of a sync and of a code batch, then a new worker: the
// work finishes by itself, as if nothing happened. Nothing here waits on the clock: the sandbox
// holds a request open until the test has seen it (a scripted hang), the test kills the worker
// then, and "a minute later" is written into the heartbeat instead of waited for.

const root = path.resolve(import.meta.dirname, '../..');
/** A scripted hang of this length is a pause the test controls: it ends only when the worker's socket closes. */
const PAUSE_MS = 3_600_000;
const paused: { released: boolean }[] = [];
const authorizeRequests: string[] = [];
/** Requests with this access token are held open (ads reads only) until the client hangs up. */
let holdToken: string | null = null;

function hold(signal: AbortSignal): Promise<void> {
  const entry = { released: false };
  paused.push(entry);
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => {
      entry.released = true;
      resolve();
    }),
  );
}

const sandbox = createSandbox({
  rateLimits: false,
  sleep: (ms, signal) => (ms === PAUSE_MS && signal ? hold(signal) : new Promise<void>((resolve) => setTimeout(resolve, ms))),
});
/** The sandbox, counting authorize requests per code (TikTok's side of "applied twice") and holding one token's ads reads. */
const counting: Sandbox = Object.assign(Object.create(sandbox) as Sandbox, {
  handle: async (request: Request) => {
    const { pathname } = new URL(request.url);
    if (holdToken !== null && pathname.endsWith('/ad/get/') && request.headers.get('access-token') === holdToken) {
      await hold(request.signal);
      return new Response('gateway timeout', { status: 504 });
    }
    if (pathname.endsWith('/tt_video/authorize/')) {
      const body = (await request.clone().json()) as { auth_code: string };
      authorizeRequests.push(body.auth_code);
    }
    return sandbox.handle(request);
  },
});
const server = await startSandboxServer(counting, { port: 0 });
const tokenKeys = `crash-test:${randomBytes(32).toString('base64')}`;
Object.assign(process.env, {
  TIKTOK_API_BASE_URL: `${server.url}/open_api/v1.3/`,
  TIKTOK_APP_ID: SANDBOX_APP_ID,
  TIKTOK_APP_SECRET: SANDBOX_APP_SECRET,
  TOKEN_ENCRYPTION_KEYS: tokenKeys,
  TIKTOK_RATE_LIMIT_RPS: '500',
});
const { startJobQueue } = await import('./queue');
const { requestOrgSync } = await import('./sync-requests');
const { getKeyring, tiktokClient } = await import('@/lib/connections/tiktok-app');
const { getTikTokApp } = await import('@/lib/wiring/tiktok');
const { connectedOrg: connectOrg } = await import('@/tests/connected-org');
const { submitCodeBatch } = await import('@/lib/codes/apply');
const { codesEnv } = await import('@/lib/codes/tiktok');
const { getSyncRun } = await import('@/lib/sync');
const { snapshotRows } = await import('@/lib/sync/test-support');

afterAll(async () => server.close());

const hasPostgres = (await testDatabases()).some((d) => d.name === 'postgres');

describe.skipIf(!hasPostgres)('a worker killed mid-work (kill -9), then a new worker', { timeout: 300_000 }, () => {
  let handle: DatabaseHandle & { url: string };
  let queue: Awaited<ReturnType<typeof startJobQueue>>;
  const workers = new Set<ChildProcess>();

  beforeAll(async () => {
    handle = await openIsolatedPostgres();
    // This process only sends jobs, as a web process with WORKERS=0 does.
    queue = await startJobQueue(handle, { work: false, app: getTikTokApp(handle.db) });
  });
  afterEach(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all([...workers].map(exited));
    sandbox.faults.clear();
  });
  afterAll(async () => {
    await queue?.stop();
    await handle?.close();
  });

  /** `npm run worker` against the test database and sandbox; resolves once it works jobs. */
  function startWorker(): Promise<ChildProcess> {
    const worker = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        AUTH_SECRET: 'crash-test-secret-'.repeat(3),
        DATABASE_URL: handle.url,
        TIKTOK_API_BASE_URL: `${server.url}/open_api/v1.3/`,
        TIKTOK_APP_ID: SANDBOX_APP_ID,
        TIKTOK_APP_SECRET: SANDBOX_APP_SECRET,
        TOKEN_ENCRYPTION_KEYS: tokenKeys,
        TIKTOK_RATE_LIMIT_RPS: '500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workers.add(worker);
    worker.once('exit', () => workers.delete(worker));
    let output = '';
    return new Promise((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('worker ready')) resolve(worker);
      };
      worker.stdout.on('data', read);
      worker.stderr.on('data', read);
      worker.once('exit', (code) => reject(new Error(`the worker exited ${code}: ${output}`)));
    });
  }

  function exited(child: ChildProcess): Promise<void> {
    return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  }

  async function kill9(worker: ChildProcess) {
    worker.kill('SIGKILL');
    await exited(worker);
  }

  const connectedOrg = (accessToken = SANDBOX_ACCESS_TOKEN) => connectOrg(handle.db, { app: getTikTokApp(handle.db), keyring: getKeyring(), accessToken });

  /** A token of its own (the OAuth flow's), so the sandbox can tell this organization's requests apart. */
  async function ownToken(): Promise<string> {
    const app = getTikTokApp(handle.db);
    const token = await tiktokClient(app, { orgId: 'system', accessToken: '' }).exchangeAuthCode({ app_id: SANDBOX_APP_ID, secret: SANDBOX_APP_SECRET, auth_code: sandbox.issueAuthCode() });
    return token.access_token;
  }

  const runsOf = (orgId: string) => handle.db.select().from(syncRuns).where(eq(syncRuns.orgId, orgId)).orderBy(syncRuns.createdAt);

  it('closes the killed sync as interrupted, syncs the connection again to the same tables as a clean run, and never held up another organization', async () => {
    const token = await ownToken();
    const crashed = await connectedOrg(token);
    const other = await connectedOrg();
    // The crashed organization's ads reads hang (every retry too): its worker is mid-sync.
    holdToken = token;
    const first = await startWorker();
    const pausedBefore = paused.length;
    const [dying] = await requestOrgSync(handle.db, queue, { orgId: crashed.orgId, trigger: 'manual' });
    await waitFor('the sync to reach the ads', () => paused.length > pausedBefore);

    // Another organization syncs to the end on the same worker while that one hangs.
    const [meanwhile] = await requestOrgSync(handle.db, queue, { orgId: other.orgId, trigger: 'manual' });
    const otherRun = await waitFor('the other organization’s sync', async () => {
      const run = await getSyncRun(handle.db, { orgId: other.orgId, runId: meanwhile!.id });
      return run?.status === 'succeeded' || run?.status === 'failed' ? run : undefined;
    });
    expect(otherRun.status).toBe('succeeded');
    expect(paused.filter((p) => !p.released)).toHaveLength(1);
    expect((await getSyncRun(handle.db, { orgId: crashed.orgId, runId: dying!.id }))?.status).toBe('running');

    await kill9(first);
    holdToken = null;
    // A minute of silence, written rather than waited for: the dead run's heartbeat stopped long ago.
    await handle.db
      .update(syncRuns)
      .set({ heartbeatAt: sql`now() - interval '2 minutes'` })
      .where(eq(syncRuns.id, dying!.id));
    await startWorker();

    const replacement = await waitFor('a new run of the crashed connection to finish', async () => {
      const runs = await runsOf(crashed.orgId);
      const last = runs.at(-1);
      return runs.length === 2 && (last?.status === 'succeeded' || last?.status === 'failed') ? last : undefined;
    });
    expect(replacement).toMatchObject({ status: 'succeeded', trigger: 'manual', connectionId: crashed.connectionId });
    expect(await getSyncRun(handle.db, { orgId: crashed.orgId, runId: dying!.id })).toMatchObject({
      status: 'interrupted',
      finishedAt: expect.any(Date),
      errors: [expect.objectContaining({ message: expect.stringMatching(/^Interrupted: the process working on this sync stopped/) })],
    });
    // Its pg-boss job was ended, not left active until it expires.
    const jobs = await handle.db.execute<{ state: string }>(sql`select state from pgboss.job where data->>'runId' = ${dying!.id}`);
    expect(rows<{ state: string }>(jobs).map((j) => j.state)).toEqual(['failed']);
    expect(await snapshotRows(handle.db, crashed)).toEqual(await snapshotRows(handle.db, other));
  });

  it('resumes a code batch killed mid-apply by itself, applying no code twice (TikTok’s ledger decides the one in flight)', async () => {
    const org = await connectedOrg();
    const [synced] = await requestOrgSync(handle.db, queue, { orgId: org.orgId, trigger: 'manual' });
    const worker = await startWorker();
    await waitFor('the first sync', async () => (await getSyncRun(handle.db, { orgId: org.orgId, runId: synced!.id }))?.status === 'succeeded');

    const us = sandbox.world.ref('advertiser:northwindUs');
    const picked = sandbox.world.creatorCodes.filter((c) => c.kind === 'valid' && !c.appliedTo.includes(us)).slice(0, 6);
    expect(picked).toHaveLength(6);
    // The first authorize is carried out by TikTok, but its answer never comes back: the worker dies waiting.
    sandbox.faults.configure({ hangMs: PAUSE_MS, script: [{ path: 'tt_video/authorize', faults: ['lost_response'] }] });
    const pausedBefore = paused.length;
    const { batchId } = await submitCodeBatch(handle.db, codesEnv(handle.db, getTikTokApp(handle.db)), {
      orgId: org.orgId,
      actorId: null,
      idempotencyKey: `crash-${randomBytes(4).toString('hex')}`,
      request: { codes: picked.map((c) => c.code), advertiserIds: [us], skipCodes: [] },
      source: 'web',
    });
    await queue.enqueueCodeBatch({ orgId: org.orgId, batchId });
    await waitFor('an authorize call in flight', () => paused.length === pausedBefore + 1);
    await kill9(worker);
    sandbox.faults.clear();

    const items = () =>
      handle.db
        .select()
        .from(codeBatchItems)
        .where(and(eq(codeBatchItems.orgId, org.orgId), eq(codeBatchItems.batchId, batchId)));
    expect((await items()).some((i) => i.state === 'applying')).toBe(true);
    // A minute of silence: the dead run's batch and item leases lapsed.
    const past = sql`now() - interval '1 minute'`;
    await handle.db.update(codeBatches).set({ runLeaseUntil: past }).where(eq(codeBatches.id, batchId));
    await handle.db
      .update(codeBatchItems)
      .set({ leaseUntil: past })
      .where(and(eq(codeBatchItems.batchId, batchId), eq(codeBatchItems.state, 'applying')));
    await startWorker();

    await waitFor('the batch to finish by itself', async () => {
      const [batch] = await handle.db.select({ finishedAt: codeBatches.finishedAt }).from(codeBatches).where(eq(codeBatches.id, batchId));
      return batch?.finishedAt !== null;
    });
    const final = await items();
    expect(final.map((i) => i.state)).toEqual(picked.map(() => 'applied'));
    for (const c of picked) {
      expect(sandbox.world.authorization(us, c.itemId!)?.authCode, c.code).toBe(c.code);
      // TikTok got each code once: the one whose answer was lost was found in the ledger, not sent again.
      expect(
        authorizeRequests.filter((code) => code === c.code),
        c.code,
      ).toHaveLength(1);
    }
  });
});

function rows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}
