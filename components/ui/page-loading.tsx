/**
 * What stands in for a data-heavy page while it is read: the menu and sync bar stay, screen readers
 * hear "Loading…", and grey blocks hold the page's place.
 */
export function PageLoading({ blocks = ['h-28', 'h-64'] }: { blocks?: string[] }) {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <p className="sr-only">Loading…</p>
      {blocks.map((height, i) => (
        <div key={i} aria-hidden className={`${height} animate-pulse rounded-xl bg-white ring-1 ring-slate-200`} />
      ))}
    </div>
  );
}
