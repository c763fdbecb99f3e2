// `npm run bench:sync`: the sync engine against a generated large world (issue #4).
//
// The sandbox runs in a child process and is served over real HTTP on 127.0.0.1, so this process
// holds only what a sync worker holds (its memory figures are the sync's) and the client talks HTTP
// as in production. Every figure is compared with a baseline measured in the same run: the re-sync
// with the first sync, the sync's database write time with COPYing the very rows it wrote into
// empty copies of the same tables.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { z } from 'zod';
import type { Database, DatabaseHandle } from '@/db/client';
import { organizations, tiktokConnections } from '@/db/schema';
import { generateKey, parseKeyring } from '@/lib/crypto/keyring';
import { connectionTokenContext, openToken, sealToken } from '@/lib/crypto/tokens';
import type { TikTokApp } from '@/lib/connections/tiktok-app';
import { healthAfterSync } from '@/lib/health/refresh';
import { countSyncedRows, runSync, type SyncRun } from '@/lib/sync';
import { SYNCED_TABLES } from '@/lib/sync/tables';
import { expectedWorld } from '@/lib/sync/test-support';
import { createMemoryLimiter, createTikTokClient, SYSTEM_ORG, type TikTokClientOptions } from '@/lib/tiktok';
import { createSandbox, SANDBOX_ACCESS_TOKEN, SANDBOX_APP_ID, SANDBOX_APP_SECRET, startSandboxServer, type LargeWorldOptions } from '@/lib/tiktok-sandbox';
import { openIsolatedPostgres } from '@/tests/databases';
import { validateFlags, worldSizeFields, worldSizeFrom, worldSizeOptions } from './world-size-flags';

const USAGE = `Usage: npm run bench:sync -- [options]

  --advertisers N          ad accounts in the generated world (default 20)
  --ads-per-advertiser N   ads per ad account (default 5000)
  --members N              Business Center members (default 300)
  --tt-accounts N          TikTok accounts (default 200)
  --posts N                authorized posts (default 2000)
  --sample-ms N            memory sampling interval during the syncs (default 10)
  --timeout-s N            give up (and clean up) after this long (default 900)

Postgres: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); two throwaway
databases are created next to it and dropped at the end. The last line printed is one JSON object.`;

/** Targets of issues #4 and #17 (a scheduled re-sync spends at most half a full sync's TikTok calls). */
const TARGETS = { resyncSpeedup: 5, writeVsCopy: 3, peakRssMb: 500, scheduledShareOfFull: 0.5 } as const;
/** The default schedule and the organizations one TikTok app serves in the quota target. */
const SCHEDULE_MINUTES = 30;
const ORGS_PER_APP = 20;
const SANDBOX_CHILD_FLAG = '--sandbox-child';
const MB = 1024 * 1024;

const cliSchema = z.object({
  ...worldSizeFields,
  'sample-ms': z.coerce.number().int().min(1).max(1000).default(10),
  'timeout-s': z.coerce.number().int().min(10).max(3600).default(900),
  help: z.boolean().default(false),
});

type Args = z.infer<typeof cliSchema>;

function parseCli(argv: string[]): { args: Args; world: LargeWorldOptions } {
  const text = { type: 'string' } as const;
  const { values } = parseArgs({
    args: argv,
    options: { ...worldSizeOptions, 'sample-ms': text, 'timeout-s': text, help: { type: 'boolean' } },
  });
  const args = validateFlags(cliSchema, values, USAGE);
  const size = worldSizeFrom(args);
  if (!size.ok) {
    console.error(size.message);
    process.exit(2);
  }
  return { args, world: size.world };
}

// ---- the sandbox, in a child process -------------------------------------------------------------

type Expected = ReturnType<typeof expectedWorld>;
type SandboxReady = { type: 'ready'; url: string; buildMs: number; expected: Expected };

/** Child side: builds the world (every ad tree up front, so both syncs see the same sandbox), serves it, stops with the parent. */
async function serveSandboxChild(world: LargeWorldOptions): Promise<void> {
  const started = performance.now();
  // Frozen clock (the default): the re-sync sees exactly what the first sync saw.
  const sandbox = createSandbox({ world: { large: world }, rateLimits: false });
  const expected = expectedWorld(sandbox.world);
  const buildMs = performance.now() - started;
  const server = await startSandboxServer(sandbox, { port: 0, host: '127.0.0.1' });
  const stop = () => void server.close().finally(() => process.exit(0));
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.send?.({ type: 'ready', url: server.url, buildMs, expected } satisfies SandboxReady);
}

