/** While a data-heavy page (ads, team matrix, overview) is read, the shell stays and this stands in for the page. */
export default function OrgPageLoading() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <p className="sr-only">Loading…</p>
      <div aria-hidden className="h-8 w-48 animate-pulse rounded-md bg-slate-200" />
      <div aria-hidden className="h-28 animate-pulse rounded-xl bg-white ring-1 ring-slate-200" />
      <div aria-hidden className="h-64 animate-pulse rounded-xl bg-white ring-1 ring-slate-200" />
    </div>
  );
}
