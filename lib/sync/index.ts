export type { AfterSync } from './after-sync';
export { countSyncedRows, getSyncRun, listSyncRuns, syncBarState, SYNC_RUNS_PAGE_SIZE, type SyncRun } from './queries';
export { createSyncRun, runSync, type RunSyncOptions, type SyncProgress, type SyncTrigger } from './run-sync';
export { describeSyncWarning } from './describe-error';
export { hashAuthCode, maskAuthCode } from './rows';
export { getPermissionsState, requestPermissionRefresh, type PermissionsState } from './tiers';
export { refreshSparkPosts } from './spark-posts';
