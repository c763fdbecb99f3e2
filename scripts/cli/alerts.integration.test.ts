import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { organizations } from '@/db/schema';
import { addChannel } from '@/lib/alerts/channels';
import { expectedExpiring, startSmtpServer } from '@/lib/alerts/test-support';
import { generateKey, parseKeyring } from '@/lib/crypto/keyring';
import { recomputeOrgHealth } from '@/lib/health/recompute';
import { connectSandbox, syncSandbox } from '@/lib/sync/test-support';
import { createSandbox, startSandboxServer, type RunningSandboxServer } from '@/lib/tiktok-sandbox';
import { openIsolatedPostgres, testDatabases } from '@/tests/databases';
import { CLI_TEST_TIMEOUT_MS, runCli } from '@/tests/run-cli';

// `npm run cli -- alerts run` in a child process, configured like production (Postgres, SMTP_URL),
// against an organization synced from a sandbox whose clock runs from now, so the CLI's own clock
// sees the seeded expiries.

const hasPostgres = (await testDatabases()).some((d) => d.name === 'postgres');

type RunJson = {
  ok: boolean;
  org: string;
  subject: string;
  digest: { windowDays: number; expiring: { itemId: string; renewalRequest: string }[] };
  deliveries: { channel: { label: string }; status: string; transport: string | null; error: string | null }[];
};

describe.skipIf(!hasPostgres)('npm run cli -- alerts run', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const sandbox = createSandbox({ rateLimits: false, clock: 'running' });
  const key = generateKey();
  let server: RunningSandboxServer;
  let handle: DatabaseHandle & { url: string };
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let dataDir: string;
  let slug: string;

  beforeAll(async () => {
    server = await startSandboxServer(sandbox, { port: 0 });
    smtp = await startSmtpServer();
    handle = await openIsolatedPostgres();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkcheck-alerts-cli-'));
    const connection = await connectSandbox(handle.db, sandbox.world);
    await syncSandbox(handle.db, server.url, connection);
    await recomputeOrgHealth(handle.db, { orgId: connection.orgId });
    await addChannel(handle.db, { orgId: connection.orgId, actorId: null, input: { kind: 'email', email: 'ops@brand.example' }, keyring: parseKeyring(key), policy: { allowLoopbackWebhooks: false } });
    const [org] = await handle.db.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, connection.orgId));
    slug = org!.slug;
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
    await handle?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (args: string[]) =>
    runCli(args, {
      DATABASE_URL: handle.url,
      DATA_DIR: dataDir,
      TOKEN_ENCRYPTION_KEYS: key,
      SMTP_URL: smtp.url,
      ALERTS_FROM: 'Sparkcheck <alerts@cli.example>',
    });

  it('builds the digest now, e-mails it over SMTP once, prints it, and explains a second run the same day', async () => {
    const first = await cli(['alerts', 'run', '--org', slug, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const run = JSON.parse(first.stdout) as RunJson;
    const expected = expectedExpiring(sandbox.world, new Date(), 14).map((p) => p.itemId);
    expect(expected.length).toBeGreaterThan(0);
    expect(run).toMatchObject({ ok: true, org: slug, digest: { windowDays: 14 } });
    expect(run.digest.expiring.map((p) => p.itemId).sort()).toEqual(expected);
    expect(run.deliveries).toEqual([{ channel: expect.objectContaining({ label: 'ops@brand.example' }), status: 'sent', transport: 'smtp', attempts: 1, error: null }]);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ from: 'alerts@cli.example', to: ['ops@brand.example'] });

    const second = await cli(['alerts', 'run', '--org', slug]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Sparkcheck daily digest — /);
    expect(second.stdout).toContain('AUTHORIZATIONS EXPIRING WITHIN 14 DAYS');
    expect(second.stdout).toContain('RENEWAL REQUESTS');
    expect(second.stdout).toContain("= ops@brand.example: today's digest was already delivered; not sent again");
    expect(smtp.mails).toHaveLength(1);
  });

  it('names a missing organization (exit 1) and a missing flag (exit 2)', async () => {
    const missing = await cli(['alerts', 'run', '--org', 'no-such-org']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no-such-org/);
    const noFlag = await cli(['alerts', 'run']);
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toContain('--org is required');
  });
});
