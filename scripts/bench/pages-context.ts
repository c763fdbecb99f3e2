import type { Database } from '@/db/client';

/**
 * What `npm run bench:pages` gives each section (ads, team): a production server (`next start`) on a
 * throwaway Postgres database, that database for seeding and for the raw-query baselines, and a way to
 * sign a seeded user in. Each section seeds its own organization and returns its figures.
 */
export type PagesBenchContext = {
  /** e.g. `http://127.0.0.1:3400` */
  baseUrl: string;
  db: Database;
  /** Signs an existing user in through `POST /api/session`; returns the `Cookie` header for requests. */
  signIn(email: string, password: string): Promise<string>;
};

/** One section's figures, flat, for the closing JSON line (e.g. `adsListFirstPageP95Ms`). */
export type PagesBenchFigures = Record<string, number | boolean | string>;
