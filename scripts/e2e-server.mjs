// Serves the production build for Playwright from nothing:
//   postgres PORT SANDBOX_PORT — a freshly created Postgres database (real migrations on a real server), not
//                  demo mode, talking over HTTP to the standalone TikTok sandbox on SANDBOX_PORT as its TikTok API;
//   embedded PORT  — the embedded default: no DATABASE_URL, PGlite in a fresh DATA_DIR, demo seeded.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

const [mode, port, sandboxPort] = process.argv.slice(2);
const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, NODE_ENV: 'production' };
delete env.DATABASE_URL;
delete env.DEMO;
// Every spec signs up its own accounts from 127.0.0.1; the per-address limit has its own tests.
env.SIGNUPS_PER_IP_PER_HOUR = '100000';

if (mode === 'postgres') {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `sparkcheck_e2e_${port}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  Object.assign(env, {
    DATABASE_URL: url.toString(),
    AUTH_SECRET: 'e2e-only-secret-0123456789abcdefghijklmnopqrstuvwxyz',
    APP_URL: `http://127.0.0.1:${port}`,
    // The sandbox's app credentials (lib/tiktok-sandbox/constants.ts), as a self-hoster would set TikTok's.
    TIKTOK_API_BASE_URL: `http://127.0.0.1:${sandboxPort}/open_api/v1.3/`,
    TIKTOK_APP_ID: 'sandbox-app',
    TIKTOK_APP_SECRET: 'sandbox-secret',
    TOKEN_ENCRYPTION_KEYS: `e2e:${crypto.randomBytes(32).toString('base64')}`,
  });
} else if (mode === 'embedded') {
  env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkcheck-e2e-'));
  delete env.AUTH_SECRET;
} else {
  throw new Error(`usage: e2e-server.mjs postgres PORT SANDBOX_PORT | embedded PORT (got ${mode})`);
}

const server = spawn(process.execPath, [path.join(root, 'scripts/server.mjs'), '--port', port, '--host', '127.0.0.1'], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => {
  if (env.DATA_DIR && mode === 'embedded') fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
  process.exit(code ?? 0);
});
