// The team section of `npm run bench:pages`: a Business Center at TikTok's limits (4,000 members, 800
// TikTok accounts) written straight into the synced tables with set-based SQL, then the matrix's first
// page and a 5-member comparison measured through the production server, and the explain query run
// directly — each against a raw-SQL baseline that reads the same rows, in the same run.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { tiktokConnections } from '@/db/schema';
import { registerUser } from '@/lib/tenancy/sign-up';
import { BC_LIMITS } from '@/lib/permissions/access';
import { MATRIX_ASSET_PAGE_SIZE, MATRIX_PAGE_SIZE } from '@/lib/permissions/queries';
import { explainTeamPost } from '@/lib/permissions/team';
import { measureLatency, type LatencySummary } from './measure';
import type { PagesBenchContext, PagesBenchFigures } from './pages-context';

const PASSWORD = 'bench team password 42';
const AD_ACCOUNTS = 20;
/** Ads per TikTok account, each pulling one of its posts: the posts the explain query looks up. */
const ADS_PER_ACCOUNT = 3;
const TARGETS = { pageP95Ms: 300, explainP95Ms: 50 } as const;
const REQUESTS = { 1: 40, 10: 200 } as const;

const round = (n: number) => Math.round(n * 10) / 10;

type Seeded = { slug: string; email: string; orgId: string; connectionId: string; compared: string[]; explain: { member: string; post: string }[] };

/**
 * One BC, 20 ad accounts, 800 linked TikTok accounts (every 10th with LIVE only, every 50th link
 * pending), each assigned to two ad accounts; 4,000 members (20 Admins, every 100th an unaccepted
 * invitation), each with a role on two ad accounts and permissions on five TikTok accounts.
 */
