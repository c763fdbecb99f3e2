import { relations } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { organizations } from './tenancy';
import { tiktokConnections } from './tiktok';

export const syncTrigger = pgEnum('sync_trigger', ['manual', 'schedule', 'demo', 'cli']);
export type SyncTrigger = (typeof syncTrigger.enumValues)[number];
export const syncRunStatus = pgEnum('sync_run_status', ['queued', 'running', 'succeeded', 'partial', 'failed']);
export const permissionChangeKind = pgEnum('permission_change_kind', ['gained', 'lost', 'changed']);

/** Rows a sync saw per stream (table), and what it did with them. */
export type StreamCounters = { fetched: number; inserted: number; updated: number; removed: number };
export type SyncCounters = Record<string, StreamCounters>;

/** One thing a sync could not do, in plain words; `scope` is e.g. `advertiser:<id>`, `bc:<id>` or `connection`. */
export type SyncError = { scope: string; code: number | null; message: string };

/**
 * Something TikTok sent that a sync could not store as sent, while the rest was stored: a row left
 * out, a field stored empty, a list whose paging stopped early. The run still succeeds.
 */
export type SyncWarning = {
  /** The unit it happened in: `connection`, `bc:<id>` or `advertiser:<id>`. */
  scope: string;
  /** The API path, e.g. `ad/get/`. */
  endpoint: string;
  rowId: string | null;
  field: string;
  message: string;
  /** What TikTok sent in that field (cut short). */
  raw: string | null;
};

export const syncRuns = pgTable(
  'sync_runs',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    connectionId: uuid().notNull(),
    trigger: syncTrigger().notNull(),
    /** The user who asked for a manual sync. */
    requestedBy: text().references(() => users.id, { onDelete: 'set null' }),
    status: syncRunStatus().notNull().default('queued'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    /** Units of work (the BC list, each BC, each ad account) finished so far, of `progress_total`. */
    progressDone: integer().notNull().default(0),
    progressTotal: integer().notNull().default(0),
    counters: jsonb().$type<SyncCounters>().notNull().default({}),
    /** HTTP requests sent to TikTok, retries included. */
    apiCalls: integer().notNull().default(0),
    /** `api_calls` per TikTok endpoint path (`ad/get/`), after-sync preview checks included. */
    apiCallsByEndpoint: jsonb().$type<Record<string, number>>().notNull().default({}),
    /** Whether the run read BC members, their permissions and asset partners (the slow tier), or only what breaks ads. */
    readPermissions: boolean().notNull().default(true),
    errors: jsonb().$type<SyncError[]>().notNull().default([]),
    warnings: jsonb().$type<SyncWarning[]>().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index().on(t.orgId, t.connectionId, t.createdAt),
    index().on(t.orgId, t.createdAt),
    foreignKey({ name: 'sync_runs_connection_fk', columns: [t.orgId, t.connectionId], foreignColumns: [tiktokConnections.orgId, tiktokConnections.id] }).onDelete('cascade'),
  ],
);

/** A member's role or permissions on an asset that differ from the previous sync of the BC. */
export const ttPermissionChanges = pgTable(
  'tt_permission_changes',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    syncRunId: uuid().notNull(),
    connectionId: uuid().notNull(),
    bcId: text().notNull(),
    memberKey: text().notNull(),
    memberName: text(),
    memberEmail: text(),
    assetType: text().notNull(),
    assetId: text().notNull(),
    assetName: text(),
    change: permissionChangeKind().notNull(),
    /** The advertiser role as a one-element list, or the TikTok-account permissions; empty when none. */
    before: text().array().notNull(),
    after: text().array().notNull(),
    detectedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index().on(t.orgId, t.detectedAt),
    index().on(t.orgId, t.bcId, t.memberKey),
    index().on(t.orgId, t.assetType, t.assetId),
    foreignKey({ name: 'tt_permission_changes_run_fk', columns: [t.orgId, t.syncRunId], foreignColumns: [syncRuns.orgId, syncRuns.id] }).onDelete('cascade'),
  ],
);

export const syncRunsRelations = relations(syncRuns, ({ one, many }) => ({
  organization: one(organizations, { fields: [syncRuns.orgId], references: [organizations.id] }),
  connection: one(tiktokConnections, { fields: [syncRuns.orgId, syncRuns.connectionId], references: [tiktokConnections.orgId, tiktokConnections.id] }),
  permissionChanges: many(ttPermissionChanges),
}));

export const ttPermissionChangesRelations = relations(ttPermissionChanges, ({ one }) => ({
  syncRun: one(syncRuns, { fields: [ttPermissionChanges.orgId, ttPermissionChanges.syncRunId], references: [syncRuns.orgId, syncRuns.id] }),
}));
