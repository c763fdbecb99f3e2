import { and, eq, isNull, notInArray, type SQL } from 'drizzle-orm';
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
  type syncTrigger,
} from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { createCallCounter, createTikTokClient, TikTokApiError, type CallCounter, type TikTokClientOptions } from '@/lib/tiktok';
import { describeSyncError, needsReconnect, reconnectReason } from './describe-error';
import { fetchAdvertiserSnapshot, fetchBcSnapshot, fetchBusinessCenters, type AdvertiserSnapshot, type BcSnapshot } from './fetch';
import { runAfterSyncHooks } from './hooks';
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

export type SyncTrigger = (typeof syncTrigger.enumValues)[number];

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
 * BC_AUTH_TT identities.
 *
 * Each BC and each ad account is read completely, then written in one transaction: an upsert
 * that leaves unchanged rows alone and marks vanished ones removed, so repeating a sync, or
 * re-running one that crashed, changes nothing. A unit TikTok refuses is recorded on the run in
 * plain words and the others continue (status `partial`); a token TikTok no longer accepts marks
 * the connection `needs_reconnect` and fails the run. After a run that stored data the
 * `registerAfterSync` hooks run. Returns the finished run.
 */
export async function runSync(db: Database, options: RunSyncOptions): Promise<SyncRun> {
  const { orgId, connectionId } = options;
  const now = options.now ?? (() => new Date());
  const [found] = await db
    .select({ connection: tiktokConnections, permissionRefreshHours: organizations.permissionRefreshHours })
    .from(tiktokConnections)
    .innerJoin(organizations, eq(organizations.id, tiktokConnections.orgId))
    .where(and(eq(tiktokConnections.orgId, orgId), eq(tiktokConnections.id, connectionId)));
  if (!found) throw new NotFoundError('TikTok connection not found');
  const { connection } = found;
  const startedAt = now();
  const trigger = await runTrigger(db, options);
  const permissions = readsPermissions({ ...connection, trigger, permissionRefreshHours: found.permissionRefreshHours, now: startedAt });

  const total = 1 + connection.bcIds.length + connection.advertiserIds.length;
  const runId = await startRun(db, options, { total, startedAt, readPermissions: permissions });
  const counters: SyncCounters = {};
  const errors: SyncError[] = [];
  let done = 0;
  let completed = 0;

  const calls = createCallCounter();
  const client = createTikTokClient({ ...options.tiktok, orgId, calls });

  const runFilter = and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId));

  async function saveProgress() {
    await db.update(syncRuns).set({ progressDone: done, counters, ...callsOf(calls), errors }).where(runFilter);
    options.onProgress?.({ runId, done, total });
  }

  function count(table: AnyPgTable, add: Partial<StreamCounters>) {
    const name = getTableConfig(table).name;
    const sum = counters[name] ?? { fetched: 0, inserted: 0, updated: 0, removed: 0 };
    counters[name] = {
      fetched: sum.fetched + (add.fetched ?? 0),
      inserted: sum.inserted + (add.inserted ?? 0),
      updated: sum.updated + (add.updated ?? 0),
      removed: sum.removed + (add.removed ?? 0),
    };
  }

  /** Writes one table's snapshot and adds to the run's counters. */
  async function write<T extends SyncedTable>(tx: Transaction, table: T, rows: readonly SyncedRow<T>[], scope: SQL | undefined, at: Date) {
    count(table, await syncRows(tx, table, { orgId, connectionId, now: at, rows, scope }));
  }

  /** One BC or ad account: a TikTok refusal is recorded and the run goes on; anything else ends it. */
  async function unit<T>(scope: string, subject: string, work: () => Promise<T>): Promise<T | null> {
    try {
      const result = await work();
      completed += 1;
      return result;
    } catch (error) {
      if (!(error instanceof TikTokApiError) || needsReconnect(error)) throw error;
      errors.push(describeSyncError(error, scope, subject));
      return null;
    } finally {
      done += 1;
      await saveProgress();
    }
  }

  async function writeBc(tx: Transaction, snapshot: BcSnapshot) {
    const at = now();
    const { bcId } = snapshot;
    const previousRoles = await tx
      .select()
      .from(ttMemberAssetRoles)
      .where(and(eq(ttMemberAssetRoles.orgId, orgId), eq(ttMemberAssetRoles.connectionId, connectionId), eq(ttMemberAssetRoles.bcId, bcId), isNull(ttMemberAssetRoles.removedAt)));
    const previousMembers = await tx
      .select({ key: ttBcMembers.memberKey, name: ttBcMembers.userName, email: ttBcMembers.userEmail })
      .from(ttBcMembers)
      .where(and(eq(ttBcMembers.orgId, orgId), eq(ttBcMembers.connectionId, connectionId), eq(ttBcMembers.bcId, bcId)));

    await write(tx, ttBcTiktokAccounts, snapshot.ttAccounts.map((a) => bcTiktokAccountRow(bcId, a)), eq(ttBcTiktokAccounts.bcId, bcId), at);
    await write(tx, ttAdvertisers, snapshot.advertisers.map((a) => advertiserRow(bcId, a)), eq(ttAdvertisers.bcId, bcId), at);
    // Without a read of the slow tier, the stored members and permissions stay as they are.
    if (snapshot.permissions === null) return;
    const { members: memberSnapshots, partners } = snapshot.permissions;
    const roles = memberSnapshots.flatMap((m) => m.assets.map((asset) => memberAssetRoleRow(bcId, m.key, asset)));
    await write(tx, ttBcMembers, memberSnapshots.map((m) => bcMemberRow(bcId, m.key, m.member)), eq(ttBcMembers.bcId, bcId), at);
    await write(tx, ttMemberAssetRoles, roles, eq(ttMemberAssetRoles.bcId, bcId), at);
    await write(tx, ttBcPartners, partners.map((p) => bcPartnerRow(bcId, p, p.partner)), eq(ttBcPartners.bcId, bcId), at);

    // The first snapshot of a BC is the baseline, not a list of changes.
    if (previousMembers.length === 0) return;
    const members = new Map(previousMembers.map((m) => [m.key, { name: m.name, email: m.email }]));
    for (const m of memberSnapshots) members.set(m.key, { name: m.member.user_name, email: m.member.user_email });
    const changes = diffPermissions(previousRoles, roles, members);
    for (const chunk of chunks(changes)) {
      await tx.insert(ttPermissionChanges).values(chunk.map((change) => ({ ...change, orgId, connectionId, syncRunId: runId, bcId, detectedAt: at })));
    }
    count(ttPermissionChanges, { inserted: changes.length });
  }

  async function writeAdvertiser(tx: Transaction, snapshot: AdvertiserSnapshot) {
    const at = now();
    const id = snapshot.advertiserId;
    await write(tx, ttIdentities, snapshot.identities.map((i) => identityRow(id, i)), eq(ttIdentities.advertiserId, id), at);
    await write(tx, ttSparkPosts, snapshot.sparkPosts.map((p) => sparkPostRow(id, p)), eq(ttSparkPosts.advertiserId, id), at);
    await write(tx, ttIdentityPosts, snapshot.identityPosts.map((p) => identityPostRow(p.identity, p.post)), eq(ttIdentityPosts.advertiserId, id), at);
    await write(tx, ttCampaigns, snapshot.campaigns.map((c) => campaignRow(id, c)), eq(ttCampaigns.advertiserId, id), at);
    await write(tx, ttAdGroups, snapshot.adGroups.map((g) => adGroupRow(id, g)), eq(ttAdGroups.advertiserId, id), at);
    await write(tx, ttAds, snapshot.ads.map((a) => adRow(id, a)), eq(ttAds.advertiserId, id), at);
  }

  async function finish(status: SyncRun['status']): Promise<SyncRun> {
    const finishedAt = now();
    const stored = status !== 'failed';
    await db.update(syncRuns).set({ status, finishedAt, progressDone: done, counters, ...callsOf(calls), errors }).where(runFilter);
    if (stored) {
      await db
        .update(tiktokConnections)
        .set({ lastSyncedAt: finishedAt, ...(permissions && !errors.some(isBcError) ? { permissionsSyncedAt: startedAt } : {}) })
        .where(and(eq(tiktokConnections.orgId, orgId), eq(tiktokConnections.id, connectionId)));
      // After-sync work (preview checks) spends the same quota, so it is counted on this run.
      const failures = await runAfterSyncHooks(db, { orgId, runId, calls, now: finishedAt });
      await db.update(syncRuns).set({ errors: [...errors, ...failures], ...callsOf(calls) }).where(runFilter);
    }
    const run = await getSyncRun(db, { orgId, runId });
    if (!run) throw new Error(`sync run ${runId} disappeared`);
    return run;
  }

  if (connection.status === 'disconnected') {
    errors.push({ scope: 'connection', code: null, message: 'This TikTok connection is disconnected; reconnect it to sync.' });
    return finish('failed');
  }

  try {
    const chosenBcs = new Set(connection.bcIds);
    const visibleBcs = await unit('connection', 'the list of Business Centers', async () => {
      const found = (await fetchBusinessCenters(client)).filter((bc) => chosenBcs.has(bc.bc_info.bc_id));
      const keep = found.map((bc) => bc.bc_info.bc_id);
      await db.transaction(async (tx) => {
        const at = now();
        await write(tx, ttBusinessCenters, found.map(businessCenterRow), undefined, at);
        // BCs no longer chosen, or no longer visible to the token: their data is not current any more.
        for (const table of BC_TABLES) await write(tx, table, [], notInArray(table.bcId, keep), at);
      });
      return new Map(found.map((bc) => [bc.bc_info.bc_id, bc.bc_info.name]));
    });

    const advertiserNames = new Map<string, string | null>();
    for (const bcId of connection.bcIds) {
      if (visibleBcs === null || !visibleBcs.has(bcId)) {
        // Without the BC list (its failure is already recorded) nothing is known about this BC.
        if (visibleBcs !== null) {
          errors.push({ scope: `bc:${bcId}`, code: null, message: `Business Center ${bcId} is no longer visible to this connection; its data is marked removed.` });
        }
        done += 1;
        continue;
      }
      await unit(`bc:${bcId}`, `Business Center ${visibleBcs.get(bcId) ?? bcId}`, async () => {
        const snapshot = await fetchBcSnapshot(client, bcId, { permissions });
        for (const a of snapshot.advertisers) advertiserNames.set(a.asset_id, a.asset_name);
        await db.transaction((tx) => writeBc(tx, snapshot));
      });
    }

    await db.transaction(async (tx) => {
      const at = now();
      for (const table of ADVERTISER_TABLES) await write(tx, table, [], notInArray(table.advertiserId, connection.advertiserIds), at);
    });
    for (const advertiserId of connection.advertiserIds) {
      const name = advertiserNames.get(advertiserId);
      await unit(`advertiser:${advertiserId}`, name ? `ad account ${name} (${advertiserId})` : `ad account ${advertiserId}`, async () => {
        const snapshot = await fetchAdvertiserSnapshot(client, advertiserId);
        await db.transaction((tx) => writeAdvertiser(tx, snapshot));
      });
    }
  } catch (error) {
    if (error instanceof TikTokApiError && needsReconnect(error)) {
      const reason = reconnectReason(error);
      await db
        .update(tiktokConnections)
        .set({ status: 'needs_reconnect', statusReason: reason })
        .where(and(eq(tiktokConnections.orgId, orgId), eq(tiktokConnections.id, connectionId)));
      errors.push({ scope: 'connection', code: error.code, message: reason });
      return finish('failed');
    }
    errors.push({ scope: 'connection', code: null, message: `The sync stopped on an internal error: ${error instanceof Error ? error.message : String(error)}` });
    await finish('failed');
    throw error;
  }
  return finish(errors.length === 0 ? 'succeeded' : completed === 0 ? 'failed' : 'partial');
}

/** A BC this run could not read: its permissions are not fresh, so the next run reads them again. */
const isBcError = (error: SyncError) => error.scope === 'connection' || error.scope.startsWith('bc:');

/** The run's calls as stored: the total and per endpoint. */
const callsOf = (calls: CallCounter) => ({ apiCalls: calls.total(), apiCallsByEndpoint: calls.byEndpoint() });

/** The trigger the queued run was recorded with, or the one a new run gets. */
async function runTrigger(db: Database, { orgId, runId, trigger }: RunSyncOptions): Promise<SyncTrigger> {
  if (runId === undefined) return trigger ?? 'manual';
  const [run] = await db.select({ trigger: syncRuns.trigger }).from(syncRuns).where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId)));
  return run?.trigger ?? trigger ?? 'manual';
}

async function startRun(db: Database, options: RunSyncOptions, { total, startedAt, readPermissions }: { total: number; startedAt: Date; readPermissions: boolean }): Promise<string> {
  const { orgId, connectionId } = options;
  const running = { status: 'running' as const, startedAt, progressTotal: total, readPermissions };
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
