import 'server-only';
import { and, eq, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import { getTableConfig, type AnyPgTable } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from '@/db/client';
import {
  organizations,
  syncRuns,
  tiktokConnections,
  ttBcMembers,
  ttBcPartners,
  ttBcTiktokAccounts,
  ttAdGroups,
  ttAds,
  ttAdvertisers,
  ttBusinessCenters,
  ttCampaigns,
  ttIdentities,
  ttIdentityPosts,
  ttMemberAssetRoles,
  ttPermissionChanges,
  ttSparkPosts,
  type StreamCounters,
  type SyncCounters,
  type SyncError,
  type SyncWarning,
  type SyncTrigger,
} from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { startHeartbeat } from './heartbeat';
import { createCallCounter, createTikTokClient, TikTokApiError, type CallCounter, type TikTokClient, type TikTokClientOptions } from '@/lib/tiktok';
import { describeSyncError, needsReconnect, reconnectReason } from './describe-error';
import {
  createPostCache,
  fetchAdvertiserSnapshot,
  fetchBcSnapshot,
  fetchBusinessCenters,
  fetchPendingInvitationKeys,
  type AdvertiserSnapshot,
  type BcSnapshot,
  type PostCache,
  type Warn,
} from './fetch';
import { runAfterSync, type AfterSync } from './after-sync';
import { diffPermissions } from './permissions';
import { getSyncRun, type SyncRun } from './queries';
import {
  adGroupRow,
  adRow,
  advertiserRow,
  bcMemberRow,
  bcPartnerRow,
  bcTiktokAccountRow,
  businessCenterRow,
  campaignRow,
  identityPostRow,
  identityRow,
  memberAssetRoleRow,
  sparkPostRow,
} from './rows';
import { ADVERTISER_TABLES, BC_TABLES } from './tables';
import { readsPermissions } from './tiers';
import { chunks, syncRows, type SyncedRow, type SyncedTable } from './upsert';

export type { SyncTrigger };

export type SyncProgress = { runId: string; done: number; total: number };

export type RunSyncOptions = {
  orgId: string;
  connectionId: string;
  /**
   * How to reach TikTok: base URL, the unsealed access token, the shared limiter, timeouts. The
   * client is built here so that every request is counted and attributed to this organization.
   */
  tiktok: Omit<TikTokClientOptions, 'orgId' | 'calls'>;
  /** A run made by `createSyncRun` (status queued); without one a new run is recorded. */
  runId?: string;
  /** Recorded on a new run; default `manual`. */
  trigger?: SyncTrigger;
  /** The clock for synced_at, removed_at and the run's times. */
  now?: () => Date;
  /** Called after each unit (the BC list, a BC, an ad account), once its progress is saved. */
  onProgress?: (progress: SyncProgress) => void;
  /** What follows a run that stored data, in order (e.g. the health recompute); `[]` when nothing does. */
  afterSync: readonly AfterSync[];
};

/** Records a queued run, e.g. when "Sync now" is clicked, for a worker to pass to `runSync`. */
export async function createSyncRun(
  db: Database,
  { orgId, connectionId, trigger, requestedBy = null }: { orgId: string; connectionId: string; trigger: SyncTrigger; requestedBy?: string | null },
): Promise<SyncRun> {
  const [connection] = await db
    .select({ id: tiktokConnections.id })
    .from(tiktokConnections)
    .where(and(eq(tiktokConnections.orgId, orgId), eq(tiktokConnections.id, connectionId)));
  if (!connection) throw new NotFoundError('TikTok connection not found');
  const [run] = await db.insert(syncRuns).values({ orgId, connectionId, trigger, requestedBy }).returning();
  if (!run) throw new Error('the sync run was not recorded');
  return run;
}

/**
 * Takes a full snapshot of one connection into Postgres (TikTok has no "modified since" for most
 * of these lists): the chosen BCs with their TikTok accounts and ad accounts, and, when the
 * permission tier is due (`readsPermissions`), their members, member permissions and partners;
 * then per chosen ad account its identities, authorized Spark posts,
 * campaigns, ad groups, ads (deleted ones included) and the posts ads use through TT_USER and
 * BC_AUTH_TT identities (each post asked once per run, however many ad accounts use it: PostCache).
 *
 * Each BC and each ad account is read completely, then written in one transaction: an upsert
 * that leaves unchanged rows alone and marks vanished ones removed, so repeating a sync, or
 * re-running one that crashed, changes nothing. A unit TikTok refuses is recorded on the run in
 * plain words and the others continue (status `partial`); rows TikTok sent that could not be read
 * are left out (or stored with the odd field empty) and listed as warnings on a run that still
 * succeeds; a token TikTok no longer accepts marks
 * the connection `needs_reconnect` and fails the run. After a run that stored data the caller's
 * `afterSync` steps run. Returns the finished run.
 */
export async function runSync(db: Database, options: RunSyncOptions): Promise<SyncRun> {
  const connection = await loadConnection(db, options);
  const run = await beginRun(db, options, connection);
  // Says the run is alive while it works; a run whose heartbeat stops is closed as interrupted and replaced.
  const heartbeat = startHeartbeat(() =>
    db
      .update(syncRuns)
      .set({ heartbeatAt: sql`now()` })
      .where(and(runFilter(run), eq(syncRuns.status, 'running'))),
  );
  try {
    if (connection.status === 'disconnected') {
      run.errors.push({ scope: 'connection', code: null, message: 'This TikTok connection is disconnected; reconnect it to sync.' });
      return await finishRun(run, 'failed');
    }
    try {
      const visibleBcs = await syncBusinessCenterList(run, connection.bcIds);
      const advertiserNames = await syncBusinessCenters(run, connection.bcIds, visibleBcs);
      await syncAdvertisers(run, connection.advertiserIds, advertiserNames);
    } catch (error) {
      return await stopRun(run, error);
    }
    return await finishRun(run, run.errors.length === 0 ? 'succeeded' : run.completed === 0 ? 'failed' : 'partial');
  } finally {
    heartbeat.stop();
  }
}

type Connection = typeof tiktokConnections.$inferSelect & { permissionRefreshHours: number };

/** One run in progress: where it writes, how it reaches TikTok, and what it has counted so far. */
type ActiveRun = {
  db: Database;
  orgId: string;
  connectionId: string;
  runId: string;
  now: () => Date;
  afterSync: RunSyncOptions['afterSync'];
  onProgress: RunSyncOptions['onProgress'];
  client: TikTokClient;
  /** Every TikTok request of the run, after-sync work included, per endpoint. */
  calls: CallCounter;
  startedAt: Date;
  /** Whether this run reads BC members and permissions (the slow tier). */
  permissions: boolean;
  /** The posts this run's ad accounts asked their identities about: a post shared by several is asked once. */
  posts: PostCache;
  total: number;
  /** Units finished, successfully or not. */
  done: number;
  /** Units finished successfully. */
  completed: number;
  counters: SyncCounters;
  errors: SyncError[];
  /** Rows TikTok sent that could not be stored as sent; they do not fail the run. */
  warnings: SyncWarning[];
};

async function loadConnection(db: Database, { orgId, connectionId }: RunSyncOptions): Promise<Connection> {
  const [found] = await db
    .select({ connection: tiktokConnections, permissionRefreshHours: organizations.permissionRefreshHours })
    .from(tiktokConnections)
    .innerJoin(organizations, eq(organizations.id, tiktokConnections.orgId))
    .where(and(eq(tiktokConnections.orgId, orgId), eq(tiktokConnections.id, connectionId)));
  if (!found) throw new NotFoundError('TikTok connection not found');
  return { ...found.connection, permissionRefreshHours: found.permissionRefreshHours };
}

/** Marks the run running (or records a new one) and builds the client that counts this run's TikTok calls. */
async function beginRun(db: Database, options: RunSyncOptions, connection: Connection): Promise<ActiveRun> {
  const now = options.now ?? (() => new Date());
  const total = 1 + connection.bcIds.length + connection.advertiserIds.length;
  const startedAt = now();
  const calls = createCallCounter();
  const client = createTikTokClient({ ...options.tiktok, orgId: options.orgId, calls });
  const permissions =
    readsPermissions({ ...connection, trigger: await runTrigger(db, options), now: startedAt }) ||
    (connection.status === 'active' && (await invitationsChanged(db, client, options, connection.bcIds)));
  const runId = await startRun(db, options, { total, startedAt, readPermissions: permissions });
  return {
    db,
    orgId: options.orgId,
    connectionId: options.connectionId,
    runId,
    now,
    afterSync: options.afterSync,
    onProgress: options.onProgress,
    total,
    done: 0,
    completed: 0,
    counters: {},
    errors: [],
    warnings: [],
    calls,
    startedAt,
    permissions,
    posts: createPostCache(),
    client,
  };
}

/**
 * Whether a chosen BC's pending invitations differ from the stored ones: one accepted, cancelled or
 * sent since the permission tier was last read. Then this run reads that tier, so a new member shows
 * on the Team pages at the next scheduled sync rather than a day later. A BC whose pending list TikTok
 * does not give here counts as unchanged: the run's own read of that BC reports why.
 */
async function invitationsChanged(db: Database, client: TikTokClient, { orgId, connectionId }: RunSyncOptions, bcIds: readonly string[]): Promise<boolean> {
  const stored = await db
    .select({ bcId: ttBcMembers.bcId, key: ttBcMembers.memberKey })
    .from(ttBcMembers)
    .where(and(eq(ttBcMembers.orgId, orgId), eq(ttBcMembers.connectionId, connectionId), eq(ttBcMembers.relationStatus, 'PENDING'), isNull(ttBcMembers.removedAt)));
  for (const bcId of bcIds) {
    const pending = await fetchPendingInvitationKeys(client, bcId).catch((error: unknown) => {
      if (error instanceof TikTokApiError) return null;
      throw error;
    });
    if (pending === null) continue;
    const before = new Set(stored.filter((m) => m.bcId === bcId).map((m) => m.key));
    if (pending.size !== before.size || [...pending].some((key) => !before.has(key))) return true;
  }
  return false;
}

const runFilter = (run: ActiveRun) => and(eq(syncRuns.orgId, run.orgId), eq(syncRuns.id, run.runId));
const connectionFilter = (run: ActiveRun) => and(eq(tiktokConnections.orgId, run.orgId), eq(tiktokConnections.id, run.connectionId));

/** The BC list: which chosen BCs the token still sees. Returns their names, or null when TikTok refused the list. */
async function syncBusinessCenterList(run: ActiveRun, bcIds: string[]): Promise<Map<string, string | null> | null> {
  const chosenBcs = new Set(bcIds);
  return unit(run, 'connection', 'the list of Business Centers', async () => {
    const found = (await fetchBusinessCenters(run.client, warnIn(run, 'connection'))).filter((bc) => chosenBcs.has(bc.bc_info.bc_id));
    const keep = found.map((bc) => bc.bc_info.bc_id);
    await run.db.transaction(async (tx) => {
      const at = run.now();
      await write(run, tx, ttBusinessCenters, found.map(businessCenterRow), undefined, at);
      // BCs no longer chosen, or no longer visible to the token: their data is not current any more.
      for (const table of BC_TABLES) await write(run, tx, table, [], notInArray(table.bcId, keep), at);
    });
    return new Map(found.map((bc) => [bc.bc_info.bc_id, bc.bc_info.name]));
  });
}

/** Each chosen BC, one unit each. Returns the ad account names the BCs listed (for messages). */
async function syncBusinessCenters(run: ActiveRun, bcIds: string[], visibleBcs: Map<string, string | null> | null): Promise<Map<string, string | null>> {
  const advertiserNames = new Map<string, string | null>();
  for (const bcId of bcIds) {
    if (visibleBcs === null || !visibleBcs.has(bcId)) {
      // Without the BC list (its failure is already recorded) nothing is known about this BC.
      if (visibleBcs !== null) {
        run.errors.push({ scope: `bc:${bcId}`, code: null, message: `Business Center ${bcId} is no longer visible to this connection; its data is marked removed.` });
      }
      run.done += 1;
      continue;
    }
    await unit(run, `bc:${bcId}`, `Business Center ${visibleBcs.get(bcId) ?? bcId}`, async () => {
      const snapshot = await fetchBcSnapshot(run.client, bcId, { permissions: run.permissions, warn: warnIn(run, `bc:${bcId}`) });
      for (const a of snapshot.advertisers) advertiserNames.set(a.asset_id, a.asset_name);
      await run.db.transaction((tx) => writeBc(run, tx, snapshot));
    });
  }
  return advertiserNames;
}

/** Ad accounts no longer chosen are marked removed; then each chosen one is a unit. */
async function syncAdvertisers(run: ActiveRun, advertiserIds: string[], advertiserNames: Map<string, string | null>): Promise<void> {
  await run.db.transaction(async (tx) => {
    const at = run.now();
    for (const table of ADVERTISER_TABLES) await write(run, tx, table, [], notInArray(table.advertiserId, advertiserIds), at);
  });
  for (const advertiserId of advertiserIds) {
    const name = advertiserNames.get(advertiserId);
    await unit(run, `advertiser:${advertiserId}`, name ? `ad account ${name} (${advertiserId})` : `ad account ${advertiserId}`, async () => {
      const snapshot = await fetchAdvertiserSnapshot(run.client, advertiserId, warnIn(run, `advertiser:${advertiserId}`), run.posts);
      await run.db.transaction((tx) => writeAdvertiser(run, tx, snapshot));
    });
  }
}

/** One BC or ad account: a TikTok refusal is recorded and the run goes on; anything else ends it. */
async function unit<T>(run: ActiveRun, scope: string, subject: string, work: () => Promise<T>): Promise<T | null> {
  try {
    const result = await work();
    run.completed += 1;
    return result;
  } catch (error) {
    if (!(error instanceof TikTokApiError) || needsReconnect(error)) throw error;
    run.errors.push(describeSyncError(error, scope, subject));
    return null;
  } finally {
    run.done += 1;
    await saveProgress(run);
  }
}

/** Where one unit's reads report the rows TikTok sent that could not be stored as sent. */
const warnIn =
  (run: ActiveRun, scope: string): Warn =>
  (warning) =>
    run.warnings.push({ scope, ...warning });

async function saveProgress(run: ActiveRun): Promise<void> {
  const { done, counters, errors, warnings } = run;
  await run.db
    .update(syncRuns)
    .set({ progressDone: done, counters, ...callsOf(run.calls), errors, warnings, heartbeatAt: sql`now()` })
    .where(runFilter(run));
  run.onProgress?.({ runId: run.runId, done, total: run.total });
}

function count(run: ActiveRun, table: AnyPgTable, add: Partial<StreamCounters>): void {
  const name = getTableConfig(table).name;
  const sum = run.counters[name] ?? { fetched: 0, inserted: 0, updated: 0, removed: 0 };
  run.counters[name] = {
    fetched: sum.fetched + (add.fetched ?? 0),
    inserted: sum.inserted + (add.inserted ?? 0),
    updated: sum.updated + (add.updated ?? 0),
    removed: sum.removed + (add.removed ?? 0),
  };
}

/** Writes one table's snapshot and adds to the run's counters. */
async function write<T extends SyncedTable>(run: ActiveRun, tx: Transaction, table: T, rows: readonly SyncedRow<T>[], scope: SQL | undefined, at: Date): Promise<void> {
  count(run, table, await syncRows(tx, table, { orgId: run.orgId, connectionId: run.connectionId, now: at, rows, scope }));
}

/** A BC's TikTok accounts and ad accounts; when read, its members, their asset roles and partners, then the permission changes since the last read. */
async function writeBc(run: ActiveRun, tx: Transaction, snapshot: BcSnapshot): Promise<void> {
  const { orgId, connectionId, runId } = run;
  const at = run.now();
  const { bcId } = snapshot;
  const previousRoles = await tx
    .select()
    .from(ttMemberAssetRoles)
    .where(and(eq(ttMemberAssetRoles.orgId, orgId), eq(ttMemberAssetRoles.connectionId, connectionId), eq(ttMemberAssetRoles.bcId, bcId), isNull(ttMemberAssetRoles.removedAt)));
  const previousMembers = await tx
    .select({ key: ttBcMembers.memberKey, name: ttBcMembers.userName, email: ttBcMembers.userEmail })
    .from(ttBcMembers)
    .where(and(eq(ttBcMembers.orgId, orgId), eq(ttBcMembers.connectionId, connectionId), eq(ttBcMembers.bcId, bcId)));

  await write(
    run,
    tx,
    ttBcTiktokAccounts,
    snapshot.ttAccounts.map((a) => bcTiktokAccountRow(bcId, a)),
    eq(ttBcTiktokAccounts.bcId, bcId),
    at,
  );
  await write(
    run,
    tx,
    ttAdvertisers,
    snapshot.advertisers.map((a) => advertiserRow(bcId, a)),
    eq(ttAdvertisers.bcId, bcId),
    at,
  );
  // Without a read of the slow tier, the stored members and permissions stay as they are.
  if (snapshot.permissions === null) return;
  const { members: memberSnapshots, partners } = snapshot.permissions;
  const roles = memberSnapshots.flatMap((m) => m.assets.map((asset) => memberAssetRoleRow(bcId, m.key, asset)));
  await write(
    run,
    tx,
    ttBcMembers,
    memberSnapshots.map((m) => bcMemberRow(bcId, m.key, m.member)),
    eq(ttBcMembers.bcId, bcId),
    at,
  );
  await write(run, tx, ttMemberAssetRoles, roles, eq(ttMemberAssetRoles.bcId, bcId), at);
  await write(
    run,
    tx,
    ttBcPartners,
    partners.map((p) => bcPartnerRow(bcId, p, p.partner)),
    eq(ttBcPartners.bcId, bcId),
    at,
  );

  // The first snapshot of a BC is the baseline, not a list of changes.
  if (previousMembers.length === 0) return;
  const members = new Map(previousMembers.map((m) => [m.key, { name: m.name, email: m.email }]));
  for (const m of memberSnapshots) members.set(m.key, { name: m.member.user_name, email: m.member.user_email });
  const changes = diffPermissions(previousRoles, roles, members);
  for (const chunk of chunks(changes)) {
    await tx.insert(ttPermissionChanges).values(chunk.map((change) => ({ ...change, orgId, connectionId, syncRunId: runId, bcId, detectedAt: at })));
  }
  count(run, ttPermissionChanges, { inserted: changes.length });
}

/** An ad account's identities, Spark posts, the posts its identities show, campaigns, ad groups and ads. */
async function writeAdvertiser(run: ActiveRun, tx: Transaction, snapshot: AdvertiserSnapshot): Promise<void> {
  const at = run.now();
  const id = snapshot.advertiserId;
  await write(
    run,
    tx,
    ttIdentities,
    snapshot.identities.map((i) => identityRow(id, i)),
    eq(ttIdentities.advertiserId, id),
    at,
  );
  await write(
    run,
    tx,
    ttSparkPosts,
    snapshot.sparkPosts.map((p) => sparkPostRow(id, p)),
    eq(ttSparkPosts.advertiserId, id),
    at,
  );
  await write(
    run,
    tx,
    ttIdentityPosts,
    snapshot.identityPosts.map((p) => identityPostRow(p.identity, p.post)),
    eq(ttIdentityPosts.advertiserId, id),
    at,
  );
  await write(
    run,
    tx,
    ttCampaigns,
    snapshot.campaigns.map((c) => campaignRow(id, c)),
    eq(ttCampaigns.advertiserId, id),
    at,
  );
  await write(
    run,
    tx,
    ttAdGroups,
    snapshot.adGroups.map((g) => adGroupRow(id, g)),
    eq(ttAdGroups.advertiserId, id),
    at,
  );
  await write(
    run,
    tx,
    ttAds,
    snapshot.ads.map((a) => adRow(id, a)),
    eq(ttAds.advertiserId, id),
    at,
  );
}

/**
 * The run stopped on an error: a token TikTok no longer accepts marks the connection
 * needs_reconnect and fails the run; anything else is recorded as an internal error and rethrown.
 */
async function stopRun(run: ActiveRun, error: unknown): Promise<SyncRun> {
  if (error instanceof TikTokApiError && needsReconnect(error)) {
    const reason = reconnectReason(error);
    await run.db.update(tiktokConnections).set({ status: 'needs_reconnect', statusReason: reason }).where(connectionFilter(run));
    run.errors.push({ scope: 'connection', code: error.code, message: reason });
    return finishRun(run, 'failed');
  }
  run.errors.push({ scope: 'connection', code: null, message: `The sync stopped on an internal error: ${error instanceof Error ? error.message : String(error)}` });
  await finishRun(run, 'failed');
  throw error;
}

/** Records the outcome; after a run that stored data, marks the connection synced and runs the after-sync steps. */
async function finishRun(run: ActiveRun, status: SyncRun['status']): Promise<SyncRun> {
  const { db, orgId, connectionId, runId, done, counters, errors, warnings, calls } = run;
  const finishedAt = run.now();
  if (status === 'failed') {
    await db
      .update(syncRuns)
      .set({ status, finishedAt, progressDone: done, counters, ...callsOf(calls), errors, warnings })
      .where(runFilter(run));
  } else {
    // The run stays running (its heartbeat too) until the after-sync work is done: whoever waits for
    // it to finish, a person watching "Sync now" or a script, then finds the ads' health already
    // worked out from what it stored, not the previous sync's (or none).
    await db
      .update(syncRuns)
      .set({ progressDone: done, counters, ...callsOf(calls), errors, warnings })
      .where(runFilter(run));
    const permissionsRead = run.permissions && !errors.some(isBcError);
    await db
      .update(tiktokConnections)
      .set({ lastSyncedAt: finishedAt, ...(permissionsRead ? { permissionsSyncedAt: run.startedAt } : {}) })
      .where(connectionFilter(run));
    // After-sync work (preview checks) spends the same quota, so it is counted on this run.
    const failures = await runAfterSync(db, run.afterSync, { orgId, connectionId, runId, calls, now: finishedAt });
    await db
      .update(syncRuns)
      .set({ status, finishedAt, errors: [...errors, ...failures], ...callsOf(calls) })
      .where(runFilter(run));
  }
  const stored = await getSyncRun(db, { orgId, runId });
  if (!stored) throw new Error(`sync run ${runId} disappeared`);
  return stored;
}

/** A BC this run could not read: its permissions are not fresh, so the next run reads them again. */
const isBcError = (error: SyncError) => error.scope === 'connection' || error.scope.startsWith('bc:');

/** The run's calls as stored: the total and per endpoint. */
const callsOf = (calls: CallCounter) => ({ apiCalls: calls.total(), apiCallsByEndpoint: calls.byEndpoint() });

/** The trigger the queued run was recorded with, or the one a new run gets. */
async function runTrigger(db: Database, { orgId, runId, trigger }: RunSyncOptions): Promise<SyncTrigger> {
  if (runId === undefined) return trigger ?? 'manual';
  const [run] = await db
    .select({ trigger: syncRuns.trigger })
    .from(syncRuns)
    .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId)));
  return run?.trigger ?? trigger ?? 'manual';
}

async function startRun(db: Database, options: RunSyncOptions, { total, startedAt, readPermissions }: { total: number; startedAt: Date; readPermissions: boolean }): Promise<string> {
  const { orgId, connectionId } = options;
  const running = { status: 'running' as const, startedAt, progressTotal: total, readPermissions, heartbeatAt: sql`now()` };
  if (options.runId === undefined) {
    const [run] = await db
      .insert(syncRuns)
      .values({ orgId, connectionId, trigger: options.trigger ?? 'manual', ...running })
      .returning({ id: syncRuns.id });
    if (!run) throw new Error('the sync run was not recorded');
    return run.id;
  }
  const [run] = await db
    .update(syncRuns)
    .set(running)
    .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, options.runId), eq(syncRuns.connectionId, connectionId), eq(syncRuns.status, 'queued')))
    .returning({ id: syncRuns.id });
  if (!run) throw new NotFoundError('No queued sync run with this id for this connection');
  return run.id;
}
