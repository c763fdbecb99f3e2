import { and, eq, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { codeBatches, codeBatchItems } from '@/db/schema';
import type { RunCodeBatchOptions } from '@/lib/codes/apply';

export type CodeBatchJob = RunCodeBatchOptions;

/** What resuming code batches needs from the job queue. */
export type CodeBatchJobs = {
  enqueueCodeBatch(job: CodeBatchJob): Promise<void>;
  /** Of these batches, those with a job that waits for a worker (or was taken by one moments ago). */
  waitingBatches(batchIds: string[]): Promise<Set<string>>;
  /** Ends the jobs of batches whose worker died, so they do not hold a worker's place until they expire. */
  releaseBatches(batchIds: string[]): Promise<void>;
};

/**
 * Starts a job for every batch a crash interrupted: codes still to send (pending, previewed, or
 * `applying` when the process died), the lease its run renews every few seconds lapsed,
 * and no job waiting to run it. The resumed run checks TikTok's ledger before sending an item left
 * `applying`, so no code is applied twice. Returns the resumed batch ids.
 */
export async function resumeInterruptedBatches(db: Database, jobs: CodeBatchJobs): Promise<string[]> {
  const open = db
    .select({ one: sql`1` })
    .from(codeBatchItems)
    .where(and(eq(codeBatchItems.orgId, codeBatches.orgId), eq(codeBatchItems.batchId, codeBatches.id), inArray(codeBatchItems.state, ['pending', 'previewed', 'applying'])));
  const held = db
    .select({ one: sql`1` })
    .from(codeBatchItems)
    .where(and(eq(codeBatchItems.orgId, codeBatches.orgId), eq(codeBatchItems.batchId, codeBatches.id), eq(codeBatchItems.state, 'applying'), gte(codeBatchItems.leaseUntil, sql`now()`)));
  const candidates = await db
    .select({ orgId: codeBatches.orgId, id: codeBatches.id })
    .from(codeBatches)
    .where(
      and(
        isNull(codeBatches.finishedAt),
        // A run lets go of its batch when it ends, even on an error; a lease left to lapse means its process died.
        isNotNull(codeBatches.runLeaseUntil),
        lt(codeBatches.runLeaseUntil, sql`now()`),
        sql`exists ${open}`,
        // Every item the dead run was sending has let go too, so the resumed run takes them all.
        sql`not exists ${held}`,
      ),
    );
  if (candidates.length === 0) return [];
  const waiting = await jobs.waitingBatches(candidates.map((b) => b.id));
  const interrupted = candidates.filter((b) => !waiting.has(b.id));
  if (interrupted.length === 0) return [];
  await jobs.releaseBatches(interrupted.map((b) => b.id));
  for (const batch of interrupted) await jobs.enqueueCodeBatch({ orgId: batch.orgId, batchId: batch.id });
  return interrupted.map((b) => b.id);
}
