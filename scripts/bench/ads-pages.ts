// The ads section of `npm run bench:pages`: an organization with a large synced sandbox world (default
// 20 ad accounts × 5,000 ads), its health computed by the rule engine, then the ads list (first page,
// a filtered page, a text search) and one ad's page measured through the production server, each
// against the same query functions run directly on the database in the same run: as the database owner
// (no row-level security, the baseline of issue #5) and as the organization (`forOrganization`, row-level
// security on, as the page runs them).
import { and, eq, sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { adHealth, tiktokConnections } from '@/db/schema';
import { registerUser } from '@/lib/tenancy/sign-up';
import { getAdDetail } from '@/lib/health/ad-detail';
import { listAds, parseAdsListQuery, type AdsListQuery } from '@/lib/health/queries';
import { recomputeOrgHealth } from '@/lib/health/recompute';
import { runSync } from '@/lib/sync';
import { expectedWorld, sandboxClientOptions } from '@/lib/sync/test-support';
import { createSandbox, startSandboxServer, type LargeWorldOptions } from '@/lib/tiktok-sandbox';
import { measureLatency, type LatencySummary } from './measure';
import type { PagesBenchContext, PagesBenchFigures } from './pages-context';
import { startRoundTripProxy } from './pg-round-trips';

export type AdsPagesOptions = {
  world: LargeWorldOptions;
  /** Measured requests per page and concurrency. */
  requests: { 1: number; 10: number };
  /** `postgres://…` of the benchmark database (for a counted connection of the direct runs). */
  databaseUrl: string;
  log: (line: string) => void;
};

const PASSWORD = 'bench pages password 42';
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

type Seeded = { orgId: string; slug: string; email: string; advertiserIds: string[]; blockingAdIds: string[]; searchTerm: string; figures: PagesBenchFigures };

/** Syncs a large sandbox world into a new organization (owned by a new user) and computes its health, as after a real sync. */
async function seed(ctx: PagesBenchContext, options: AdsPagesOptions): Promise<Seeded> {
  const { db } = ctx;
  const started = performance.now();
  const sandbox = createSandbox({ world: { large: options.world }, rateLimits: false });
  const server = await startSandboxServer(sandbox, { port: 0, host: '127.0.0.1' });
  try {
    const email = `bench-ads-${crypto.randomUUID().slice(0, 8)}@bench.example`;
    const { organization } = await registerUser(db, { name: 'Bench buyer', email, password: PASSWORD, orgName: 'Bench ads', orgKind: 'agency' });
    if (!organization) throw new Error('the benchmark organization was not created');
    const expected = expectedWorld(sandbox.world);
    const [connection] = await db
      .insert(tiktokConnections)
      // The sync runs in this process with the sandbox token; the server never opens this connection's token.
      .values({
        orgId: organization.id,
        label: 'Benchmark sandbox',
        method: 'access_token',
        accessTokenSealed: 'not-used-by-the-benchmark',
        advertiserIds: expected.advertiserIds,
        bcIds: expected.bcIds,
      })
      .returning();
    if (!connection) throw new Error('the benchmark connection was not created');
    const run = await runSync(db, { orgId: organization.id, connectionId: connection.id, tiktok: sandboxClientOptions(server.url), afterSync: [] });
    if (run.status !== 'succeeded') throw new Error(`the benchmark sync ended ${run.status}: ${JSON.stringify(run.errors)}`);
    const syncMs = performance.now() - started;
    options.log(`synced ${expected.advertiserIds.length} ad accounts in ${(syncMs / 1000).toFixed(1)} s`);
    const recomputeStarted = performance.now();
    const health = await recomputeOrgHealth(db, { orgId: organization.id });
    const recomputeMs = performance.now() - recomputeStarted;
    options.log(`health of ${health.evaluated} ads computed in ${(recomputeMs / 1000).toFixed(1)} s: ${JSON.stringify(health.byStatus)}`);
    // What autovacuum does shortly after a recompute in a running deployment: fresh statistics and visibility map.
    await db.execute(sql`vacuum analyze ad_health`);

    const advertiserIds = [...new Set((await db.selectDistinct({ id: adHealth.advertiserId }).from(adHealth).where(eq(adHealth.orgId, organization.id))).map((r) => r.id))].sort();
    const blocking = await db
      .select({ adId: adHealth.adId, handle: adHealth.identityHandle })
      .from(adHealth)
      .where(and(eq(adHealth.orgId, organization.id), eq(adHealth.status, 'blocking')))
      .orderBy(adHealth.adId)
      .limit(50);
    // A handle, as a media buyer searches for a creator's ads.
    const searchTerm = blocking.find((b) => b.handle)?.handle ?? blocking[0]?.adId ?? 'bench';
    return {
      orgId: organization.id,
      slug: organization.slug,
      email,
      advertiserIds,
      blockingAdIds: blocking.map((b) => b.adId),
      searchTerm,
      figures: {
        adsSeeded: health.evaluated,
        adsSeedSyncS: round(syncMs / 1000),
        adsSeedRecomputeS: round(recomputeMs / 1000),
        adsBlocking: health.byStatus.blocking,
        adsHealthy: health.byStatus.healthy,
      },
    };
  } finally {
    await server.close();
  }
}

/** `measureLatency` of calls to the timed server, with that server's CPU per call (the warm-up calls are calls too), or null where the system does not say. */
async function measureOnServer(
  ctx: PagesBenchContext,
  call: (index: number) => Promise<void>,
  options: { requests: number; concurrency: number },
): Promise<LatencySummary & { serverCpuMsPerCall: number | null }> {
  const cpuBefore = ctx.serverCpuMs();
  const measured = await measureLatency(call, options);
  const cpuAfter = ctx.serverCpuMs();
  return { ...measured, serverCpuMsPerCall: cpuBefore !== null && cpuAfter !== null ? round((cpuAfter - cpuBefore) / measured.calls) : null };
}

type Target = {
  /** Key in the figures, e.g. `adsListFirstPage`. */
  key: string;
  label: string;
  /** The page's path for request `i`. */
  path: (i: number) => string;
  /** Text a correctly rendered page contains (an error page would be measured otherwise). */
  marker: string;
  /** The page's own queries, run directly on `db` (of the organization `orgId`). */
  raw: (db: PagesBenchContext['db'], i: number) => Promise<unknown>;
};

export async function benchAdsPages(ctx: PagesBenchContext, options: AdsPagesOptions): Promise<PagesBenchFigures> {
  const seeded = await seed(ctx, options);
  const cookie = await ctx.signIn(seeded.email, PASSWORD);
  const list = (query: AdsListQuery) => (db: PagesBenchContext['db']) => listAds(db, { orgId: seeded.orgId, query });
  const filter = { advertiser: seeded.advertiserIds[1] ?? seeded.advertiserIds[0], status: 'blocking' } as const;
  const adAt = (i: number) => seeded.blockingAdIds[i % seeded.blockingAdIds.length] ?? '';
  const targets: Target[] = [
    { key: 'adsListFirstPage', label: 'ads list, first page', path: () => `/o/${seeded.slug}/ads`, marker: 'data-testid="ad-row-', raw: list({}) },
    {
      key: 'adsListFiltered',
      label: `ads list, blocking ads of one ad account`,
      path: () => `/o/${seeded.slug}/ads?advertiser=${filter.advertiser}&status=blocking`,
      marker: 'data-testid="ad-row-',
      raw: list(parseAdsListQuery(filter)),
    },
    {
      key: 'adsListSearch',
      label: `ads list, text search "${seeded.searchTerm}"`,
      path: () => `/o/${seeded.slug}/ads?q=${encodeURIComponent(seeded.searchTerm)}`,
      marker: 'data-testid="ad-row-',
      raw: list({ q: seeded.searchTerm }),
    },
    {
      key: 'adDetail',
      label: 'ad detail (a different blocking ad each time)',
      path: (i) => `/o/${seeded.slug}/ads/${adAt(i)}`,
      marker: 'data-testid="pillar-business_center"',
      raw: (db, i) => getAdDetail(db, { orgId: seeded.orgId, adId: adAt(i) }),
    },
  ];

  const get = async (path: string, marker: string, base = ctx.baseUrl, status = 200) => {
    const response = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
    const body = await response.text();
    if (response.status !== status || !body.includes(marker)) throw new Error(`GET ${path} answered ${response.status} without the expected content`);
    return Buffer.byteLength(body);
  };

  // The direct runs go through a counting proxy too, so their statements are counted the same way; on
  // two connections, so that the median run finds its statements prepared, as they are in a running server.
  const proxy = await startRoundTripProxy(options.databaseUrl);
  const counted = await openDatabase({ driver: 'postgres', url: proxy.url, max: 2 });
  const scoped = { owner: ctx.db, organization: ctx.forOrganization(seeded.orgId) };
  const countedScoped = { owner: counted.db, organization: counted.forOrganization(seeded.orgId) };
  const figures: PagesBenchFigures = { ...seeded.figures };
  try {
    // Both servers render each page a few times first, so neither is timed cold.
    for (const target of targets) for (let i = 0; i < 10; i++) for (const base of [ctx.baseUrl, ctx.countedBaseUrl]) await get(target.path(i), target.marker, base);
    for (const target of targets) {
      for (const concurrency of [1, 10] as const) {
        const requests = options.requests[concurrency];
        const measured = await measureOnServer(ctx, async (i) => void (await get(target.path(i), target.marker)), { requests, concurrency });
        // The same pages from the server behind the counting proxy: what the proxy's hop adds (reported, not the figure).
        const viaProxy: LatencySummary = await measureLatency(async (i) => void (await get(target.path(i), target.marker, ctx.countedBaseUrl)), { requests, concurrency });
        const owner: LatencySummary = await measureLatency(async (i) => void (await target.raw(scoped.owner, i)), { requests, concurrency });
        const organization: LatencySummary = await measureLatency(async (i) => void (await target.raw(scoped.organization, i)), { requests, concurrency });
        const prefix = `${target.key}C${concurrency}`;
        figures[`${prefix}P50Ms`] = measured.p50Ms;
        figures[`${prefix}P95Ms`] = measured.p95Ms;
        figures[`${prefix}QueriesP50Ms`] = owner.p50Ms;
        figures[`${prefix}QueriesP95Ms`] = owner.p95Ms;
        figures[`${prefix}P50VsQueries`] = round(measured.p50Ms / Math.max(owner.p50Ms, 0.1), 2);
        figures[`${prefix}ScopedQueriesP50Ms`] = organization.p50Ms;
        figures[`${prefix}ScopedQueriesP95Ms`] = organization.p95Ms;
        figures[`${prefix}P50VsScopedQueries`] = round(measured.p50Ms / Math.max(organization.p50Ms, 0.1), 2);
        figures[`${prefix}ViaProxyP50Ms`] = viaProxy.p50Ms;
        if (measured.serverCpuMsPerCall !== null) figures[`${prefix}ServerCpuMsPerPage`] = measured.serverCpuMsPerCall;
        figures[`${prefix}ViaProxyP50VsScopedQueries`] = round(viaProxy.p50Ms / Math.max(organization.p50Ms, 0.1), 2);
        options.log(
          `${target.label} at ${concurrency} client${concurrency === 1 ? '' : 's'}: page p50 ${measured.p50Ms} ms / p95 ${measured.p95Ms} ms (through the counting proxy ${viaProxy.p50Ms} / ${viaProxy.p95Ms} ms; the server's CPU ${figures[`${prefix}ServerCpuMsPerPage`] ?? '?'} ms per page); its queries p50 ${owner.p50Ms} ms / p95 ${owner.p95Ms} ms as the owner, ${organization.p50Ms} / ${organization.p95Ms} ms as the organization`,
        );
      }
      // Round trips: serial requests after the timed ones (every pooled connection has prepared the page's
      // statements by then, as in a running server), the median of what each one caused (scheduled work
      // of the server could add a stray one).
      const page = { roundTrips: [] as number[], statements: [] as number[] };
      const raw = { owner: [] as number[], organization: [] as number[], organizationStatements: [] as number[] };
      let bytes = 0;
      for (let i = 0; i < 7; i++) {
        const before = ctx.serverTraffic();
        bytes = await get(target.path(i), target.marker, ctx.countedBaseUrl);
        const after = ctx.serverTraffic();
        page.roundTrips.push(after.roundTrips - before.roundTrips);
        page.statements.push(after.statements - before.statements);
        for (const as of ['owner', 'organization'] as const) {
          const rawBefore = { roundTrips: proxy.roundTrips(), statements: proxy.statements() };
          await target.raw(countedScoped[as], i);
          raw[as].push(proxy.roundTrips() - rawBefore.roundTrips);
          if (as === 'organization') raw.organizationStatements.push(proxy.statements() - rawBefore.statements);
        }
      }
      figures[`${target.key}RoundTrips`] = median(page.roundTrips);
      figures[`${target.key}Statements`] = median(page.statements);
      figures[`${target.key}QueryRoundTrips`] = median(raw.owner);
      figures[`${target.key}ScopedQueryRoundTrips`] = median(raw.organization);
      figures[`${target.key}ScopedQueryStatements`] = median(raw.organizationStatements);
      figures[`${target.key}HtmlKb`] = round(bytes / 1024);
      options.log(
        `${target.label}: ${figures[`${target.key}RoundTrips`]} round trips per request (${figures[`${target.key}Statements`]} statements); its queries ${figures[`${target.key}QueryRoundTrips`]} as the owner, ${figures[`${target.key}ScopedQueryRoundTrips`]} as the organization; ${figures[`${target.key}HtmlKb`]} KB of HTML`,
      );
    }
    await measureFloors(ctx, { figures, slug: seeded.slug, requests: options.requests, get, log: options.log });
  } finally {
    await counted.close();
    await proxy.close();
  }
  return figures;
}

/**
 * The floor under the ratios: pages with (almost) nothing of their own, timed on the same server right
 * after the list, as multiples of the list's first page's queries (as the owner) at the same
 * concurrency. Next's not-found page (signed in; no query of its own) is what any page costs the
 * framework; the renewals page of an organization without renewal requests is the organization's frame
 * (sidebar, sync bar, the membership and sync bar reads) around one empty read. No trimming of the list
 * takes its page below these.
 */
async function measureFloors(
  ctx: PagesBenchContext,
  {
    figures,
    slug,
    requests,
    get,
    log,
  }: {
    figures: PagesBenchFigures;
    slug: string;
    requests: AdsPagesOptions['requests'];
    get: (path: string, marker: string, base?: string, status?: number) => Promise<number>;
    log: (line: string) => void;
  },
): Promise<void> {
  const floors = [
    { key: 'floorNotFound', label: "Next's not-found page", path: '/no-such-page', marker: 'Page not found', status: 404 },
    { key: 'floorOrgFrame', label: 'the organization frame (renewals, none requested)', path: `/o/${slug}/renewals`, marker: 'No renewal requests yet.', status: 200 },
  ];
  for (const floor of floors) {
    for (let i = 0; i < 10; i++) await get(floor.path, floor.marker, ctx.baseUrl, floor.status);
    for (const concurrency of [1, 10] as const) {
      const measured = await measureOnServer(ctx, async () => void (await get(floor.path, floor.marker, ctx.baseUrl, floor.status)), { requests: requests[concurrency], concurrency });
      const prefix = `${floor.key}C${concurrency}`;
      const listQueries = Number(figures[`adsListFirstPageC${concurrency}QueriesP50Ms`]);
      figures[`${prefix}P50Ms`] = measured.p50Ms;
      figures[`${prefix}P50VsListQueries`] = round(measured.p50Ms / Math.max(listQueries, 0.1), 2);
      if (measured.serverCpuMsPerCall !== null) figures[`${prefix}ServerCpuMsPerPage`] = measured.serverCpuMsPerCall;
      log(
        `${floor.label} at ${concurrency} client${concurrency === 1 ? '' : 's'}: page p50 ${measured.p50Ms} ms (the server's CPU ${figures[`${prefix}ServerCpuMsPerPage`] ?? '?'} ms per page), ${figures[`${prefix}P50VsListQueries`]}× the list's first page's queries`,
      );
    }
  }
}
