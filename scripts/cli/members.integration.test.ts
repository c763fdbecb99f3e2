import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { organizations } from '@/db/schema';
import { connectSandbox, syncSandbox } from '@/lib/sync/test-support';
import { openIsolatedPostgres, testDatabases } from '@/tests/databases';
import { CLI_TEST_TIMEOUT_MS, runCli } from '@/tests/run-cli';
import { serveSandbox } from '@/tests/sandbox-app';

// The real `members diff` / `members explain` commands in child processes, on a Postgres database
// holding an organization synced from the seeded sandbox world.

const hasPostgres = (await testDatabases()).some((d) => d.name === 'postgres');
const { sandbox, server } = await serveSandbox();
const ref = (name: string) => sandbox.world.ref(name);

describe.skipIf(!hasPostgres)('npm run cli -- members', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let handle: DatabaseHandle & { url: string };
  let slug: string;

  beforeAll(async () => {
    handle = await openIsolatedPostgres();
    const connection = await connectSandbox(handle.db, sandbox.world);
    await syncSandbox(handle.db, server.url, connection);
    [{ slug }] = (await handle.db.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, connection.orgId))) as [{ slug: string }];
  });
  afterAll(async () => handle?.close());

  const cli = (args: string[]) => runCli(args, { DATABASE_URL: handle.url });

  it('diffs members by ID or e-mail, in words and as JSON', async () => {
    const human = await cli(['members', 'diff', '--org', slug, '--members', `${ref('user:marco')},hannah@northwind.example`]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('2 differences:');
    expect(human.stdout).toContain('  - On ad account Northwind US, Marco Bianchi is Operator; Hannah Schulz is Analyst.');
    const json = await cli(['members', 'diff', '--org', slug, '--members', `${ref('user:marco')},${ref('user:leo')}`, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout) as { ok: boolean; diff: { differences: { sentence: string }[] } };
    expect(body.ok).toBe(true);
    expect(body.diff.differences.map((d) => d.sentence)).toContain('Marco Bianchi has Existing posts on @northwind; Leo Park does not.');
  });

  it('explains the first missing link, and can-use', async () => {
    const missing = await cli(['members', 'explain', '--org', slug, '--member', ref('user:hannah'), '--post', ref('post:northwind1')]);
    expect(missing.code, missing.stderr).toBe(0);
    expect(missing.stdout).toContain('Hannah Schulz cannot use it. First missing link on Northwind US: Member is Admin or Operator on the ad account.');
    expect(missing.stdout).toContain('What to change: In Business Center → Users → Hannah Schulz → Grant access, give ad account Northwind US the Operator or Admin role.');
    const json = await cli(['members', 'explain', '--org', slug, '--member', ref('user:marco'), '--post', ref('post:northwind1'), '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, canUse: true, usableOn: [{ advertiserName: 'Northwind US' }] });
  });

  it('names unknown members (exit 1) and refuses a wrong command line (exit 2)', async () => {
    const unknown = await cli(['members', 'diff', '--org', slug, '--members', `${ref('user:marco')},12345,ghost@x.example`]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No Business Center member with ID or e-mail "12345", "ghost@x.example" in the synced data');
    const unknownJson = await cli(['members', 'explain', '--org', slug, '--member', '999', '--post', ref('post:northwind1'), '--json']);
    expect(unknownJson.code).toBe(1);
    expect(JSON.parse(unknownJson.stderr)).toEqual({ ok: false, error: 'No Business Center member with ID or e-mail "999" in the synced data' });
    const one = await cli(['members', 'diff', '--org', slug, '--members', ref('user:marco')]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('Pick at least 2 members to compare');
    const letters = await cli(['members', 'explain', '--org', slug, '--member', ref('user:marco'), '--post', 'abc']);
    expect(letters.code).toBe(2);
    expect(letters.stderr).toContain('A post ID is the TikTok item ID: digits only');
    expect((await cli(['members', 'explain', '--org', slug, '--member', ref('user:marco')])).code).toBe(2);
  });
});