type SandboxProcess = SandboxReady & { child: ChildProcess; stop: () => Promise<void> };

function startSandboxChild(argv: string[]): Promise<SandboxProcess> {
  // process.execArgv carries tsx's loader and --conditions=react-server.
  const child = fork(fileURLToPath(import.meta.url), [SANDBOX_CHILD_FLAG, ...argv], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    child.once('message', (message: SandboxReady) => resolve({ ...message, child, stop }));
    child.once('exit', (code, signal) => reject(new Error(`the sandbox process exited before it was ready (code ${code}, signal ${signal})`)));
    child.once('error', reject);
  });
}

// ---- measuring -----------------------------------------------------------------------------------

type MemoryPeak = { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; samples: number };

/** Samples process.memoryUsage() every `everyMs` until stopped; the peak of each figure. */
function sampleMemory(everyMs: number): { stop: () => MemoryPeak } {
  const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, samples: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
    peak.external = Math.max(peak.external, m.external + m.arrayBuffers);
    peak.samples += 1;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rssMb: peak.rss / MB, heapUsedMb: peak.heapUsed / MB, heapTotalMb: peak.heapTotal / MB, externalMb: peak.external / MB, samples: peak.samples };
    },
  };
}

/**
 * The database as the sync sees it, timing every transaction it opens. runSync reads a unit from
 * TikTok completely before it opens the unit's transaction, and all its writes to synced tables
 * happen inside one, so this is the sync's database write time without any fetch time in it.
 */
function timingTransactions(db: Database): { db: Database; writeMs: () => number; transactions: () => number } {
  let total = 0;
  let opened = 0;
  const timed = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') {
        return async (...args: Parameters<Database['transaction']>) => {
          const started = performance.now();
          opened += 1;
          try {
            return await target.transaction(...args);
          } finally {
            total += performance.now() - started;
          }
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: timed, writeMs: () => total, transactions: () => opened };
}

type SyncMeasure = { run: SyncRun; wallMs: number; writeMs: number; transactions: number; memory: MemoryPeak };

async function measureSync(db: Database, options: Parameters<typeof runSync>[1], sampleMs: number): Promise<SyncMeasure> {
  const timed = timingTransactions(db);
  const memory = sampleMemory(sampleMs);
  const started = performance.now();
  let run: SyncRun;
  let peak: MemoryPeak;
  try {
    run = await runSync(timed.db, options);
  } finally {
    peak = memory.stop();
  }
  return { run, wallMs: performance.now() - started, writeMs: timed.writeMs(), transactions: timed.transactions(), memory: peak };
}

const sumCounters = (run: SyncRun, field: 'fetched' | 'inserted' | 'updated' | 'removed') => Object.values(run.counters).reduce((sum, c) => sum + c[field], 0);

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One value in COPY's text format: the type's text output (what `::text` gives) with COPY's escapes; NULL is `\N`. */
const copyText = (value: string | null) => (value === null ? '\\N' : value.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c] ?? c));

/**
 * A table's rows as COPY text. postgres.js' `copy … to stdout` readable can leave its connection
 * paused for good when the last CopyData and CopyDone arrive in one socket read
 * (porsager/postgres#499, fix pending in #1016), so the rows are read with a plain cursor, every
 * column cast to text by the type's own output function, exactly what COPY TO would print.
 */
async function readAsCopyText(sql: postgres.Sql, name: string): Promise<{ columns: string[]; chunks: Buffer[]; rows: number }> {
  const columns = (await sql<{ name: string }[]>`select attname as name from pg_attribute where attrelid = ${name}::regclass and attnum > 0 and not attisdropped order by attnum`).map((c) => c.name);
  const chunks: Buffer[] = [];
  let rows = 0;
  const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
  const select = sql.unsafe(`select ${columns.map((c) => `${quote(c)}::text as ${quote(c)}`).join(', ')} from ${quote(name)}`);
  for await (const batch of select.cursor(5_000) as AsyncIterable<Record<string, string | null>[]>) {
    chunks.push(Buffer.from(batch.map((row) => `${columns.map((c) => copyText(row[c] ?? null)).join('\t')}\n`).join('')));
    rows += batch.length;
  }
  return { columns, chunks, rows };
}

/**
 * COPYs every synced row of `source` into the same, empty tables of `target`: the fastest way
 * Postgres takes these rows. The rows are read out first (untimed) as COPY text, so they are the
 * very rows the sync wrote; only the COPY into `target` is timed.
 */
