import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { organizations } from './tenancy';

/** What an API key may do: the roles below owner (a key never owns an organization). */
export const apiKeyRole = pgEnum('api_key_role', ['admin', 'member', 'viewer']);

/**
 * An organization's API keys (lib/api-keys). The key is shown once; only its public prefix and the
 * SHA-256 of its secret part are kept. Looked up by prefix across organizations (the one narrow
 * cross-organization read: the key names its organization), then compared by hash.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    role: apiKeyRole().notNull(),
    /** The public part, `sk_live_` + 12 characters: shown in lists and logs, unique. */
    prefix: text().notNull(),
    /** SHA-256 (hex) of the whole key. */
    secretHash: text().notNull(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex().on(t.prefix), index().on(t.orgId, t.createdAt)],
);
