// Shared by the limiter tests (in-memory and Postgres).

/** The most timestamps that fall inside any window of `ms` milliseconds. */
export function busiestWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[j] ?? 0) - (sorted[i] ?? 0) >= ms) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}