async function copyBaseline(sourceUrl: string, targetUrl: string): Promise<{ ms: number; rows: number; bytes: number; perTable: Record<string, { rows: number; ms: number }> }> {
  const source = postgres(sourceUrl, { max: 1, onnotice: () => {} });
  const target = postgres(targetUrl, { max: 1, onnotice: () => {} });
  try {
    const perTable: Record<string, { rows: number; ms: number }> = {};
    let ms = 0;
    let rows = 0;
    let bytes = 0;
    for (const table of SYNCED_TABLES) {
      const name = getTableConfig(table).name;
      const data = await readAsCopyText(source, name);
      const [{ before } = { before: -1 }] = await target<{ before: number }[]>`select count(*)::int as before from ${target(name)}`;
      if (before !== 0) throw new Error(`${name} is not empty in the COPY baseline's database`);
      const started = performance.now();
      await pipeline(Readable.from(data.chunks), await target`copy ${target(name)} (${target(data.columns)}) from stdin`.writable());
      const took = performance.now() - started;
      // Same rows, same values: a checksum over every row's text in both databases.
      const checksum = async (sql: postgres.Sql) =>
        (await sql<{ rows: number; sum: string }[]>`select count(*)::int as rows, coalesce(sum(hashtext(t::text)::numeric), 0)::text as sum from ${sql(name)} t`)[0];
      const [copied, original] = [await checksum(target), await checksum(source)];
      if (copied?.rows !== data.rows || copied.sum !== original?.sum) throw new Error(`COPY into ${name} stored other rows than the sync wrote`);
      perTable[name] = { rows: data.rows, ms: took };
      ms += took;
      rows += data.rows;
      bytes += data.chunks.reduce((sum, c) => sum + c.length, 0);
    }
    return { ms, rows, bytes, perTable };
  } finally {
    await source.end({ timeout: 5 });
    await target.end({ timeout: 5 });
  }
}

// ---- the benchmark -------------------------------------------------------------------------------

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const perSecond = (rows: number, ms: number) => (ms > 0 ? rows / (ms / 1000) : 0);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

async function createOrgAndConnection(db: Database, baseUrl: string, keyring: ReturnType<typeof parseKeyring>) {
  const [org] = await db
    .insert(organizations)
    .values({ name: 'Sync benchmark', slug: `bench-${crypto.randomUUID().slice(0, 8)}`, kind: 'agency' })
    .returning();
  if (!org) throw new Error('the organization was not created');
  // What a new connection selects, as the app discovers it: every ad account and BC the token reaches.
  const discovery = createTikTokClient({ baseUrl, accessToken: SANDBOX_ACCESS_TOKEN, orgId: SYSTEM_ORG, limiter: createMemoryLimiter({ ratePerSecond: 1000, burst: 1000 }) });
  const advertisers = await discovery.listAuthorizedAdvertisers({ app_id: SANDBOX_APP_ID, secret: SANDBOX_APP_SECRET });
  const bcIds: string[] = [];
  for await (const page of discovery.pages.listBusinessCenters({})) bcIds.push(...page.items.map((bc) => bc.bc_info.bc_id));
  const connectionId = randomUUID();
  const [connection] = await db
    .insert(tiktokConnections)
    .values({
      orgId: org.id,
      id: connectionId,
      label: 'Benchmark sandbox',
      method: 'access_token',
      // Sealed at rest like the app does; the sync below opens it like a worker does.
      accessTokenSealed: sealToken(keyring, SANDBOX_ACCESS_TOKEN, connectionTokenContext({ orgId: org.id, connectionId })),
      advertiserIds: advertisers.map((a) => a.advertiser_id),
      bcIds,
    })
    .returning();
  if (!connection) throw new Error('the connection was not created');
  return { org, connection };
}

