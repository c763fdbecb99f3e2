// `npm run bench:pages`: the organization pages under load, through the production server.
//
// A throwaway Postgres database and the existing production build (`next build` first if there is none)
// served by two `next start` processes against it: one connected directly, whose pages are timed (as
// the queries they are compared with are run, directly); one through a TCP proxy that counts the
// statements and round trips each request sends (the proxy's hop and parsing would otherwise be timed
// as the page's). Each section (ads, then team) seeds its own organization and measures its pages
// against the same queries run directly in the same run. The last line is one JSON object.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { generateKey } from '@/lib/crypto/keyring';
import { openIsolatedPostgres } from '@/tests/databases';
import { benchAdsPages } from './bench/ads-pages';
import type { PagesBenchContext, PagesBenchFigures } from './bench/pages-context';
import { benchTeamPages } from './bench/team-pages';
import { startRoundTripProxy } from './bench/pg-round-trips';
import { validateFlags, worldSizeFields, worldSizeFrom, worldSizeOptions } from './world-size-flags';

const USAGE = `Usage: npm run bench:pages -- [options]

  --advertisers N          ad accounts of the ads section's organization (default 20)
  --ads-per-advertiser N   ads per ad account (default 5000)
  --members N --tt-accounts N --posts N   the rest of the generated TikTok world
  --requests N             measured requests per page at 10 concurrent clients (default 200; a fifth of it at 1)
  --port N                 port of the timed production server (default 3400; the counted one takes the next)

Postgres: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a throwaway database
is created next to it and dropped at the end. The last line printed is one JSON object.`;

/** Targets of issue #5. */
const TARGETS = { listP95MsAt10: 300, pageVsQueries: 3, roundTrips: 5 } as const;

const cliSchema = z.object({
  ...worldSizeFields,
  requests: z.coerce.number().int().min(10).max(10_000).default(200),
  port: z.coerce.number().int().min(1024).max(65_534).default(3400),
  help: z.boolean().default(false),
});

const root = path.resolve(import.meta.dirname, '..');
const log = (line: string) => console.log(`· ${line}`);

async function ensureBuild(): Promise<void> {
  if (fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return;
  log('no production build found: running next build');
  await new Promise<void>((resolve, reject) => {
    const build = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], { cwd: root, stdio: 'inherit' });
    build.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
  });
}

/** The secrets both servers share, so one session cookie signs in to either. */
const SERVER_SECRETS = { AUTH_SECRET: crypto.randomBytes(32).toString('base64'), TOKEN_ENCRYPTION_KEYS: generateKey() };

