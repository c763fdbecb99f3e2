import type { Database } from '@/db/client';
import type { SyncError } from '@/db/schema';
import type { CallCounter } from '@/lib/tiktok';

/**
 * The run a hook follows: `calls` counts the TikTok requests the hook makes on the run (give it to
 * the hook's client), `now` is the run's clock at its end.
 */
export type FinishedRun = { orgId: string; runId: string; calls: CallCounter; now: Date };

/** Work that follows a sync which stored data (succeeded or partial), e.g. health and permission engines. */
export type AfterSyncHook = (db: Database, run: FinishedRun) => Promise<void> | void;

const hooks = new Set<AfterSyncHook>();

/** Adds a hook for every later sync in this process; returns a function that removes it again. */
export function registerAfterSync(hook: AfterSyncHook): () => void {
  hooks.add(hook);
  return () => {
    hooks.delete(hook);
  };
}

/** Runs every hook in registration order; one failing does not stop the others. Returns the failures. */
export async function runAfterSyncHooks(db: Database, run: FinishedRun): Promise<SyncError[]> {
  const failures: SyncError[] = [];
  for (const hook of [...hooks]) {
    try {
      await hook(db, run);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push({ scope: 'after-sync', code: null, message: `A follow-up step after the sync failed: ${reason}` });
    }
  }
  return failures;
}