/** Fails loudly if a run did not store what the world holds; a benchmark of a broken sync is worthless. */
function checkRun(label: string, run: SyncRun, expectChanges: boolean) {
  if (run.status !== 'succeeded') throw new Error(`${label} ended ${run.status}: ${JSON.stringify(run.errors)}`);
  const changes = sumCounters(run, 'inserted') + sumCounters(run, 'updated') + sumCounters(run, 'removed');
  if (!expectChanges && changes !== 0) throw new Error(`${label} changed ${changes} rows of an unchanged world: ${JSON.stringify(run.counters)}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === SANDBOX_CHILD_FLAG) {
    await serveSandboxChild(parseCli(argv.slice(1)).world);
    return;
  }
  const { args, world } = parseCli(argv);
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
  };
  const deadline = setTimeout(() => {
    console.error(`bench:sync: still running after ${args['timeout-s']} s; giving up`);
    // Cleaning up gets half a minute; then the process ends regardless.
    setTimeout(() => process.exit(1), 30_000).unref();
    void cleanUp().finally(() => process.exit(1));
  }, args['timeout-s'] * 1000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }

  try {
    const log = (line: string) => console.log(`· ${line}`);
    log(`world: ${world.advertisers} advertisers × ${world.adsPerAdvertiser} ads, ${world.members} members, ${world.ttAccounts} TikTok accounts, ${world.posts} posts`);

    const sandbox = await startSandboxChild(argv);
    cleanups.push(sandbox.stop);
    const baseUrl = `${sandbox.url}/open_api/v1.3/`;
    log(`sandbox built in ${seconds(sandbox.buildMs)} (child process ${sandbox.child.pid}), serving ${sandbox.url}`);

    const synced: DatabaseHandle & { url: string } = await openIsolatedPostgres();
    cleanups.push(synced.close);
    const keyring = parseKeyring(generateKey(), 'the benchmark keyring');
    const { org, connection } = await createOrgAndConnection(synced.db, baseUrl, keyring);
    log(`database ${new URL(synced.url).pathname.slice(1)}: org ${org.id}, connection with ${connection.advertiserIds.length} ad accounts and ${connection.bcIds.length} BCs`);

    const tiktok: Omit<TikTokClientOptions, 'orgId'> = {
      baseUrl,
      accessToken: openToken(keyring, connection.accessTokenSealed, connectionTokenContext({ orgId: org.id, connectionId: connection.id })),
      // The sandbox is not rate limited here; the limiter is still on the path, as in production.
      limiter: createMemoryLimiter({ ratePerSecond: 100_000, burst: 100_000 }),
      timeoutMs: 60_000,
    };
    // The after-sync work a worker does (health, then the preview checks the budget allows), counted on the run.
    const app: TikTokApp = { target: { baseUrl, appId: SANDBOX_APP_ID, appSecret: SANDBOX_APP_SECRET, portalAuthUrl: `${sandbox.url}/portal/auth`, sandbox: true }, limiter: tiktok.limiter };
    // The syncs run on a simulated clock: the full one at t0, the scheduled one a schedule interval later.
    const t0 = Date.now();
    const at = (minutes: number) => () => new Date(t0 + minutes * 60_000);
    const syncOptions = { orgId: org.id, connectionId: connection.id, tiktok, afterSync: [healthAfterSync(app, keyring)] };

    log('full sync (the first scheduled run reads everything)…');
    const first = await measureSync(synced.db, { ...syncOptions, trigger: 'schedule', now: at(0) }, args['sample-ms']);
    checkRun('the first sync', first.run, true);
    const stored = await countSyncedRows(synced.db, { orgId: org.id, connectionId: connection.id });
    for (const [table, rows] of Object.entries(sandbox.expected.counts)) {
      if (stored[table] !== rows) throw new Error(`after the first sync ${table} holds ${stored[table]} rows; the world has ${rows}`);
    }
    const maxRssAfterFirstMb = process.resourceUsage().maxRSS / 1024;

    log(`scheduled re-sync ${SCHEDULE_MINUTES} minutes later (permissions not due)…`);
    const scheduled = await measureSync(synced.db, { ...syncOptions, trigger: 'schedule', now: at(SCHEDULE_MINUTES) }, args['sample-ms']);
    checkRun('the scheduled re-sync', scheduled.run, false);
    if (scheduled.run.readPermissions) throw new Error('the scheduled re-sync read permissions although they were not due');

    log('no-change re-sync reading everything (Sync now)…');
    const again = await measureSync(synced.db, { ...syncOptions, trigger: 'manual', now: at(SCHEDULE_MINUTES + 1) }, args['sample-ms']);
    checkRun('the re-sync', again.run, false);

    log('COPY baseline into a second fresh database…');
    const baseline: DatabaseHandle & { url: string } = await openIsolatedPostgres();
    cleanups.push(baseline.close);
    const [orgRow] = await synced.db.select().from(organizations).where(eq(organizations.id, org.id));
    const [connectionRow] = await synced.db.select().from(tiktokConnections).where(eq(tiktokConnections.id, connection.id));
    if (!orgRow || !connectionRow) throw new Error('the org or connection disappeared');
    await baseline.db.insert(organizations).values(orgRow);
    await baseline.db.insert(tiktokConnections).values(connectionRow);
    const copy = await copyBaseline(synced.url, baseline.url);

    const rowsWritten = sumCounters(first.run, 'inserted') + sumCounters(first.run, 'updated') + sumCounters(first.run, 'removed');
    const rowsChecked = sumCounters(again.run, 'fetched');
    if (copy.rows !== rowsWritten) throw new Error(`the COPY baseline holds ${copy.rows} rows, the sync wrote ${rowsWritten}`);

    const resyncSpeedup = first.wallMs / again.wallMs;
    const writeVsCopy = first.writeMs / copy.ms;
    const peakRssMb = Math.max(first.memory.rssMb, again.memory.rssMb);
    const peakHeapMb = Math.max(first.memory.heapUsedMb, again.memory.heapUsedMb);
    const scheduledShare = scheduled.run.apiCalls / first.run.apiCalls;
    // 20 organizations on the default schedule: each scheduled run's calls every 30 minutes, and over
    // a day 47 such runs plus one that reads the permission tier too (a full sync's calls).
    const runsPerDay = (24 * 60) / SCHEDULE_MINUTES;
    const requestsPerSecond = (ORGS_PER_APP * scheduled.run.apiCalls) / (SCHEDULE_MINUTES * 60);
    const dailyRequestsPerSecond = (ORGS_PER_APP * ((runsPerDay - 1) * scheduled.run.apiCalls + first.run.apiCalls)) / 86_400;
    const met = {
      scheduledShare: scheduledShare <= TARGETS.scheduledShareOfFull,
      resyncSpeedup: resyncSpeedup >= TARGETS.resyncSpeedup,
      writeVsCopy: writeVsCopy <= TARGETS.writeVsCopy,
      peakRss: peakRssMb < TARGETS.peakRssMb,
    };

    const mark = (ok: boolean) => (ok ? 'met' : 'NOT MET');
    const table: [string, string, string, string][] = [
      ['full sync: wall time', seconds(first.wallMs), '', ''],
      ['full sync: rows written', thousands(rowsWritten), '', ''],
      ['full sync: rows/s', thousands(perSecond(rowsWritten, first.wallMs)), '', ''],
      ['full sync: API calls (previews included)', thousands(first.run.apiCalls), '', ''],
      ['scheduled re-sync: API calls (previews included)', thousands(scheduled.run.apiCalls), '', ''],
      ['share scheduled re-sync / full sync', `${(scheduledShare * 100).toFixed(1)} %`, `≤ ${TARGETS.scheduledShareOfFull * 100} %`, mark(met.scheduledShare)],
      [`${ORGS_PER_APP} orgs every ${SCHEDULE_MINUTES} min: requests/s`, requestsPerSecond.toFixed(2), '', ''],
      [`${ORGS_PER_APP} orgs, day average with one permission read each: requests/s`, dailyRequestsPerSecond.toFixed(2), '', ''],
      ['scheduled re-sync: wall time', seconds(scheduled.wallMs), '', ''],
      ['full sync: DB write time (in transactions)', seconds(first.writeMs), '', ''],
      ['full sync: fetch + other time', seconds(first.wallMs - first.writeMs), '', ''],
      ['re-sync (no change): wall time', seconds(again.wallMs), '', ''],
      ['re-sync: rows checked/s', thousands(perSecond(rowsChecked, again.wallMs)), '', ''],
      ['re-sync: DB time (in transactions)', seconds(again.writeMs), '', ''],
      ['re-sync: fetch + other time', seconds(again.wallMs - again.writeMs), '', ''],
      ['ratio full sync / re-sync', `${resyncSpeedup.toFixed(2)}×`, `≥ ${TARGETS.resyncSpeedup}×`, mark(met.resyncSpeedup)],
      ['COPY baseline: same rows, same tables', seconds(copy.ms), '', ''],
      ['COPY baseline: rows/s', thousands(perSecond(copy.rows, copy.ms)), '', ''],
      ['ratio sync write time / COPY', `${writeVsCopy.toFixed(2)}×`, `≤ ${TARGETS.writeVsCopy}×`, mark(met.writeVsCopy)],
      ['peak RSS during the syncs', `${peakRssMb.toFixed(0)} MB`, `< ${TARGETS.peakRssMb} MB`, mark(met.peakRss)],
      ['peak heap used during the syncs', `${peakHeapMb.toFixed(0)} MB`, '', ''],
    ];
    const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((row) => row[i]!.length), ['measure', 'value', 'target', ''][i]!.length));
    const line = (cells: string[]) =>
      cells
        .map((cell, i) => (i === 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd();
    console.log('');
    console.log(line(['measure', 'value', 'target', 'status']));
    console.log(line(widths.map((w) => '─'.repeat(w))));
    for (const row of table) console.log(line(row));
    console.log('');
    console.log(
      `rows per table: ${Object.entries(copy.perTable)
        .map(([name, t]) => `${name} ${t.rows}`)
        .join(', ')}`,
    );
    console.log(`calls per endpoint, full sync: ${JSON.stringify(first.run.apiCallsByEndpoint)}`);
    console.log(`calls per endpoint, scheduled re-sync: ${JSON.stringify(scheduled.run.apiCallsByEndpoint)}`);
    console.log(`memory: ${first.memory.samples + again.memory.samples} samples every ${args['sample-ms']} ms; process max RSS (getrusage) after the full sync ${maxRssAfterFirstMb.toFixed(0)} MB`);
    console.log('');

    const ms = (value: number) => round(value, 1);
    console.log(
      JSON.stringify({
        benchmark: 'sync',
        world,
        fullSync: {
          wallMs: ms(first.wallMs),
          rowsWritten,
          rowsPerSec: round(perSecond(rowsWritten, first.wallMs)),
          apiCalls: first.run.apiCalls,
          apiCallsByEndpoint: first.run.apiCallsByEndpoint,
          writeMs: ms(first.writeMs),
          transactions: first.transactions,
          fetchAndOtherMs: ms(first.wallMs - first.writeMs),
          writeRowsPerSec: round(perSecond(rowsWritten, first.writeMs)),
        },
        resync: {
          wallMs: ms(again.wallMs),
          rowsChecked,
          rowsWritten: sumCounters(again.run, 'inserted') + sumCounters(again.run, 'updated') + sumCounters(again.run, 'removed'),
          rowsPerSec: round(perSecond(rowsChecked, again.wallMs)),
          apiCalls: again.run.apiCalls,
          dbMs: ms(again.writeMs),
          fetchAndOtherMs: ms(again.wallMs - again.writeMs),
        },
        scheduledResync: {
          minutesAfterFullSync: SCHEDULE_MINUTES,
          wallMs: ms(scheduled.wallMs),
          apiCalls: scheduled.run.apiCalls,
          apiCallsByEndpoint: scheduled.run.apiCallsByEndpoint,
          shareOfFullSync: round(scheduledShare, 3),
          requestsPerSecondFor20Orgs: round(requestsPerSecond, 2),
          dayAverageRequestsPerSecondFor20Orgs: round(dailyRequestsPerSecond, 2),
        },
        copyBaseline: { ms: ms(copy.ms), rows: copy.rows, bytes: copy.bytes, rowsPerSec: round(perSecond(copy.rows, copy.ms)) },
        memory: {
          fullSync: {
            peakRssMb: round(first.memory.rssMb),
            peakHeapUsedMb: round(first.memory.heapUsedMb),
            peakHeapTotalMb: round(first.memory.heapTotalMb),
            peakExternalMb: round(first.memory.externalMb),
          },
          resync: {
            peakRssMb: round(again.memory.rssMb),
            peakHeapUsedMb: round(again.memory.heapUsedMb),
            peakHeapTotalMb: round(again.memory.heapTotalMb),
            peakExternalMb: round(again.memory.externalMb),
          },
          maxRssAfterFullSyncMb: round(maxRssAfterFirstMb),
          sampleMs: args['sample-ms'],
        },
        ratios: {
          fullOverResync: round(resyncSpeedup, 2),
          writeOverCopy: round(writeVsCopy, 2),
          fullWriteOverResyncDb: round(first.writeMs / again.writeMs, 2),
          fetchShareOfResync: round((again.wallMs - again.writeMs) / again.wallMs, 2),
        },
        peakRssMb: round(peakRssMb),
        peakHeapUsedMb: round(peakHeapMb),
        targets: {
          scheduledShareOfFullAtMost: TARGETS.scheduledShareOfFull,
          fullOverResyncAtLeast: TARGETS.resyncSpeedup,
          writeOverCopyAtMost: TARGETS.writeVsCopy,
          peakRssMbBelow: TARGETS.peakRssMb,
        },
        met,
      }),
    );
  } finally {
    clearTimeout(deadline);
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error('bench:sync failed:', error);
  process.exitCode = 1;
});
