import { afterAll, beforeEach } from 'vitest';
import type { TikTokApp } from '@/lib/connections/tiktok-app';
import { createMemoryLimiter } from '@/lib/tiktok';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, startSandboxServer } from '@/lib/tiktok-sandbox';

/**
 * A sandbox served over real HTTP for this test file (closed after it), rate limits off. With
 * `resetEachTest`, every test starts from the seeded world with no faults and no rate limits.
 */
/** `rateLimitClock`: the clock of the rate limits' one-second windows (default the wall clock); tests that hit a limit pass one they move. */
export async function serveSandbox({ resetEachTest = false, rateLimitClock }: { resetEachTest?: boolean; rateLimitClock?: () => number } = {}) {
  const sandbox = createSandbox({ rateLimits: false, rateLimitClock });
  const server = await startSandboxServer(sandbox, { port: 0 });
  afterAll(() => server.close());
  if (resetEachTest) {
    beforeEach(() => {
      sandbox.reset();
      sandbox.faults.clear();
      sandbox.rateLimits.configure({ globalQps: null, pathQps: {}, authorizeQpsPerAdvertiser: null });
    });
  }
  return { sandbox, server };
}

/** `serveSandbox`, plus the TikTok app (target + a fast in-memory limiter) pointing at it, as demo wiring would. */
export async function startSandboxApp() {
  const { sandbox, server } = await serveSandbox();
  const app: TikTokApp = {
    target: { baseUrl: `${server.url}/open_api/v1.3/`, appId: SANDBOX_APP_ID, appSecret: SANDBOX_APP_SECRET, portalAuthUrl: `${server.url}/portal/auth`, sandbox: true },
    limiter: createMemoryLimiter({ ratePerSecond: 1000, burst: 1000 }),
  };
  return { sandbox, server, app };
}
