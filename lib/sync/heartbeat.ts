import { sql } from 'drizzle-orm';

/** How often a running sync or code batch says it is alive. */
export const HEARTBEAT_EVERY_MS = 15_000;
/** A sync or code batch not heard from for this long belongs to a process that died. */
export const HEARTBEAT_STALE_SECONDS = 60;
/** `now() - 60 s` on the database clock, the one every process shares. */
export const STALE_BEFORE = sql.raw(`now() - interval '${HEARTBEAT_STALE_SECONDS} seconds'`);

/**
 * Calls `beat` every HEARTBEAT_EVERY_MS until stopped. A beat that fails (the database briefly
 * unreachable) is simply tried again on the next tick; the timer never keeps the process alive.
 */
export function startHeartbeat(beat: () => Promise<unknown>): { stop(): void } {
  const timer = setInterval(() => void beat().catch(() => {}), HEARTBEAT_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
