// Only for the Team pages (the matrix is the heaviest read): a loading boundary starts the response
// before the page runs, so a page under it can no longer answer 404 for another organization's
// object. Pages that call notFound() (an ad, a batch, a connection) must stay outside one.

/** While a Team page is read, the menu and sync bar stay and this stands in for the page. */
export default function TeamPageLoading() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <p className="sr-only">Loading…</p>
      <div aria-hidden className="h-28 animate-pulse rounded-xl bg-white ring-1 ring-slate-200" />
      <div aria-hidden className="h-64 animate-pulse rounded-xl bg-white ring-1 ring-slate-200" />
    </div>
  );
}
