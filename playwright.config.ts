import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3211);
const DEMO_PORT = PORT + 1;

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
    { command: `node scripts/e2e-server.mjs postgres ${PORT}`, url: `http://127.0.0.1:${PORT}/sign-in`, timeout: 120_000, stdout: 'pipe' },
    { command: `node scripts/e2e-server.mjs embedded ${DEMO_PORT}`, url: `http://127.0.0.1:${DEMO_PORT}/sign-in`, timeout: 120_000, stdout: 'pipe' },
  ],
});
