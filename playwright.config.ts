import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3211);
const DEMO_PORT = PORT + 1;
/** A standalone TikTok sandbox the Postgres server reaches over HTTP as its TIKTOK_API_BASE_URL, like a real deployment. */
const SANDBOX_PORT = PORT + 2;
/** The demo server's sandbox control token (X-Sandbox-Control-Token), made once here; servers and workers inherit it. */
process.env.SANDBOX_CONTROL_TOKEN ??= `e2e-${crypto.randomUUID()}`;

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  projects: [
    // The production build on a fresh real-Postgres database, outside demo mode.
    { name: 'postgres', testIgnore: /demo\.spec\.ts/, use: { browserName: 'chromium', baseURL: `http://127.0.0.1:${PORT}` } },
    // The embedded default: no DATABASE_URL, PGlite in a fresh DATA_DIR, demo organization seeded.
    { name: 'embedded-demo', testMatch: /demo\.spec\.ts/, use: { browserName: 'chromium', baseURL: `http://127.0.0.1:${DEMO_PORT}` } },
  ],
  webServer: [
    {
      command: `node node_modules/tsx/dist/cli.mjs scripts/sandbox.ts --port ${SANDBOX_PORT} --host 127.0.0.1`,
      url: `http://127.0.0.1:${SANDBOX_PORT}/_control/state`,
      timeout: 60_000,
      stdout: 'pipe',
    },
    { command: `node scripts/e2e-server.mjs postgres ${PORT} ${SANDBOX_PORT}`, url: `http://127.0.0.1:${PORT}/sign-in`, timeout: 120_000, stdout: 'pipe' },
    { command: `node scripts/e2e-server.mjs embedded ${DEMO_PORT}`, url: `http://127.0.0.1:${DEMO_PORT}/sign-in`, timeout: 120_000, stdout: 'pipe' },
  ],
});