async function startServer(port: number, databaseUrl: string, { profile = false } = {}): Promise<{ child: ChildProcess; baseUrl: string; stop: () => Promise<void> }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DEMO: '0',
    ...SERVER_SECRETS,
    // The server only serves pages here; nothing works sync jobs.
    WORKERS: '0',
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      ...(profile && process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []),
      path.join(root, 'node_modules/next/dist/bin/next'),
      'start',
      '-p',
      String(port),
      '-H',
      '127.0.0.1',
    ],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`the production server exited during the benchmark (code ${code}, signal ${signal})`);
  });
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  for (let waited = 0; ; waited += 250) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const ready = await fetch(`${baseUrl}/sign-in`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { child, baseUrl, stop };
    if (waited > 60_000) {
      await stop();
      throw new Error('next start did not answer within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** CPU time (user + system, ms) process `pid` has used, from /proc; null where there is none. */
function processCpuMs(pid: number | undefined): number | null {
  try {
    // The fields after the command name, which may hold spaces and parentheses (hence after the last ')'):
    // state is the 3rd field, utime the 14th, stime the 15th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticksPerSecond = 100; // USER_HZ on Linux
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (cookies.length === 0) throw new Error('sign-in set no cookie');
  return cookies.join('; ');
}

function printTable(figures: PagesBenchFigures) {
  const rows: [string, string, string][] = [];
  const f = (key: string) => figures[key];
  for (const [key, label] of [
    ['adsListFirstPage', 'ads list, first page'],
    ['adsListFiltered', 'ads list, one ad account, blocking'],
    ['adsListSearch', 'ads list, text search'],
    ['adDetail', 'ad detail'],
  ] as const) {
    for (const c of [1, 10]) {
      rows.push([
        `${label} @${c}`,
        `p50 ${f(`${key}C${c}P50Ms`)} / p95 ${f(`${key}C${c}P95Ms`)} ms (queries as owner ${f(`${key}C${c}QueriesP50Ms`)} / ${f(`${key}C${c}QueriesP95Ms`)} ms, ${f(`${key}C${c}P50VsQueries`)}×; as the organization ${f(`${key}C${c}ScopedQueriesP50Ms`)} / ${f(`${key}C${c}ScopedQueriesP95Ms`)} ms, ${f(`${key}C${c}P50VsScopedQueries`)}×)`,
        key.startsWith('adsList') && c === 10 ? `p95 < ${TARGETS.listP95MsAt10} ms: ${Number(f(`${key}C${c}P95Ms`)) < TARGETS.listP95MsAt10 ? 'met' : 'NOT met'}` : '',
      ]);
    }
    rows.push([
      `${label} round trips`,
      `${f(`${key}RoundTrips`)} per request (${f(`${key}Statements`)} statements); its queries ${f(`${key}QueryRoundTrips`)} as owner, ${f(`${key}ScopedQueryRoundTrips`)} as the organization; ${f(`${key}HtmlKb`)} KB of HTML`,
      `≤ ${TARGETS.roundTrips}: ${Number(f(`${key}RoundTrips`)) <= TARGETS.roundTrips ? 'met' : 'NOT met'}`,
    ]);
  }
  for (const [key, label] of [
    ['floorNotFound', "floor: Next's not-found page"],
    ['floorOrgFrame', 'floor: organization frame'],
  ] as const) {
    for (const c of [1, 10]) {
      rows.push([
        `${label} @${c}`,
        `p50 ${f(`${key}C${c}P50Ms`)} ms, server CPU ${f(`${key}C${c}ServerCpuMsPerPage`) ?? '?'} ms per page; ${f(`${key}C${c}P50VsListQueries`)}× the list's first page's queries`,
        '',
      ]);
    }
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log('');
  for (const [a, b, c] of rows) console.log(`${a.padEnd(width)}  ${b}${c ? `  [${c}]` : ''}`);
  console.log('');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { ...worldSizeOptions, requests: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean' } } });
  const args = validateFlags(cliSchema, values, USAGE);
  const size = worldSizeFrom(args);
  if (!size.ok) {
    console.error(size.message);
    process.exit(2);
  }
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  try {
    await ensureBuild();
    const database = await openIsolatedPostgres();
    cleanups.push(database.close);
    const proxy = await startRoundTripProxy(database.url);
    cleanups.push(proxy.close);
    const server = await startServer(args.port, database.url, { profile: true });
    cleanups.push(server.stop);
    const counted = await startServer(args.port + 1, proxy.url);
    cleanups.push(counted.stop);
    log(`production servers on ${server.baseUrl} (timed) and ${counted.baseUrl} (through a round-trip counting proxy), database ${new URL(database.url).pathname.slice(1)}`);
    const ctx: PagesBenchContext = {
      baseUrl: server.baseUrl,
      countedBaseUrl: counted.baseUrl,
      db: database.db,
      forOrganization: database.forOrganization,
      serverTraffic: () => ({ statements: proxy.statements(), roundTrips: proxy.roundTrips() }),
      serverCpuMs: () => processCpuMs(server.child.pid),
      signIn: (email, password) => signIn(server.baseUrl, email, password),
    };
    const started = performance.now();
    const ads = await benchAdsPages(ctx, {
      world: size.world,
      requests: { 1: Math.max(10, Math.round(args.requests / 5)), 10: args.requests },
      databaseUrl: database.url,
      log,
    });
    log('team section (issue #6)');
    const team = await benchTeamPages(ctx);
    const figures: PagesBenchFigures = {
      ...ads,
      ...team,
      adsListP95MsAt10Target: TARGETS.listP95MsAt10,
      adsListP95MsAt10Met: ['adsListFirstPage', 'adsListFiltered', 'adsListSearch'].every((k) => Number(ads[`${k}C10P95Ms`]) < TARGETS.listP95MsAt10),
      pageVsQueriesTarget: TARGETS.pageVsQueries,
      roundTripsTarget: TARGETS.roundTrips,
      totalS: Math.round((performance.now() - started) / 100) / 10,
    };
    printTable(figures);
    console.log(
      `team section: ${Object.entries(team)
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(', ')}`,
    );
    await cleanUp();
    console.log(JSON.stringify(figures));
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

await main();
process.exit(0);
