import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until `check` returns a value other than undefined/false and returns it. Tests synchronise
 * on observable states with this; the timeout is only a guard that turns a hang into a failure
 * naming what never happened, never a measurement.
 */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, { timeoutMs = 90_000, everyMs = 10 } = {}): Promise<Exclude<T, false | undefined>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as Exclude<T, false | undefined>;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await sleep(everyMs);
  }
}
