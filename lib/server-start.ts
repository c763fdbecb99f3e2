import { getDatabaseHandle } from '@/db/client';
import { DEMO_EMAIL, DEMO_PASSWORD } from '@/db/seed/demo-credentials';
import { seedDemo } from '@/db/seed/demo';
import { resolveAuthSecret } from '@/lib/auth/secret';
import { env, isDemoMode } from '@/lib/env';

export async function startServer(): Promise<void> {
  // Fail at start, not on the first sign-in, when production lacks its secret.
  resolveAuthSecret(env);
  const handle = await getDatabaseHandle();
  console.log(`[sparkcheck] database ready (${handle.driver === 'pglite' ? `embedded PGlite in ${env.DATA_DIR}` : 'PostgreSQL'})`);
  if (isDemoMode()) {
    await seedDemo(handle.db);
    console.log(`[sparkcheck] demo mode — sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
  }
}
