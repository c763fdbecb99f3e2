// npm run bench:codes — 20 creator codes applied through lib/codes against the TikTok sandbox over
// HTTP with 200 ms of latency on every call, into a fresh Postgres database (TEST_DATABASE_URL):
// once with the batch's bounded concurrency, once one code after another (concurrency 1) as the
// baseline measured in the same run, both through the same rate limiter, which is checked from the
// requests actually sent. Prints a table and, as its last line, one JSON object with every figure.
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { parseKeyring } from '@/lib/crypto/keyring';
import { runCodeBatch, submitCodeBatch } from '@/lib/codes/apply';
import { getCodeBatch } from '@/lib/codes/queries';
import { DEFAULT_APPLY_CONCURRENCY, type CodesEnv } from '@/lib/codes/tiktok';
import { runSync } from '@/lib/sync';
import { connectSandbox, expectedWorld } from '@/lib/sync/test-support';
import { createMemoryLimiter, type LimiterConfig } from '@/lib/tiktok';
import { createSandbox, SANDBOX_ACCESS_TOKEN, startSandboxServer } from '@/lib/tiktok-sandbox';
import { openIsolatedPostgres } from '@/tests/databases';

const { values: flags } = parseArgs({
  options: { latency: { type: 'string', default: '200' }, concurrency: { type: 'string', default: String(DEFAULT_APPLY_CONCURRENCY) }, help: { type: 'boolean' } },
  strict: true,
});
if (flags.help) {
  console.log('npm run bench:codes [-- --latency MS (200)] [--concurrency N (the app default)]');
  process.exit(0);
}
const LATENCY_MS = Number(flags.latency);
const CONCURRENCY = Number(flags.concurrency);
const CODES = 20;
/**
 * The limiter the bench runs under: TikTok's Ultimate tier app-wide (50 QPS) and 20 QPS per ad
 * account for tt_video/authorize. With the app defaults (8/s, 2/s per ad account) 20 codes on one
 * ad account take ≥ 10 s at any concurrency: the limiter, not the batch, would be measured.
 */
const LIMITS = { ratePerSecond: 50, burst: 10, perAdvertiser: { 'tt_video/authorize/': { ratePerSecond: 20, burst: 5 } } } satisfies LimiterConfig;

type Call = { path: string; advertiserId: string | null; start: number; end: number };