async function seed(db: Database): Promise<Seeded> {
  const email = `bench-team-${crypto.randomUUID().slice(0, 8)}@bench.example`;
  const { organization } = await registerUser(db, { name: 'Bench team lead', email, password: PASSWORD, orgName: 'Bench team', orgKind: 'agency' });
  if (!organization) throw new Error('the benchmark organization was not created');
  const [connection] = await db
    .insert(tiktokConnections)
    .values({ orgId: organization.id, label: 'Benchmark BC', method: 'access_token', accessTokenSealed: 'not-used-by-the-benchmark', bcIds: ['bench-bc'] })
    .returning();
  const org = organization.id;
  const conn = connection!.id;
  const members = BC_LIMITS.members;
  const accounts = BC_LIMITS.ttAccounts;
  await db.transaction(async (tx) => {
    await tx.execute(sql`insert into tt_business_centers (org_id, connection_id, synced_at, bc_id, name, user_role) values (${org}, ${conn}, now(), 'bench-bc', 'Bench Business Center', 'ADMIN')`);
    await tx.execute(sql`
      insert into tt_advertisers (org_id, connection_id, synced_at, bc_id, advertiser_id, name, relation_type, relation_status)
      select ${org}, ${conn}, now(), 'bench-bc', 'ad-' || a, 'Ad account ' || lpad(a::text, 2, '0'), 'OWNER_BC', 'BOUND' from generate_series(1, ${AD_ACCOUNTS}) a`);
    await tx.execute(sql`
      insert into tt_bc_tiktok_accounts (org_id, connection_id, synced_at, bc_id, tt_account_id, name, relation_type, relation_status, tt_account_roles)
      select ${org}, ${conn}, now(), 'bench-bc', 'tt-' || t, '@bench.account' || t, 'OWNER_BC',
        case when t % 50 = 0 then 'PENDING' else 'BOUND' end,
        case when t % 50 = 0 then '{}'::text[] when t % 10 = 0 then array['LIVE'] else array['LIVE', 'POST'] end
      from generate_series(1, ${accounts}) t`);
    await tx.execute(sql`
      insert into tt_identities (org_id, connection_id, synced_at, advertiser_id, identity_type, identity_id, identity_authorized_bc_id, display_name, username, available_status, can_pull_video)
      select ${org}, ${conn}, now(), 'ad-' || ((t + k) % ${AD_ACCOUNTS} + 1), 'BC_AUTH_TT', 'tt-' || t, 'bench-bc', 'Bench account ' || t, 'bench.account' || t,
        case when t % 50 = 0 then 'NO_VALID_BIND_ACCOUNT' else 'AVAILABLE' end, t % 10 <> 0
      from generate_series(1, ${accounts}) t, generate_series(0, 1) k`);
    await tx.execute(sql`
      insert into tt_ads (org_id, connection_id, synced_at, ad_id, advertiser_id, name, identity_type, identity_id, identity_authorized_bc_id, tiktok_item_id, operation_status, deleted)
      select ${org}, ${conn}, now(), 'bench-ad-' || t || '-' || p, 'ad-' || (t % ${AD_ACCOUNTS} + 1), 'Spark ad ' || t || '-' || p, 'BC_AUTH_TT', 'tt-' || t, 'bench-bc',
        (7000000000000000000 + t * 10 + p)::text, 'ENABLE', false
      from generate_series(1, ${accounts}) t, generate_series(1, ${ADS_PER_ACCOUNT}) p`);
    await tx.execute(sql`
      insert into tt_bc_members (org_id, connection_id, synced_at, bc_id, member_key, user_id, user_name, user_email, user_role, relation_status)
      select ${org}, ${conn}, now(), 'bench-bc',
        case when m % 100 = 0 then 'email:member' || m || '@bench.example' else (8000000000 + m)::text end,
        case when m % 100 = 0 then null else (8000000000 + m)::text end,
        'Member ' || lpad(m::text, 4, '0'), 'member' || m || '@bench.example',
        case when m <= ${BC_LIMITS.admins} then 'ADMIN' else 'STANDARD' end,
        case when m % 100 = 0 then 'PENDING' else 'BOUND' end
      from generate_series(1, ${members}) m`);
    await tx.execute(sql`
      insert into tt_member_asset_roles (org_id, connection_id, synced_at, bc_id, member_key, asset_type, asset_id, asset_name, advertiser_role)
      select ${org}, ${conn}, now(), 'bench-bc', b.member_key, 'ADVERTISER', 'ad-' || ((m + k * 7) % ${AD_ACCOUNTS} + 1), null,
        (array['ADMIN', 'OPERATOR', 'ANALYST'])[(m + k) % 3 + 1]
      from generate_series(1, ${members}) m, generate_series(0, 1) k,
        lateral (select case when m % 100 = 0 then 'email:member' || m || '@bench.example' else (8000000000 + m)::text end as member_key) b`);
    await tx.execute(sql`
      insert into tt_member_asset_roles (org_id, connection_id, synced_at, bc_id, member_key, asset_type, asset_id, asset_name, tt_account_roles)
      select ${org}, ${conn}, now(), 'bench-bc', (8000000000 + m)::text, 'TT_ACCOUNT', 'tt-' || ((m * 5 + k) % ${accounts} + 1), '@bench.account' || ((m * 5 + k) % ${accounts} + 1),
        case (m + k) % 4 when 0 then array['LIVE', 'POST'] when 1 then array['POST'] when 2 then array['LIVE'] else array['DIRECT_MESSAGE', 'POST'] end
      from generate_series(1, ${members}) m, generate_series(0, 4) k where m % 100 <> 0`);
  });
  for (const table of ['tt_bc_members', 'tt_member_asset_roles', 'tt_bc_tiktok_accounts', 'tt_identities', 'tt_ads', 'tt_advertisers']) await db.execute(sql.raw(`analyze ${table}`));
  // Members 101–105 (Standard); explain: a member with POST on an account they can run, and one without.
  const compared = [101, 102, 103, 104, 105].map((m) => String(8000000000 + m));
  const explain = [
    { member: String(8000000000 + 101), post: String(7000000000000000000n + BigInt((((101 * 5) % accounts) + 1) * 10 + 1)) },
    { member: String(8000000000 + 102), post: String(7000000000000000000n + BigInt(7 * 10 + 2)) },
  ];
  return { slug: organization.slug, email, orgId: org, connectionId: conn, compared, explain };
}

