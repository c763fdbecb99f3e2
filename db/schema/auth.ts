import { index, integer, pgTable, primaryKey, text, timestamp, bigserial } from 'drizzle-orm/pg-core';

// Tables shaped for @auth/drizzle-adapter (users, accounts, verification tokens) plus our password hash.
export const users = pgTable('users', {
  id: text()
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text(),
  email: text().notNull().unique(),
  emailVerified: timestamp({ withTimezone: true, mode: 'date' }),
  image: text(),
  passwordHash: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const accounts = pgTable(
  'accounts',
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text(),
    access_token: text(),
    expires_at: integer(),
    token_type: text(),
    scope: text(),
    id_token: text(),
    session_state: text(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

/**
 * One row per signed-in browser. Auth.js keeps its JWT cookie (Credentials sign-in allows no database
 * sessions); the JWT carries `sessionToken` as `sid` and every request checks the row still exists,
 * so deleting the row ends the session at once (sign-out, "sign out everywhere", password change).
 */
export const sessions = pgTable(
  'sessions',
  {
    sessionToken: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expires: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The client address and browser at sign-in, shown on the profile page's session list. */
    ip: text(),
    userAgent: text(),
  },
  (t) => [index().on(t.userId)],
);

export const verificationTokens = pgTable(
  'verification_tokens',
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/**
 * Sign-in throttle counters, one row per key (`account:<email>` or `ip:<address>`). Each attempt is
 * claimed with one atomic upsert before any password is checked; see lib/auth/throttle.ts.
 */
export const authThrottle = pgTable('auth_throttle', {
  key: text().primaryKey(),
  failures: integer().notNull(),
  /** No attempt is checked before this time (the progressive slow-down). */
  nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
  lastFailureAt: timestamp({ withTimezone: true }).notNull(),
});

/** Account e-mail (verification, password reset, invitations) kept when no SMTP_URL is set. */
export const accountMail = pgTable(
  'account_mail',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.to, t.createdAt)],
);
