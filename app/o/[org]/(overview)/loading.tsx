import { PageLoading } from '@/components/ui/page-loading';

/** While the overview is read (counts, root causes, expiry timeline); see team/loading.tsx for where boundaries may sit. */
export default function OverviewLoading() {
  return <PageLoading blocks={['h-24', 'h-72', 'h-48']} />;
}