/** The most calls that started within any one-second window. */
function maxPerSecond(starts: number[]): number {
  const sorted = starts.toSorted((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

function maxInFlight(calls: Call[]): number {
  const events = calls.flatMap((c) => [[c.start, 1] as const, [c.end, -1] as const]).toSorted((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let best = 0;
  for (const [, delta] of events) best = Math.max(best, (now += delta));
  return best;
}

const sandbox = createSandbox({ rateLimits: false });
const server = await startSandboxServer(sandbox, { port: 0 });
const handle = await openIsolatedPostgres();
try {
  const db = handle.db;
  const connection = await connectSandbox(db, sandbox.world);
  const limiter = createMemoryLimiter(LIMITS);
  const baseUrl = `${server.url}/open_api/v1.3/`;
  await runSync(db, { ...connection, tiktok: { baseUrl, accessToken: SANDBOX_ACCESS_TOKEN, limiter }, afterSync: [] });
  sandbox.faults.configure({ latencyMs: LATENCY_MS });

  let calls: Call[] = [];
  const timedFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { advertiser_id?: string }) : {};
    const call: Call = { path: url.pathname.replace(/^.*\/open_api\/v1\.3\//, ''), advertiserId: body.advertiser_id ?? url.searchParams.get('advertiser_id'), start: performance.now(), end: 0 };
    try {
      return await fetch(input, init);
    } finally {
      call.end = performance.now();
      calls.push(call);
    }
  };
  const env = (concurrency: number): CodesEnv => ({
    keyring: parseKeyring(`bench:${randomBytes(32).toString('base64')}`),
    clientOptions: async () => ({ baseUrl, accessToken: SANDBOX_ACCESS_TOKEN, limiter, fetch: timedFetch }),
    concurrency,
  });

  const codes = sandbox.world.creatorCodes
    .filter((c) => c.kind === 'valid')
    .slice(0, CODES)
    .map((c) => c.code);
  if (codes.length < CODES) throw new Error(`the seeded world has only ${codes.length} valid codes`);
  const [first, second] = expectedWorld(sandbox.world).advertiserIds;
  if (!first || !second) throw new Error('the seeded world needs two ad accounts');

  async function applyBatch(advertiserId: string, concurrency: number) {
    calls = [];
    const e = env(concurrency);
    const wallStart = Date.now();
    const t0 = performance.now();
    const { batchId } = await submitCodeBatch(db, e, {
      orgId: connection.orgId,
      actorId: null,
      idempotencyKey: randomUUID(),
      request: { codes, advertiserIds: [advertiserId], skipCodes: [] },
      source: 'cli',
    });
    await runCodeBatch(db, e, { orgId: connection.orgId, batchId });
    const ms = performance.now() - t0;
    const batch = await getCodeBatch(db, { orgId: connection.orgId, batchId });
    const applied = batch?.counts.applied ?? 0;
    if (applied !== CODES) throw new Error(`only ${applied} of ${CODES} codes applied (${JSON.stringify(batch?.counts)})`);
    const authorize = calls.filter((c) => c.path === 'tt_video/authorize/');
    // The batch is done for its user when the last result is stored (items' finished_at, set by this
    // process's clock); re-reading the ledger and recomputing health follow.
    const lastResult = Math.max(...(batch?.items ?? []).map((i) => Date.parse(i.finishedAt ?? '')));
    return {
      ms: lastResult - wallStart,
      totalMs: ms,
      calls: calls.length,
      authorizeCalls: authorize.length,
      maxInFlight: maxInFlight(calls),
      maxCallsPerSecond: maxPerSecond(calls.map((c) => c.start)),
      maxAuthorizePerSecondPerAdvertiser: maxPerSecond(authorize.filter((c) => c.advertiserId === advertiserId).map((c) => c.start)),
    };
  }

  const batch = await applyBatch(first, CONCURRENCY);
  const sequential = await applyBatch(second, 1);
  const bound = 3 * LATENCY_MS * Math.ceil(CODES / CONCURRENCY);
  const speedup = sequential.ms / batch.ms;
  const appCeiling = LIMITS.burst + LIMITS.ratePerSecond;
  const authorizeCeiling = LIMITS.perAdvertiser['tt_video/authorize/'].burst + LIMITS.perAdvertiser['tt_video/authorize/'].ratePerSecond;
  const limiterRespected = [batch, sequential].every((r) => r.maxCallsPerSecond <= appCeiling && r.maxAuthorizePerSecondPerAdvertiser <= authorizeCeiling);
  const inFlightRespected = batch.maxInFlight <= CONCURRENCY && sequential.maxInFlight <= 1;

  const row = (label: string, value: string, target = '') => console.log(`${label.padEnd(52)} ${value.padEnd(30)} ${target}`);
  console.log(
    `${CODES} creator codes, ${LATENCY_MS} ms per TikTok call, limiter ${LIMITS.ratePerSecond}/s (burst ${LIMITS.burst}) app-wide, authorize ${LIMITS.perAdvertiser['tt_video/authorize/'].ratePerSecond}/s (burst ${LIMITS.perAdvertiser['tt_video/authorize/'].burst}) per ad account\n`,
  );
  row('measure', 'figure', 'target');
  row(
    `batch (concurrency ${CONCURRENCY}): submit → last result stored`,
    `${(batch.ms / 1000).toFixed(2)} s`,
    `≤ ${(bound / 1000).toFixed(2)} s (3 × ${LATENCY_MS} ms × ⌈${CODES}/${CONCURRENCY}⌉): ${batch.ms <= bound ? 'met' : 'NOT met'}`,
  );
  row('one after another (concurrency 1), same run', `${(sequential.ms / 1000).toFixed(2)} s`);
  row('sequential / batch', `${speedup.toFixed(1)}×`, `≥ 4×: ${speedup >= 4 ? 'met' : 'NOT met'}`);
  row('… with the ledger re-read and health (batch / seq.)', `${(batch.totalMs / 1000).toFixed(2)} s / ${(sequential.totalMs / 1000).toFixed(2)} s`);
  row('TikTok calls (batch / sequential)', `${batch.calls} / ${sequential.calls} (${batch.authorizeCalls} authorize)`);
  row('max calls in flight (batch / sequential)', `${batch.maxInFlight} / ${sequential.maxInFlight}`, `≤ ${CONCURRENCY} / 1: ${inFlightRespected ? 'met' : 'NOT met'}`);
  row('max calls started in any 1 s (batch / sequential)', `${batch.maxCallsPerSecond} / ${sequential.maxCallsPerSecond}`, `≤ ${appCeiling} (burst + rate)`);
  row(
    'max authorize calls per ad account in any 1 s',
    `${batch.maxAuthorizePerSecondPerAdvertiser} / ${sequential.maxAuthorizePerSecondPerAdvertiser}`,
    `≤ ${authorizeCeiling}: ${limiterRespected ? 'limiter respected' : 'LIMITER EXCEEDED'}`,
  );
  console.log(
    JSON.stringify({
      codes: CODES,
      latencyMs: LATENCY_MS,
      concurrency: CONCURRENCY,
      limiter: LIMITS,
      batchMs: Math.round(batch.ms),
      sequentialMs: Math.round(sequential.ms),
      boundMs: bound,
      withinBound: batch.ms <= bound,
      speedup: Number(speedup.toFixed(2)),
      speedupMet: speedup >= 4,
      batch,
      sequential,
      limiterRespected,
      inFlightRespected,
    }),
  );
} finally {
  await handle.close();
  await server.close();
}
