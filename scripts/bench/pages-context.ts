import type { Database } from '@/db/client';

/**
 * What `npm run bench:pages` gives each section (ads, team): two production servers (`next start`) of
 * the same build on a throwaway Postgres database, one connected to it directly (timed) and one through
 * the statement-counting proxy (counted), that database for seeding and for the raw-query baselines,
 * and a way to sign a seeded user in. Each section seeds its own organization and returns its figures.
 */
export type PagesBenchContext = {
  /** The server that is timed, connected to Postgres directly as the query baselines are, e.g. `http://127.0.0.1:3400`. */
  baseUrl: string;
  /** The server whose statements and round trips are counted (its Postgres traffic goes through the proxy). */
  countedBaseUrl: string;
  db: Database;
  /** The same database as one organization sees it (row-level security on), as the pages read it. */
  forOrganization(orgId: string): Database;
  /** Statements and round trips the counted server has sent to Postgres so far (its counting proxy). */
  serverTraffic(): { statements: number; roundTrips: number };
  /** CPU time (user + system, ms) the timed server's process has used so far, or null where the system does not say (no /proc). */
  serverCpuMs(): number | null;
  /** Signs an existing user in through `POST /api/session`; returns the `Cookie` header for requests. */
  signIn(email: string, password: string): Promise<string>;
};

/** One section's figures, flat, for the closing JSON line (e.g. `adsListFirstPageP95Ms`). */
export type PagesBenchFigures = Record<string, number | boolean | string>;
