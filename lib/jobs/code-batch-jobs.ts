import { and, eq, gte, inArray, isNotNull, isNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '@/db/client';
import { codeBatches, codeBatchItems } from '@/db/schema';
import { runCodeBatch, type RunCodeBatchOptions, type RunOutcome } from '@/lib/codes/apply';
import type { CodesEnv } from '@/lib/codes/tiktok';

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
 * `applying`, so no code is applied twice. With `neverStartedBefore` (the start-up sweep: the time
 * this process's queue started) also the batches created before then that no run ever took — every
 * code still pending, no lease — whose job was lost with the process that made it (on PGlite the
 * in-process runner's jobs die with the process). Returns the resumed batch ids.
 */
export async function resumeInterruptedBatches(db: Database, jobs: CodeBatchJobs, { neverStartedBefore }: { neverStartedBefore?: Date } = {}): Promise<string[]> {
  const items = (state: SQL | undefined) =>
    db
      .select({ one: sql`1` })
      .from(codeBatchItems)
      .where(and(eq(codeBatchItems.orgId, codeBatches.orgId), eq(codeBatchItems.batchId, codeBatches.id), state));
  const open = items(inArray(codeBatchItems.state, ['pending', 'previewed', 'applying']));
  const held = items(and(eq(codeBatchItems.state, 'applying'), gte(codeBatchItems.leaseUntil, sql`now()`)));
  // A run moves a code on from pending as it looks at it: a batch with nothing but pending (and skipped) codes was never worked.
  const touched = items(notInArray(codeBatchItems.state, ['pending', 'skipped']));
  const lapsed = and(isNotNull(codeBatches.runLeaseUntil), lt(codeBatches.runLeaseUntil, sql`now()`));
  const neverStarted = neverStartedBefore === undefined ? undefined : and(isNull(codeBatches.runLeaseUntil), lt(codeBatches.createdAt, neverStartedBefore), sql`not exists ${touched}`);
  const candidates = await db
    .select({ orgId: codeBatches.orgId, id: codeBatches.id })
    .from(codeBatches)
    .where(
      and(
        isNull(codeBatches.finishedAt),
        // A run lets go of its batch when it ends, even on an error; a lease left to lapse means its process died.
        neverStarted ? or(lapsed, neverStarted) : lapsed,
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

/**
 * The worker's side of a batch job: runs it as the batch's organization (`forOrganization`: on
 * Postgres row-level security applies to every statement, the connection tokens it opens
 * included). `codes` builds the TikTok side on that same scoped database.
 */
export function executeCodeBatchJob(databases: Pick<DatabaseHandle, 'forOrganization'>, codes: (db: Database) => CodesEnv, job: CodeBatchJob): Promise<RunOutcome> {
  const db = databases.forOrganization(job.orgId);
  return runCodeBatch(db, codes(db), job);
}