/** What a page of the matrix reads, as hand-written SQL: the member page, its count and its cells. */
async function rawMatrix(db: Database, orgId: string) {
  await db.execute(sql`
    with page as (
      select bc_id, member_key, max(user_name) as name from tt_bc_members where org_id = ${orgId} and removed_at is null
      group by bc_id, member_key order by lower(max(user_name)), bc_id, member_key limit ${MATRIX_PAGE_SIZE}
    ),
    assets as (
      select tt_account_id as asset_id from tt_bc_tiktok_accounts where org_id = ${orgId} and removed_at is null order by name limit ${MATRIX_ASSET_PAGE_SIZE}
    )
    select r.*, (select count(*) from tt_bc_members where org_id = ${orgId} and removed_at is null) as total
    from tt_member_asset_roles r join page p using (bc_id, member_key)
    where r.org_id = ${orgId} and r.removed_at is null and r.asset_id in (select asset_id from assets)`);
}

/** What a comparison reads, as one SQL statement: the members' rows and grants, and the BC's holdings and identities of the accounts they hold. */
async function rawCompare(db: Database, orgId: string, keys: string[]) {
  const list = sql.join(
    keys.map((k) => sql`${k}`),
    sql`, `,
  );
  await db.execute(sql`
    with g as (select * from tt_member_asset_roles r where r.org_id = ${orgId} and r.member_key in (${list}) and r.removed_at is null)
    select 'g', g.member_key, g.asset_id, g.advertiser_role, g.tt_account_roles from g
    union all select 'm', m.member_key, m.bc_id, m.user_role, null from tt_bc_members m where m.org_id = ${orgId} and m.member_key in (${list}) and m.removed_at is null
    union all select 't', null, a.tt_account_id, a.relation_status, a.tt_account_roles from tt_bc_tiktok_accounts a where a.org_id = ${orgId} and a.removed_at is null and a.tt_account_id in (select asset_id from g)
    union all select 'i', i.identity_id, i.advertiser_id, i.available_status, null from tt_identities i where i.org_id = ${orgId} and i.identity_type = 'BC_AUTH_TT' and i.removed_at is null and i.identity_id in (select asset_id from g)`);
}

/** What an explanation reads, as one SQL statement: the post's ads, the member's rows, the account's holdings and identities. */
async function rawExplain(db: Database, orgId: string, member: string, post: string) {
  await db.execute(sql`
    with p as (select distinct advertiser_id, identity_id from tt_ads where org_id = ${orgId} and tiktok_item_id = ${post} and removed_at is null)
    select 'g', r.asset_id, r.advertiser_role, r.tt_account_roles from tt_member_asset_roles r where r.org_id = ${orgId} and r.member_key = ${member} and r.removed_at is null
    union all select 't', a.tt_account_id, a.relation_status, a.tt_account_roles from tt_bc_tiktok_accounts a where a.org_id = ${orgId} and a.tt_account_id in (select identity_id from p)
    union all select 'i', i.advertiser_id, i.available_status, null from tt_identities i where i.org_id = ${orgId} and i.identity_id in (select identity_id from p)`);
}

const figuresOf = (prefix: string, s: LatencySummary): PagesBenchFigures => ({ [`${prefix}P50Ms`]: s.p50Ms, [`${prefix}P95Ms`]: s.p95Ms });

