import { PageLoading } from '@/components/ui/page-loading';

/** While a page of the ads list is read; outside it, an ad's own page can still answer 404 (see team/loading.tsx). */
export default function AdsListLoading() {
  return <PageLoading blocks={['h-16', 'h-96']} />;
}
