import { eq, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE, migrate, openDatabase, type DatabaseHandle } from './client';
import { invitations, organizations } from './schema';
import { testDatabases } from '@/tests/databases';
import { startRoundTripProxy } from '@/scripts/bench/pg-round-trips';

function rows<T = Record<string, unknown>>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows: T[] }).rows ?? [])) as T[];
}

async function seedOrganization(handle: DatabaseHandle, name: string, invited: number) {
  const [org] = await handle.db
    .insert(organizations)
    .values({ name, slug: name.toLowerCase().replace(/\W+/g, '-'), kind: 'brand' })
    .returning();
  await handle.db.insert(invitations).values(
    Array.from({ length: invited }, (_, i) => ({
      orgId: org!.id,
      email: `${name.toLowerCase().replace(/\W+/g, '')}${i}@example.com`,
      role: 'member' as const,
      tokenHash: `${org!.id}-${i}`,
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    })),
  );
  return org!;
}

for (const target of await testDatabases()) {
  describe(`tenant isolation on ${target.name}`, () => {
    let handle: DatabaseHandle & { url?: string };
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    it('forces row-level security with a policy on every table that has an org_id (a new table without one fails here)', async () => {
      const tables = rows<{ table_name: string; forced: boolean; enabled: boolean; policies: number }>(
        await handle.db.execute(sql`
          select c.relname as table_name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
                 (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
            and (c.relname = 'organizations' or exists (
              select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped))
          order by 1`),
      );
      expect(tables.length).toBeGreaterThan(20);
      const unguarded = tables.filter((t) => !t.enabled || !t.forced || t.policies < 1).map((t) => t.table_name);
      expect(unguarded).toEqual([]);
    });

    it(`${APP_ROLE} is neither superuser nor BYPASSRLS`, async () => {
      const [role] = rows<{ rolsuper: boolean; rolbypassrls: boolean }>(await handle.db.execute(sql`select rolsuper, rolbypassrls from pg_roles where rolname = ${APP_ROLE}`));
      expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    });

    if (target.name === 'pglite') {
      it('on PGlite an organization sees the same database: the application scoping in every query is the guard', async () => {
        expect(handle.forOrganization('00000000-0000-4000-8000-000000000000')).toBe(handle.db);
      });
      return;
    }

    it('applies migrations through a separate MIGRATION_DATABASE_URL connection (nothing left to apply here)', async () => {
      const url = new URL(handle.url!);
      url.searchParams.set('application_name', 'sparkcheck-migrator');
      await migrate(handle, { migrationUrl: url.toString() });
      const [applied] = rows<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
      expect(applied!.n).toBeGreaterThan(11);
    });

    it(`as ${APP_ROLE}, a query without app.org_id sees no rows, and one with it sees only that organization`, async () => {
      const glow = await seedOrganization(handle, 'Unset Glow', 3);
      await seedOrganization(handle, 'Unset Other', 2);
      const counts = await handle.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', ${APP_ROLE}, true)`);
        const unset = rows<{ n: number }>(await tx.execute(sql`select count(*)::int as n from invitations`))[0]!.n;
        const orgs = rows<{ n: number }>(await tx.execute(sql`select count(*)::int as n from organizations`))[0]!.n;
        await tx.execute(sql`select set_config('app.org_id', ${glow.id}, true)`);
        const set = rows<{ n: number }>(await tx.execute(sql`select count(*)::int as n from invitations`))[0]!.n;
        return { unset, orgs, set };
      });
      expect(counts).toEqual({ unset: 0, orgs: 0, set: 3 });
    });

    it("an organization's scoped database reads and writes only its own rows, even without an org_id filter", async () => {
      const mine = await seedOrganization(handle, 'Writer Mine', 1);
      const theirs = await seedOrganization(handle, 'Writer Theirs', 1);
      const scoped = handle.forOrganization(mine.id);
      expect((await scoped.select().from(organizations)).map((o) => o.id)).toEqual([mine.id]);
      // An UPDATE without a where clause touches only this organization's rows.
      await scoped.update(invitations).set({ role: 'viewer' });
      const theirRoles = await handle.db.select({ role: invitations.role }).from(invitations).where(eq(invitations.orgId, theirs.id));
      expect(theirRoles).toEqual([{ role: 'member' }]);
      // A row for another organization cannot be written.
      await expect(
        scoped.insert(invitations).values({ orgId: theirs.id, email: 'x@example.com', role: 'member', tokenHash: 'forged', expiresAt: new Date('2030-01-01T00:00:00Z') }),
      ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
      // Transactions are scoped too.
      const inTransaction = await scoped.transaction(async (tx) => tx.select({ orgId: invitations.orgId }).from(invitations));
      expect(new Set(inTransaction.map((r) => r.orgId))).toEqual(new Set([mine.id]));
    });

    it('an organization statement costs one round trip (begin, scope, statement and commit pipelined), a read with parameters too once prepared, a write with parameters three; a transaction one per statement plus begin and commit', async () => {
      const mine = await seedOrganization(handle, 'Trips Mine', 2);
      await seedOrganization(handle, 'Trips Theirs', 3);
      const proxy = await startRoundTripProxy(handle.url!);
      const counted = await openDatabase({ driver: 'postgres', url: proxy.url, max: 1 });
      try {
        const scoped = counted.forOrganization(mine.id);
        const read = () => scoped.select({ orgId: invitations.orgId }).from(invitations);
        const readMembers = () => scoped.select({ orgId: invitations.orgId }).from(invitations).where(eq(invitations.role, 'member'));
        // The pool's connection is open and has read the database's types.
        await read();
        const measure = async (work: () => Promise<unknown>) => {
          const before = { statements: proxy.statements(), roundTrips: proxy.roundTrips() };
          const result = await work();
          return { statements: proxy.statements() - before.statements, roundTrips: proxy.roundTrips() - before.roundTrips, result };
        };
        const single = await measure(read);
        expect(single.result).toEqual([{ orgId: mine.id }, { orgId: mine.id }]);
        expect({ statements: single.statements, roundTrips: single.roundTrips }).toEqual({ statements: 4, roundTrips: 1 });
        // The first time on the connection: begin, scope and the read's Parse + Describe; its Bind + Execute; commit.
        const firstWithParameters = await measure(readMembers);
        expect(firstWithParameters.result).toEqual([{ orgId: mine.id }, { orgId: mine.id }]);
        expect({ statements: firstWithParameters.statements, roundTrips: firstWithParameters.roundTrips }).toEqual({ statements: 4, roundTrips: 3 });
        // Then it is prepared: all four at once.
        const withParameters = await measure(readMembers);
        expect(withParameters.result).toEqual([{ orgId: mine.id }, { orgId: mine.id }]);
        expect({ statements: withParameters.statements, roundTrips: withParameters.roundTrips }).toEqual({ statements: 4, roundTrips: 1 });
        // A write is never prepared: postgres.js asks for its parameters' types every time.
        for (let i = 0; i < 2; i++) {
          const write = await measure(() => scoped.update(invitations).set({ role: 'member' }).where(eq(invitations.role, 'member')));
          expect({ statements: write.statements, roundTrips: write.roundTrips }).toEqual({ statements: 4, roundTrips: 3 });
        }
        const inTransaction = await measure(() =>
          scoped.transaction(async (tx) => [...(await tx.select({ orgId: invitations.orgId }).from(invitations)), ...(await tx.select({ id: organizations.id }).from(organizations))]),
        );
        expect(inTransaction.result).toEqual([{ orgId: mine.id }, { orgId: mine.id }, { id: mine.id }]);
        // begin; scope + first statement; second statement; commit.
        expect({ statements: inTransaction.statements, roundTrips: inTransaction.roundTrips }).toEqual({ statements: 5, roundTrips: 4 });
      } finally {
        await counted.close();
        await proxy.close();
      }
    });

    it('a failing organization statement rolls its transaction back and leaves the pooled connection unscoped', async () => {
      const mine = await seedOrganization(handle, 'Failing Mine', 1);
      const pool = await openDatabase({ driver: 'postgres', url: handle.url!, max: 1 });
      try {
        const scoped = pool.forOrganization(mine.id);
        await expect(scoped.execute(sql`select 1 / 0`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/division by zero/) } });
        await expect(
          scoped.insert(invitations).values({ orgId: mine.id, email: 'dup@example.com', role: 'member', tokenHash: `${mine.id}-0`, expiresAt: new Date('2030-01-01T00:00:00Z') }),
        ).rejects.toThrow();
        // The one connection of the pool answers the next caller outside any transaction, as itself, with no organization set.
        const [after] = rows<{ org: string | null; role: string; open: boolean }>(
          await pool.db.execute(sql`select current_setting('app.org_id', true) as org, current_user as role, now() <> statement_timestamp() as open`),
        );
        expect({ org: after!.org ?? '', role: after!.role === APP_ROLE, open: after!.open }).toEqual({ org: '', role: false, open: false });
        expect(await scoped.select({ orgId: invitations.orgId }).from(invitations)).toEqual([{ orgId: mine.id }]);
      } finally {
        await pool.close();
      }
    });

    it('a prepared read that Postgres finds out of date (its table changed) is answered inside the scope, not by postgres.js re-sending it as the owner', async () => {
      const mine = await seedOrganization(handle, 'Stale Mine', 1);
      const theirs = await seedOrganization(handle, 'Stale Theirs', 1);
      await handle.db.execute(sql.raw(`create table stale_probe (org_id uuid not null, n int not null)`));
      await handle.db.execute(sql.raw(`alter table stale_probe enable row level security, force row level security`));
      await handle.db.execute(sql.raw(`create policy tenant_isolation on stale_probe using (org_id = current_setting('app.org_id', true)::uuid)`));
      await handle.db.execute(sql.raw(`grant select on stale_probe to ${APP_ROLE}`));
      await handle.db.execute(sql`insert into stale_probe values (${mine.id}, 1), (${theirs.id}, 2), (${theirs.id}, 3)`);
      const pool = await openDatabase({ driver: 'postgres', url: handle.url!, max: 1 });
      try {
        const scoped = pool.forOrganization(mine.id);
        // `select *` with a parameter: prepared on the pool's one connection.
        const read = async () => rows<{ org_id: string; n: number }>(await scoped.execute(sql`select * from stale_probe where n > ${0} order by n`)).map((r) => r.n);
        expect(await read()).toEqual([1]);
        expect(await read()).toEqual([1]);
        // A new column changes what `select *` returns: Postgres refuses the prepared statement ("cached plan must not change result type").
        await handle.db.execute(sql.raw(`alter table stale_probe add column note text`));
        expect(await read()).toEqual([1]);
        expect(await read()).toEqual([1]);
      } finally {
        await pool.close();
        await handle.db.execute(sql.raw(`drop table stale_probe`));
      }
    });

    it('1,000 alternating requests of two organizations over a pool of 2 connections never see the other organization', async () => {
      const a = await seedOrganization(handle, 'Pool Alpha', 4);
      const b = await seedOrganization(handle, 'Pool Beta', 6);
      const pool = await openDatabase({ driver: 'postgres', url: handle.url!, max: 2 });
      try {
        const seen = await Promise.all(
          Array.from({ length: 1000 }, async (_, i) => {
            const org = i % 2 === 0 ? a : b;
            const db = pool.forOrganization(org.id);
            // Every third request is a transaction of two statements, the others single statements; half of
            // those a read with a parameter, prepared once per connection and shared by both organizations.
            const found =
              i % 3 === 0
                ? await db.transaction(async (tx) => [...(await tx.select({ orgId: invitations.orgId }).from(invitations)), ...(await tx.select({ orgId: organizations.id }).from(organizations))])
                : i % 2 === 0
                  ? await db.select({ orgId: invitations.orgId }).from(invitations)
                  : await db.select({ orgId: invitations.orgId }).from(invitations).where(ne(invitations.email, 'nobody@example.com'));
            return { org: org.id, found: found.map((r) => r.orgId) };
          }),
        );
        const leaks = seen.filter((s) => s.found.some((id) => id !== s.org));
        expect(leaks).toEqual([]);
        expect(seen.filter((s, i) => i % 3 !== 0 && s.found.length !== (s.org === a.id ? 4 : 6))).toEqual([]);
        // Nothing stays set on the pooled connections after the transactions end.
        const after = rows<{ org: string | null; role: string }>(await pool.db.execute(sql`select current_setting('app.org_id', true) as org, current_user as role`));
        expect(after[0]!.org ?? '').toBe('');
        expect(after[0]!.role).not.toBe(APP_ROLE);
      } finally {
        await pool.close();
      }
    });
  });
}
