/** TikTok requests per endpoint path (`ad/get/`), as a sync run stores them. */
export type CallsByEndpoint = Record<string, number>;

/**
 * Counts what one unit of work (a sync run and its after-sync work) spends of the app's TikTok
 * quota: every HTTP request sent, retries included, per endpoint. Given to a client, it counts at
 * the transport, so no caller can spend a call that is not counted.
 */
export type CallCounter = {
  record(path: string): void;
  total(): number;
  byEndpoint(): CallsByEndpoint;
};

export function createCallCounter(): CallCounter {
  const counts = new Map<string, number>();
  let total = 0;
  return {
    record(path) {
      counts.set(path, (counts.get(path) ?? 0) + 1);
      total += 1;
    },
    total: () => total,
    byEndpoint: () => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** The endpoints of a count, busiest first (ties by path), as pages and the CLI list them. */
export function busiestEndpoints(byEndpoint: CallsByEndpoint): [path: string, calls: number][] {
  return Object.entries(byEndpoint).toSorted(([a, x], [b, y]) => y - x || a.localeCompare(b));
}
