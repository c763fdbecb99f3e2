import 'server-only';
import { after } from 'next/server';
import type { Database } from '@/db/client';
import { runCodeBatch, type RunCodeBatchOptions } from './apply';
import type { CodesEnv } from './tiktok';

/**
 * Works the batch after the response is sent, so the page can show progress while codes apply.
 * If this process dies, the items stay where they were and the next run (the page's "Resume", or
 * the same submission again) continues them.
 */
export function runCodeBatchAfterResponse(db: Database, env: CodesEnv, options: RunCodeBatchOptions): void {
  after(async () => {
    try {
      await runCodeBatch(db, env, options);
    } catch (error) {
      console.error(`creator-code batch ${options.batchId} stopped:`, error);
    }
  });
}
