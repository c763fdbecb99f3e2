import { relations } from 'drizzle-orm';
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { organizations } from './tenancy';

/**
 * sent → opened → code_received → applied | failed; any open one → expired (14 days) or revoked.
 * `failed` stays open: the creator may paste another code until the link expires.
 */
export const RENEWAL_STATUSES = ['sent', 'opened', 'code_received', 'applied', 'failed', 'expired', 'revoked'] as const;
export type RenewalStatus = (typeof RENEWAL_STATUSES)[number];
export const renewalStatus = pgEnum('renewal_status', RENEWAL_STATUSES);

/**
 * A link (`/r/<token>`) a brand sends a creator to renew the Spark authorization of one post on
 * some of its ad accounts. Only the token's SHA-256 is stored; the code the creator pastes is
 * applied through the creator-code engine (a code batch) and kept here only masked and hashed.
 */
export const renewalRequests = pgTable(
  'renewal_requests',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    itemId: text().notNull(),
    advertiserIds: text().array().notNull(),
    /** SHA-256 (hex) of the link's token: unique across organizations, the one cross-org lookup key. */
    tokenHash: text().notNull(),
    /** The token, sealed (lib/crypto) and bound to this row, only while a reminder e-mail may still need the link. */
    tokenSealed: text(),
    status: renewalStatus().notNull().default('sent'),
    /** Where the link was e-mailed, if anywhere. */
    creatorEmail: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    openedAt: timestamp({ withTimezone: true }),
    codeReceivedAt: timestamp({ withTimezone: true }),
    appliedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    reminderSentAt: timestamp({ withTimezone: true }),
    /** The last code the creator sent: masked for people, hashed to recognize it sent again. */
    codeMasked: text(),
    codeSha256: text(),
    /** The code batch that applied it. */
    batchId: uuid(),
    /** When the new authorization ends (the re-read ledger), once applied. */
    newEndTime: timestamp({ withTimezone: true }),
    /** What happened last, in words (why a code was refused or failed). */
    result: text(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex('renewal_requests_token_unique').on(t.tokenHash), index().on(t.orgId, t.createdAt), index().on(t.orgId, t.itemId)],
);

export const renewalRequestsRelations = relations(renewalRequests, ({ one }) => ({
  organization: one(organizations, { fields: [renewalRequests.orgId], references: [organizations.id] }),
  creator: one(users, { fields: [renewalRequests.createdBy], references: [users.id] }),
}));
