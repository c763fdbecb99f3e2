import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { FormError } from '@/components/ui/field';
import { Pager } from '@/components/ui/pager';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { Table, TableHead, Td } from '@/components/ui/table';
import { listCodeBatches } from '@/lib/codes/queries';
import { formatDateTime } from '@/lib/dates';
import { readPageParam } from '@/lib/query-params';
import { requireOrgPage } from '@/lib/tenancy/membership';

export const metadata: Metadata = { title: 'Creator-code history' };

export default async function CodeHistoryPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ page?: string }> }) {
  const [{ org }, query] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(org, 'member');
  const { page, error: pageError } = readPageParam(query.page);
  const { batches, total, pageSize } = await listCodeBatches(ctx.db, { orgId: ctx.org.id, page });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const base = `/o/${ctx.org.slug}/codes`;
  return (
    <>
      <PageHeader
        title="Creator-code history"
        description="Every batch of creator codes: who applied them, when, to which ad accounts, and what happened to each code. Codes are shown masked."
        actions={
          <Link href={base} className={buttonClass('primary')}>
            Apply codes
          </Link>
        }
      />
      {pageError ? (
        <div className="mb-4">
          <FormError message={`${pageError}. Showing the first page instead.`} />
        </div>
      ) : null}
      <Card>
        <CardHeader title={`${total} batch${total === 1 ? '' : 'es'}`} description={`Times in ${ctx.org.timeZone}.`} />
        {batches.length === 0 ? (
          <p className="px-5 py-6 text-sm text-slate-500">No creator codes have been applied yet.</p>
        ) : (
          <Table>
            <TableHead columns={['When', 'Who', 'Ad accounts', 'Codes', 'Outcome']} actions />
            <tbody className="divide-y divide-slate-100">
              {batches.map((b) => (
                <tr key={b.id} data-testid="code-batch" className="align-top">
                  <Td className="whitespace-nowrap text-slate-600">{formatDateTime(b.createdAt, ctx.org.timeZone)}</Td>
                  <Td>
                    {b.createdBy ? (b.createdBy.name ?? b.createdBy.email) : <span className="text-slate-500">Former member</span>}
                    <div className="text-xs text-slate-500">{b.source === 'cli' ? 'Command line' : 'Web'}</div>
                  </Td>
                  <Td className="text-xs text-slate-600">
                    {b.advertisers.map((a) => (
                      <div key={a.advertiserId}>{a.name ?? a.advertiserId}</div>
                    ))}
                  </Td>
                  <Td className="tabular-nums text-slate-600">{b.total / Math.max(1, b.advertisers.length)}</Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {b.finishedAt === null ? <Badge tone="blue">{b.running ? 'Applying' : 'Unfinished'}</Badge> : null}
                      {b.counts.applied > 0 ? <Badge tone="green">{b.counts.applied} applied</Badge> : null}
                      {b.counts.already_applied > 0 ? <Badge tone="green">{b.counts.already_applied} already applied</Badge> : null}
                      {b.counts.failed > 0 ? <Badge tone="red">{b.counts.failed} failed</Badge> : null}
                      {b.counts.skipped > 0 ? <Badge tone="neutral">{b.counts.skipped} skipped</Badge> : null}
                    </div>
                  </Td>
                  <Td className="text-right">
                    <Link href={`${base}/${b.id}`} className={buttonClass('secondary', 'sm')}>
                      Details
                    </Link>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pager page={page} pages={pages} href={(n) => `${base}/history?page=${n}`} label={`Page ${page} of ${pages}`} previous="Newer" next="Older" />
      </Card>
    </>
  );
}
