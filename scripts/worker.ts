// `npm run worker`: a process that only works jobs (TikTok syncs, schedules) from the shared Postgres
// queue. Run several to scale out; start the web tier with WORKERS=0 so it only queues.
import { getDatabaseHandle } from '@/db/client';
import { env } from '@/lib/env';
import { startJobQueue } from '@/lib/jobs/queue';
import { getTikTokApp } from '@/lib/wiring/tiktok';

const handle = await getDatabaseHandle();
if (handle.driver !== 'postgres') {
  console.error('npm run worker needs DATABASE_URL: the embedded PGlite database belongs to the one app process, which works its own jobs.');
  process.exit(2);
}
const queue = await startJobQueue(handle, { work: true, app: getTikTokApp(handle.db) });
console.log(`[sparkcheck] worker ready (${env.TIKTOK_RATE_LIMIT_RPS} TikTok requests/s shared by every process)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.log('[sparkcheck] worker stopping…');
    void queue
      .stop()
      .then(() => handle.close())
      .then(() => process.exit(0));
  });
}
