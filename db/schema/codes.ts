import { relations, sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { organizations } from './tenancy';
import { tiktokConnections } from './tiktok';

/**
 * pending → previewed → applying → applied | already_applied | failed | skipped. A trigger (migration
 * 0007) refuses any other move, so a crash leaves every item in a state a re-run can continue from;
 * `failed → applying` is the one way back, taken only by "retry failed".
 */
export const CODE_ITEM_STATES = ['pending', 'previewed', 'applying', 'applied', 'already_applied', 'failed', 'skipped'] as const;
export type CodeItemState = (typeof CODE_ITEM_STATES)[number];
export const codeItemState = pgEnum('code_item_state', CODE_ITEM_STATES);
export const codeBatchSource = pgEnum('code_batch_source', ['web', 'cli']);

/** What `tt_video/info` said about the code's post when the batch ran (times ISO 8601). */
export type CodePreviewFacts = {
  itemId: string | null;
  handle: string | null;
  caption: string | null;
  thumbnailUrl: string | null;
  postStatus: string | null;
  authStatus: string | null;
  authStart: string | null;
  authEnd: string | null;
};

/** One "apply these codes to these ad accounts" request; the idempotency key makes a resubmission the same batch. */
export const codeBatches = pgTable(
  'code_batches',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    idempotencyKey: text().notNull(),
    /** SHA-256 of the request (codes, ad accounts, skipped codes): the same key with another body is refused. */
    requestHash: text().notNull(),
    source: codeBatchSource().notNull(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    advertiserIds: text().array().notNull(),
    /** A run holds the batch until then; a run that died lets go when it passes. */
    runLeaseUntil: timestamp({ withTimezone: true }),
    /** When the last run ended with every item final. */
    finishedAt: timestamp({ withTimezone: true }),
    /** Re-reading the ledger after applying failed, in plain words (the codes themselves are applied). */
    followUpError: text(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), unique('code_batches_org_key_unique').on(t.orgId, t.idempotencyKey), index().on(t.orgId, t.createdAt)],
);

/** One code for one ad account. */
export const codeBatchItems = pgTable(
  'code_batch_items',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    batchId: uuid().notNull(),
    id: uuid().notNull(),
    /** Order of the code in the paste. */
    position: integer().notNull(),
    advertiserId: text().notNull(),
    connectionId: uuid().notNull(),
    // Codes are credentials: history shows the masked form; the hash matches tt_spark_posts.
    codeMasked: text().notNull(),
    codeSha256: text().notNull(),
    /** lib/crypto sealed, bound to this row; kept only while the code may still be sent (pending … failed). */
    codeSealed: text(),
    state: codeItemState().notNull().default('pending'),
    preview: jsonb().$type<CodePreviewFacts>(),
    /** TikTok's envelope code and message of the failure (null code: no answer, e.g. a timeout). */
    tiktokCode: integer(),
    tiktokMessage: text(),
    /** authorize calls sent for this item. */
    attempts: integer().notNull().default(0),
    /** While `applying`: the run working on it holds it until then. */
    leaseUntil: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    unique('code_batch_items_code_unique').on(t.orgId, t.batchId, t.advertiserId, t.codeSha256),
    index().on(t.orgId, t.batchId, t.position),
    foreignKey({ name: 'code_batch_items_batch_fk', columns: [t.orgId, t.batchId], foreignColumns: [codeBatches.orgId, codeBatches.id] }).onDelete('cascade'),
    foreignKey({ name: 'code_batch_items_connection_fk', columns: [t.orgId, t.connectionId], foreignColumns: [tiktokConnections.orgId, tiktokConnections.id] }).onDelete('cascade'),
    check('code_batch_items_code_cleared', sql`${t.state} not in ('applied', 'already_applied', 'skipped') or ${t.codeSealed} is null`),
    check('code_batch_items_failure_explained', sql`${t.state} <> 'failed' or ${t.tiktokMessage} is not null`),
  ],
);

export const codeBatchesRelations = relations(codeBatches, ({ many }) => ({ items: many(codeBatchItems) }));
export const codeBatchItemsRelations = relations(codeBatchItems, ({ one }) => ({
  batch: one(codeBatches, { fields: [codeBatchItems.orgId, codeBatchItems.batchId], references: [codeBatches.orgId, codeBatches.id] }),
}));
