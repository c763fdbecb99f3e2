import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BatchResults } from '@/components/codes/batch-results';
import { PageHeader } from '@/components/ui/card';
import { getCodeBatch } from '@/lib/codes/queries';
import { formatDateTime } from '@/lib/dates';
import { requireOrgPage } from '@/lib/tenancy/membership';

export const metadata: Metadata = { title: 'Creator-code batch' };

export default async function CodeBatchPage({ params }: { params: Promise<{ org: string; batchId: string }> }) {
  const { org, batchId } = await params;
  const ctx = await requireOrgPage(org, 'member');
  const batch = await getCodeBatch(ctx.db, { orgId: ctx.org.id, batchId });
  if (!batch) notFound();
  const who = batch.createdBy ? (batch.createdBy.name ?? batch.createdBy.email) : 'A former member';
  return (
    <>
      <PageHeader
        title="Creator-code batch"
        description={
          <>
            {who} · {formatDateTime(batch.createdAt, ctx.org.timeZone)} · {batch.source === 'cli' ? 'command line' : 'web'} · {batch.advertisers.map((a) => a.name ?? a.advertiserId).join(', ')}
          </>
        }
        actions={
          <Link href={`/o/${ctx.org.slug}/codes/history`} className="text-sm font-medium text-slate-600 hover:text-slate-900">
            ← All batches
          </Link>
        }
      />
      <BatchResults orgSlug={ctx.org.slug} initial={batch} timeZone={ctx.org.timeZone} />
    </>
  );
}
