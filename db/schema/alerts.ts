import { relations } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { organizations } from './tenancy';

export const alertChannelKind = pgEnum('alert_channel_kind', ['email', 'slack']);
export const alertKind = pgEnum('alert_kind', ['digest', 'blocking', 'test', 'renewal']);
/** `outbox`: SMTP is not configured, so the e-mail is kept for the outbox page instead of being sent. */
export const alertTransport = pgEnum('alert_transport', ['smtp', 'outbox', 'slack']);
/** `pending` waits for its (next) attempt at `next_attempt_at`; `sending` is claimed by a worker until then. */
export const alertDeliveryStatus = pgEnum('alert_delivery_status', ['pending', 'sending', 'sent', 'failed']);

/** Which alerts an organization wants; the expiry window itself is `organizations.expiry_window_days`. */
export const alertSettings = pgTable('alert_settings', {
  orgId: uuid()
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  dailyDigest: boolean().notNull().default(true),
  /** The UTC hour from which the day's digest goes out. */
  digestHourUtc: integer().notNull().default(8),
  immediateBlocking: boolean().notNull().default(true),
  /** Immediate alerts cover ads that turned blocking after this moment (when they were last switched on). */
  immediateSince: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** When the last digest was built: the next one reports ads that turned blocking after it. */
  lastDigestAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Where alerts go. An e-mail channel is an address, or an org member (then their current address,
 * and only while they are still a member). A Slack channel is an incoming-webhook URL: a secret that
 * lets anyone post into the workspace, so it is sealed like TikTok tokens and shown only as a hint.
 */
export const alertChannels = pgTable(
  'alert_channels',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    kind: alertChannelKind().notNull(),
    /** E-mail channels: the address as typed (external), or the member's address when added. */
    email: text(),
    /** E-mail channels picked from the members. */
    userId: text().references(() => users.id, { onDelete: 'cascade' }),
    /** Slack: optional name, e.g. `#paid-social`. */
    name: text(),
    webhookSealed: text(),
    /** Slack: `hooks.slack.com/…/` plus the last 4 characters, for recognizing it. */
    webhookHint: text(),
    /** Slack: SHA-256 of the URL, so one webhook is added once. */
    webhookSha256: text(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex('alert_channels_email_unique').on(t.orgId, t.email), uniqueIndex('alert_channels_webhook_unique').on(t.orgId, t.webhookSha256)],
);

export type SlackBlock = Record<string, unknown>;

/**
 * One message to one channel: what was (or will be) sent, and how delivery went. E-mails kept
 * because SMTP is not configured (`transport = outbox`) are the outbox.
 */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    /** No foreign key: the log outlives a removed channel. */
    channelId: uuid(),
    kind: alertKind().notNull(),
    transport: alertTransport().notNull(),
    /** The address, or the webhook's hint: never the webhook URL. */
    recipient: text().notNull(),
    subject: text().notNull(),
    textBody: text().notNull(),
    htmlBody: text(),
    slackBlocks: jsonb().$type<SlackBlock[]>(),
    status: alertDeliveryStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index().on(t.orgId, t.createdAt), index().on(t.orgId, t.status, t.nextAttemptAt)],
);

/**
 * Dedupe: an event (`digest:2026-03-02`, `blocking:<connection>:<ad>:<since>`) reaches a channel
 * once. Claiming the key and queueing its delivery happen in one transaction.
 */
export const alertEvents = pgTable(
  'alert_events',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    channelId: uuid().notNull(),
    eventKey: text().notNull(),
    deliveryId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.channelId, t.eventKey] }),
    foreignKey({ name: 'alert_events_channel_fk', columns: [t.orgId, t.channelId], foreignColumns: [alertChannels.orgId, alertChannels.id] }).onDelete('cascade'),
  ],
);

export const alertChannelsRelations = relations(alertChannels, ({ one }) => ({
  organization: one(organizations, { fields: [alertChannels.orgId], references: [organizations.id] }),
  user: one(users, { fields: [alertChannels.userId], references: [users.id] }),
}));

export const alertDeliveriesRelations = relations(alertDeliveries, ({ one }) => ({
  organization: one(organizations, { fields: [alertDeliveries.orgId], references: [organizations.id] }),
}));
