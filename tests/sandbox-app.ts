import { afterAll } from 'vitest';
import type { TikTokApp } from '@/lib/connections/tiktok-app';
import { createMemoryLimiter } from '@/lib/tiktok';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, startSandboxServer } from '@/lib/tiktok-sandbox';

/**
 * A sandbox served over real HTTP for this test file, and the TikTok app (target + a fast in-memory
 * limiter) that points at it, as the app's own wiring would in demo mode. Closed after the file.
 */
export async function startSandboxApp() {
  const sandbox = createSandbox({ rateLimits: false });
  const server = await startSandboxServer(sandbox, { port: 0 });
  afterAll(() => server.close());
  const app: TikTokApp = {
    target: { baseUrl: `${server.url}/open_api/v1.3/`, appId: SANDBOX_APP_ID, appSecret: SANDBOX_APP_SECRET, portalAuthUrl: `${server.url}/portal/auth`, sandbox: true },
    limiter: createMemoryLimiter({ ratePerSecond: 1000, burst: 1000 }),
  };
  return { sandbox, server, app };
}
