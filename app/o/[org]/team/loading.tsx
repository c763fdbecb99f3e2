import { PageLoading } from '@/components/ui/page-loading';

// Loading boundaries sit only over the data-heavy pages that answer 404 for nothing of their own
// (Team, the overview, the ads list; the organization itself is checked by the layout above the
// boundary). A boundary starts the response before the page runs, so a page under it could no longer
// answer 404 for another organization's object: pages that call notFound() (an ad, a batch, a
// connection) stay outside one, which is why the overview and the ads list sit in route groups.

/** While a Team page is read, the menu and sync bar stay and this stands in for the page. */
export default function TeamPageLoading() {
  return <PageLoading />;
}
