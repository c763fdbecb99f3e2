import 'server-only';
import { getDatabaseHandle } from '@/db/client';
import { env } from '@/lib/env';
import { startJobQueue, type JobQueue } from '@/lib/jobs/queue';
import { getTikTokApp } from './tiktok';

type Global = typeof globalThis & { __sparkcheckJobs?: Promise<JobQueue> };

/** The process's queue, started once; this process also works jobs unless WORKERS=0 (then `npm run worker` does). */
export function getJobQueue(): Promise<JobQueue> {
  const g = globalThis as Global;
  g.__sparkcheckJobs ??= getDatabaseHandle().then((handle) => startJobQueue(handle, { work: env.WORKERS !== '0', app: getTikTokApp(handle.db) }));
  return g.__sparkcheckJobs;
}
