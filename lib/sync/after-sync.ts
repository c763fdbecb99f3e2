import 'server-only';
import type { Database } from '@/db/client';
import type { SyncError } from '@/db/schema';
import type { CallCounter } from '@/lib/tiktok';

/**
 * The run a step follows: `calls` counts the TikTok requests the step makes on the run (give it to
 * the step's client, so preview checks are counted), `now` is the run's clock at its end.
 */
export type FinishedRun = { orgId: string; connectionId: string; runId: string; calls: CallCounter; now: Date };

/**
 * Work that follows a sync which stored data (succeeded or partial), e.g. the health recompute and
 * preview checks. The entry point that starts a sync passes its list to `runSync`: nothing is
 * registered globally, so no entry point can forget it without saying so.
 */
export type AfterSync = (db: Database, run: FinishedRun) => Promise<void> | void;

/** Runs each step in order; one failing does not stop the others. Returns the failures, in words. */
export async function runAfterSync(db: Database, steps: readonly AfterSync[], run: FinishedRun): Promise<SyncError[]> {
  const failures: SyncError[] = [];
  for (const step of steps) {
    try {
      await step(db, run);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push({ scope: 'after-sync', code: null, message: `A follow-up step after the sync failed: ${reason}` });
    }
  }
  return failures;
}
