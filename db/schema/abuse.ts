import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Abuse limits (lib/abuse/limits.ts): one row per bucket (`invitation:user:<id>`, `signup:ip:<addr>`),
 * the current fixed window and how many requests it has seen. Cross-organization by design (keys,
 * not tenant rows), so it carries no org_id and no row-level security.
 */
export const abuseLimitWindows = pgTable('abuse_limit_windows', {
  bucket: text().primaryKey(),
  windowStart: timestamp({ withTimezone: true }).notNull(),
  hits: integer().notNull(),
});
