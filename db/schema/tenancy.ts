import { relations } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

export const orgKind = pgEnum('org_kind', ['brand', 'agency']);
export const orgRole = pgEnum('org_role', ['owner', 'admin', 'member', 'viewer']);

export const organizations = pgTable('organizations', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  kind: orgKind().notNull(),
  /** Minutes between scheduled TikTok syncs; 0 turns the schedule off. */
  syncIntervalMinutes: integer().notNull().default(30),
  /** Days before a Spark authorization ends at which health warns (AUTH_EXPIRING_SOON) and alerts report it. */
  expiryWindowDays: integer().notNull().default(14),
  /** Hours between scheduled reads of BC members and their permissions (the slow tier); every sync reads ads. */
  permissionRefreshHours: integer().notNull().default(24),
  /** TikTok ad-preview checks (`creative/ads_preview/create`) the organization may spend per hour. */
  previewChecksPerHour: integer().notNull().default(100),
  /** IANA timezone every date of the organization is shown in (pages, CSVs, e-mails, Slack); checked with Intl when saved. */
  timeZone: text().notNull().default('UTC'),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Set when an owner deletes the organization: nobody reaches it any more and a job removes its data (lib/tenancy/org-deletion.ts). */
  deletedAt: timestamp({ withTimezone: true }),
});

export const memberships = pgTable(
  'memberships',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: orgRole().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index().on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    email: text().notNull(),
    role: orgRole().notNull(),
    // Only the SHA-256 of the link token is stored; the token itself lives in the link.
    tokenHash: text().notNull(),
    invitedBy: text().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedBy: text().references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex().on(t.tokenHash), index().on(t.orgId, t.email)],
);

/** A user's memberships: declared here, next to memberships, so that auth.ts needs nothing from tenancy. */
export const usersRelations = relations(users, ({ many }) => ({
  memberships: many(memberships),
}));

export const organizationsRelations = relations(organizations, ({ many }) => ({
  memberships: many(memberships),
  invitations: many(invitations),
}));

export const membershipsRelations = relations(memberships, ({ one }) => ({
  organization: one(organizations, { fields: [memberships.orgId], references: [organizations.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}));

export const invitationsRelations = relations(invitations, ({ one }) => ({
  organization: one(organizations, { fields: [invitations.orgId], references: [organizations.id] }),
}));
