import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { syncRuns, tiktokConnections, users } from '@/db/schema';
import { generateKey } from '@/lib/crypto/keyring';
import { createSandbox, SANDBOX_ACCESS_TOKEN, SANDBOX_APP_ID, SANDBOX_APP_SECRET, startSandboxServer, type RunningSandboxServer } from '@/lib/tiktok-sandbox';
import { openIsolatedPostgres, testDatabases } from '@/tests/databases';
import { CLI_TEST_TIMEOUT_MS, runCli, type CliResult } from '@/tests/run-cli';

// The real CLI in child processes, against a sandbox served from this process (so the children are
// spawned asynchronously: a blocking spawn would stop the sandbox from answering) and a fresh
// Postgres database, configured like production.

const hasPostgres = (await testDatabases()).some((d) => d.name === 'postgres');

describe.skipIf(!hasPostgres)('npm run cli', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const sandbox = createSandbox({ rateLimits: false });
  let server: RunningSandboxServer;
  let handle: DatabaseHandle & { url: string };
  let dataDir: string;
  const firstKey = generateKey();
  const secondKey = generateKey();
  /** TOKEN_ENCRYPTION_KEYS of the deployment; the first test rotates to the second key. */
  let keys = firstKey;

  beforeAll(async () => {
    server = await startSandboxServer(sandbox, { port: 0 });
    handle = await openIsolatedPostgres();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkcheck-cli-'));
    await handle.db.insert(users).values({ name: 'Owen', email: 'owen@cli.example' });
  });
  afterAll(async () => {
    await server?.close();
    await handle?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (args: string[]) =>
    runCli(args, {
      DATABASE_URL: handle.url,
      DATA_DIR: dataDir,
      TIKTOK_API_BASE_URL: `${server.url}/open_api/v1.3/`,
      TIKTOK_APP_ID: SANDBOX_APP_ID,
      TIKTOK_APP_SECRET: SANDBOX_APP_SECRET,
      TIKTOK_RATE_LIMIT_RPS: '1000',
      TOKEN_ENCRYPTION_KEYS: keys,
    });

  const parsed = (result: CliResult) => JSON.parse(result.stdout) as Record<string, unknown>;
  type RunJson = {
    runId: string;
    status: string;
    apiCalls: number;
    apiCallsByEndpoint: Record<string, number>;
    readPermissions: boolean;
    totals: { inserted: number; updated: number; removed: number };
    errors: { message: string }[];
  };
  const runsOf = (result: CliResult) => parsed(result).runs as RunJson[];

  it('creates an organization, connects TikTok with a token, syncs it, and rotates the key', async () => {
    const org = await cli(['org', 'create', '--name', 'CLI Agency', '--slug', 'cli-agency', '--owner-email', 'owen@cli.example', '--kind', 'agency', '--json']);
    expect(org).toMatchObject({ code: 0, stderr: '' });
    expect(parsed(org)).toMatchObject({ ok: true, org: { slug: 'cli-agency', kind: 'agency' }, owner: { email: 'owen@cli.example' } });

    const connect = await cli(['connect', '--org', 'cli-agency', '--access-token', SANDBOX_ACCESS_TOKEN, '--label', 'Sandbox', '--json']);
    expect(connect.code, connect.stderr).toBe(0);
    const { connection, advertisers } = parsed(connect) as { connection: { id: string; label: string }; advertisers: unknown[] };
    expect(connection.label).toBe('Sandbox');
    expect(advertisers.length).toBeGreaterThan(0);
    const [stored] = await handle.db.select().from(tiktokConnections).where(eq(tiktokConnections.id, connection.id));
    expect(stored!.accessTokenSealed).toMatch(new RegExp(`^v1\\.${firstKey.split(':')[0]}\\.`));
    expect(stored!.accessTokenSealed).not.toContain(SANDBOX_ACCESS_TOKEN);

    // --wait --json: one object on stdout; the run id and the progress on stderr.
    const first = await cli(['sync', '--org', 'cli-agency', '--wait', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const [run] = runsOf(first);
    expect(run).toMatchObject({ status: 'succeeded', errors: [] });
    expect(run!.totals.inserted).toBeGreaterThan(0);
    expect(run!.apiCalls).toBeGreaterThan(0);
    expect(Object.values(run!.apiCallsByEndpoint).reduce((a, b) => a + b, 0)).toBe(run!.apiCalls);
    expect(run).toMatchObject({ readPermissions: true, apiCallsByEndpoint: { 'bc/member/get/': expect.any(Number), 'ad/get/': expect.any(Number) } });
    expect(first.stderr).toContain(`Sync run ${run!.runId} started: Sandbox`);
    expect(first.stderr).toMatch(/^Sandbox: 1\/\d+ steps$/m);

    // Without --wait: the run id first, no progress, the summary at the end; nothing changed.
    const second = await cli(['sync', '--org', 'cli-agency']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Sync run [0-9a-f-]{36} started: Sandbox/);
    expect(second.stdout).not.toContain('steps');
    expect(second.stdout).toMatch(/: succeeded\n.*TikTok API calls; 0 inserted, 0 updated, 0 removed\n/);
    // Permissions were read a moment ago: this run keeps them; --refresh-permissions reads them again.
    expect(second.stdout).toMatch(/kept the stored BC members and permissions \(not due\); calls per endpoint: .*ad\/get\/ \d+/);
    // Of that tier it only asked each BC for its pending invitations (unchanged, so nothing more).
    expect(second.stdout).not.toContain('bc/asset/member/get/');
    expect(second.stdout).not.toContain('bc/asset/get/');
    const [refreshed] = runsOf(await cli(['sync', '--org', 'cli-agency', '--refresh-permissions', '--json']));
    expect(refreshed).toMatchObject({ status: 'succeeded', readPermissions: true, apiCallsByEndpoint: { 'bc/asset/member/get/': expect.any(Number) } });
    const [latest] = await handle.db.select().from(syncRuns).orderBy(desc(syncRuns.createdAt)).limit(1);
    expect(latest).toMatchObject({ trigger: 'cli', status: 'succeeded' });
    expect(Object.values(latest!.counters).every((c) => c.inserted === 0 && c.updated === 0 && c.removed === 0)).toBe(true);

    const unchanged = await cli(['keys', 'rotate', '--json']);
    expect(parsed(unchanged)).toMatchObject({ ok: true, checked: 1, rotated: 0 });
    keys = `${secondKey},${firstKey}`;
    const rotated = await cli(['keys', 'rotate', '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(parsed(rotated)).toMatchObject({ ok: true, activeKey: secondKey.split(':')[0], checked: 1, rotated: 1, failed: [] });
    expect(parsed(await cli(['keys', 'rotate', '--json']))).toMatchObject({ rotated: 0 });
    // The old key can go: the token opens with the new one alone.
    keys = secondKey;
    const afterRotation = await cli(['sync', '--org', 'cli-agency', '--json']);
    expect(afterRotation.code, afterRotation.stderr).toBe(0);
  }, 120_000);

  it('exits 1 and lists the errors in plain words when a run is partial', async () => {
    sandbox.faults.configure({ probability: 1, kinds: ['truncated_json'], paths: ['campaign/get'] });
    try {
      const result = await cli(['sync', '--org', 'cli-agency', '--wait']);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('partial, some Business Centers or ad accounts could not be read');
      expect(result.stdout).toMatch(/! TikTok sent a response for ad account .+ that could not be read/);
    } finally {
      sandbox.faults.clear();
    }
  });

  it('explains bad input: exit 1 when the operation fails, 2 when the command line is wrong', async () => {
    const results = await Promise.all([
      cli(['sync', '--org', 'nope']),
      cli(['connect', '--org', 'cli-agency', '--access-token', 'not-a-token-tiktok-knows-0000']),
      cli(['org', 'create', '--name', 'Again', '--slug', 'cli-agency', '--owner-email', 'owen@cli.example']),
      cli(['org', 'create', '--name', 'Ghost', '--slug', 'ghost', '--owner-email', 'ghost@cli.example', '--json']),
      cli(['sync', '--org', 'cli-agency', '--bogus']),
      cli(['connect', '--org', 'cli-agency']),
      cli(['frobnicate']),
    ]);
    expect(results.map((r) => [r.code, r.stderr.trim().split('\n')[0]])).toEqual([
      [1, 'Error: No organization with the slug "nope"'],
      [1, 'Error: TikTok refused this access token (40105: Access token is incorrect or has been revoked.)'],
      [1, 'Error: The slug "cli-agency" is already taken'],
      [1, '{"ok":false,"error":"No user with the email ghost@cli.example: they must sign up first"}'],
      [2, "Error: sync: Unknown option '--bogus'"],
      [2, 'Error: connect: --access-token is required'],
      [2, 'Error: Unknown command: frobnicate'],
    ]);
    expect(await handle.db.select().from(tiktokConnections)).toHaveLength(1);
  }, 120_000);
});