export async function benchTeamPages(ctx: PagesBenchContext): Promise<PagesBenchFigures> {
  const seedStarted = performance.now();
  const seeded = await seed(ctx.db);
  const seedMs = performance.now() - seedStarted;
  const cookie = await ctx.signIn(seeded.email, PASSWORD);
  const base = `/o/${seeded.slug}/team`;

  const get = async (path: string, marker: string, base = ctx.baseUrl) => {
    const response = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
    const html = await response.text();
    // A page that answers with an error or the wrong content would make the figures meaningless.
    if (response.status !== 200 || !html.includes(marker)) throw new Error(`${path} answered ${response.status} without “${marker}”`);
    return Buffer.byteLength(html);
  };
  const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const pages = [
    { key: 'teamMatrixFirstPage', path: base, marker: '4,000 members', raw: () => rawMatrix(ctx.db, seeded.orgId) },
    { key: 'teamCompare5', path: `${base}/compare?${seeded.compared.map((m) => `m=${m}`).join('&')}`, marker: 'Side by side', raw: () => rawCompare(ctx.db, seeded.orgId, seeded.compared) },
  ];
  const figures: PagesBenchFigures = { teamMembers: BC_LIMITS.members, teamTtAccounts: BC_LIMITS.ttAccounts, teamSeedS: round(seedMs / 1000) };
  for (const page of pages) {
    const raw = await measureLatency(async () => page.raw(), { requests: REQUESTS[10], concurrency: 1 });
    Object.assign(figures, figuresOf(`${page.key}RawSql`, raw));
    for (const concurrency of [1, 10] as const) {
      const measured = await measureLatency(async () => void (await get(page.path, page.marker)), { requests: REQUESTS[concurrency], concurrency });
      Object.assign(figures, figuresOf(`${page.key}C${concurrency}`, measured));
      // One client against the same rows read by hand: what the page adds (session, layout, rendering).
      if (concurrency === 1) figures[`${page.key}C1P50VsRawSql`] = round(measured.p50Ms / Math.max(0.1, raw.p50Ms));
    }
    // Round trips and statements to Postgres per request, on the counted server: serial requests after 10 that warm it (its pooled connections have prepared the statements), the median (scheduled work of the server could add a stray one).
    for (let i = 0; i < 10; i++) await get(page.path, page.marker, ctx.countedBaseUrl);
    const trips = { roundTrips: [] as number[], statements: [] as number[] };
    let bytes = 0;
    for (let i = 0; i < 7; i++) {
      const before = ctx.serverTraffic();
      bytes = await get(page.path, page.marker, ctx.countedBaseUrl);
      const after = ctx.serverTraffic();
      trips.roundTrips.push(after.roundTrips - before.roundTrips);
      trips.statements.push(after.statements - before.statements);
    }
    figures[`${page.key}RoundTrips`] = median(trips.roundTrips);
    figures[`${page.key}Statements`] = median(trips.statements);
    figures[`${page.key}HtmlKb`] = round(bytes / 1024);
    figures[`${page.key}P95TargetMet`] = Number(figures[`${page.key}C10P95Ms`]) < TARGETS.pageP95Ms;
  }

  const now = new Date();
  const explain = await measureLatency(
    async (i) => {
      const input = seeded.explain[i % seeded.explain.length]!;
      await explainTeamPost(ctx.db, { orgId: seeded.orgId, member: input.member, post: input.post, now });
    },
    { requests: REQUESTS[10], concurrency: 1 },
  );
  const explainRaw = await measureLatency(
    async (i) => {
      const input = seeded.explain[i % seeded.explain.length]!;
      await rawExplain(ctx.db, seeded.orgId, input.member, input.post);
    },
    { requests: REQUESTS[10], concurrency: 1 },
  );
  Object.assign(figures, figuresOf('teamExplainQuery', explain), figuresOf('teamExplainRawSql', explainRaw));
  figures.teamExplainQueryVsRawSql = round(explain.p50Ms / Math.max(0.1, explainRaw.p50Ms));
  figures.teamExplainTargetMet = explain.p95Ms < TARGETS.explainP95Ms;
  return figures;
}
