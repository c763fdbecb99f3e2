import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { tiktokConnections } from '@/db/schema';
import { generateKey, parseKeyring } from '@/lib/crypto/keyring';
import { connectionTokenContext, sealToken } from '@/lib/crypto/tokens';
import { connectSandbox, syncSandbox, type TestConnection } from '@/lib/sync/test-support';
import { createSandbox, SANDBOX_ACCESS_TOKEN, SANDBOX_APP_ID, SANDBOX_APP_SECRET, startSandboxServer, type RunningSandboxServer } from '@/lib/tiktok-sandbox';
import { openIsolatedPostgres, testDatabases } from '@/tests/databases';
import { CLI_TEST_TIMEOUT_MS, runCli, type CliResult } from '@/tests/run-cli';

// `npm run cli -- codes apply` in a child process, configured like production, against a sandbox
// served from this process and an organization synced from it.

const hasPostgres = (await testDatabases()).some((d) => d.name === 'postgres');

type ApplyJson = {
  ok: boolean;
  resumed: boolean;
  batch: { id: string; finished: boolean; counts: Record<string, number>; items: { code: string; state: string; reason: string | null; askCreator: string | null }[] };
};

describe.skipIf(!hasPostgres)('npm run cli -- codes apply', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const sandbox = createSandbox({ rateLimits: false });
  const keys = generateKey();
  let server: RunningSandboxServer;
  let handle: DatabaseHandle & { url: string };
  let dir: string;
  let connection: TestConnection;
  let slug: string;
  const eu = sandbox.world.ref('advertiser:northwindEu');

  beforeAll(async () => {
    server = await startSandboxServer(sandbox, { port: 0 });
    handle = await openIsolatedPostgres();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkcheck-codes-cli-'));
    connection = await connectSandbox(handle.db, sandbox.world);
    const sealed = sealToken(parseKeyring(keys), SANDBOX_ACCESS_TOKEN, connectionTokenContext(connection));
    await handle.db.update(tiktokConnections).set({ accessTokenSealed: sealed }).where(eq(tiktokConnections.id, connection.connectionId));
    expect((await syncSandbox(handle.db, server.url, connection)).status).toBe('succeeded');
    slug = (await handle.db.query.organizations.findFirst({ where: (o, { eq: is }) => is(o.id, connection.orgId) }))!.slug;
  });
  afterAll(async () => {
    await server?.close();
    await handle?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[]) =>
    runCli(args, {
      DATABASE_URL: handle.url,
      DATA_DIR: dir,
      TIKTOK_API_BASE_URL: `${server.url}/open_api/v1.3/`,
      TIKTOK_APP_ID: SANDBOX_APP_ID,
      TIKTOK_APP_SECRET: SANDBOX_APP_SECRET,
      TIKTOK_RATE_LIMIT_RPS: '1000',
      TOKEN_ENCRYPTION_KEYS: keys,
    });
  const file = (name: string, text: string) => {
    const at = path.join(dir, name);
    fs.writeFileSync(at, text);
    return at;
  };
  const lastLine = (r: CliResult) => JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ApplyJson;

  it('applies the codes of a file with each code’s outcome; running it again applies nothing twice', async () => {
    const codes = [...sandbox.world.creatorCodes.filter((c) => c.kind === 'valid').slice(0, 3), sandbox.world.creatorCodes.find((c) => c.kind === 'expired')!];
    const codesFile = file('codes.txt', `${codes.map((c) => `"${c.code}"`).join(',\n')}\n`);
    const first = await cli(['codes', 'apply', '--org', slug, '--advertiser', eu, '--file', codesFile, '--json']);
    expect(first.code, first.stderr).toBe(1);
    const result = lastLine(first);
    expect(result).toMatchObject({ ok: false, resumed: false, batch: { finished: true, counts: { applied: 3, failed: 1 } } });
    expect(result.batch.items.map((i) => i.state)).toEqual(['applied', 'applied', 'applied', 'failed']);
    expect(result.batch.items[3]).toMatchObject({ reason: 'The code expired before it was applied.', askCreator: expect.stringMatching(/new code/) as unknown });
    expect(first.stdout).not.toContain(codes[0]!.code);
    for (const c of codes.slice(0, 3)) expect(sandbox.world.authorization(eu, c.itemId!)?.authCode).toBe(c.code);

    const again = await cli(['codes', 'apply', '--org', slug, '--advertiser', eu, '--file', codesFile]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`This file was submitted before: batch ${result.batch.id} continued, nothing applied twice.`);
    expect(again.stdout).toContain('3 applied, 0 already applied, 1 failed, 0 skipped.');
    expect(again.stdout).toContain('Ask the creator for:');
  });

  it('refuses more than 20 codes, an ad account of no connection and a missing flag', async () => {
    const many = file('many.txt', Array.from({ length: 21 }, (_, i) => `#ManyCodes${i}+abc/def=`).join('\n'));
    const tooMany = await cli(['codes', 'apply', '--org', slug, '--advertiser', eu, '--file', many]);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toContain('21 codes in');
    expect(tooMany.stderr).toContain('a batch takes at most 20');

    const one = file('one.txt', sandbox.world.creatorCodes.find((c) => c.kind === 'valid')!.code);
    const foreign = await cli(['codes', 'apply', '--org', slug, '--advertiser', '1234567', '--file', one, '--json']);
    expect(foreign.code).toBe(1);
    expect(JSON.parse(foreign.stderr)).toEqual({ ok: false, error: 'Ad account 1234567 is not connected to this organization' });

    const usage = await cli(['codes', 'apply', '--org', slug, '--file', one]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--advertiser is required');
  });
});
