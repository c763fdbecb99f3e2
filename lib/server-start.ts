import 'server-only';
import { getDatabaseHandle } from '@/db/client';
import { DataDirInUseError } from '@/db/data-dir-lock';
import { resolveAuthSecret } from '@/lib/auth/secret';
import { connectDemoOrganization } from '@/lib/demo/connect-demo';
import { SANDBOX_CONTROL_HEADER, sandboxControlToken } from '@/lib/demo/sandbox-control';
import { DEMO_EMAIL, DEMO_PASSWORD } from '@/lib/demo/credentials';
import { seedDemo } from '@/lib/demo/seed';
import { env, isDemoMode } from '@/lib/env';
import { getJobQueue } from '@/lib/wiring/jobs';
import { getTikTokApp } from '@/lib/wiring/tiktok';

export async function startServer(): Promise<void> {
  // Fail at start, not on the first sign-in, when production lacks its secret.
  resolveAuthSecret(env);
  const handle = await getDatabaseHandle().catch((error: unknown) => {
    if (!(error instanceof DataDirInUseError)) throw error;
    // Another server (or CLI command) has the embedded database open: say so and stop, do not serve a broken app.
    console.error(`[sparkcheck] ${error.message}`);
    process.exit(1);
  });
  console.log(`[sparkcheck] database ready (${handle.driver === 'pglite' ? `embedded PGlite in ${env.DATA_DIR}` : 'PostgreSQL'})`);
  const queue = await getJobQueue();
  console.log(`[sparkcheck] jobs: ${env.WORKERS === '0' ? 'queued here, worked by `npm run worker`' : 'worked in this process'}`);
  if (isDemoMode()) {
    await seedDemo(handle.db);
    console.log(`[sparkcheck] demo mode — sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
    console.log(`[sparkcheck] sandbox controls (/sandbox/_control/*): demo members, or header ${SANDBOX_CONTROL_HEADER}: ${sandboxControlToken()}`);
    // Not awaited: the sandbox answers only once this server listens.
    void connectDemoOrganization(handle, getTikTokApp(handle.db), queue).then(
      (outcome) => console.log(`[sparkcheck] demo TikTok connection: ${outcome}`),
      (error: unknown) => console.error('[sparkcheck] demo TikTok connection failed:', error instanceof Error ? error.message : error),
    );
  }
}
