import type { Metadata } from 'next';
import { RenewalStatusBadge } from '@/components/renewals/renewal-status-badge';
import { RevokeRenewalButton } from '@/components/renewals/revoke-renewal-button';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { Table, TableHead, Td } from '@/components/ui/table';
import { formatDate, formatDateTime } from '@/lib/dates';
import { listRenewalRequests } from '@/lib/renewals/renewals';
import { isOpen } from '@/lib/renewals/status';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { hasRole } from '@/lib/tenancy/roles';

export const metadata: Metadata = { title: 'Renewals' };

export default async function RenewalsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org);
  const now = new Date();
  const renewals = await listRenewalRequests(ctx.db, { orgId: ctx.org.id, now });
  const canRevoke = hasRole(ctx.role, 'member');
  return (
    <>
      <PageHeader
        title="Renewals"
        description="Links you sent creators to renew a post's Spark authorization. When a creator pastes a new code, Sparkcheck applies it to the post's ad accounts and the ads run on. Create one with “Request renewal” on an ad or next to an expiring authorization on the overview."
      />
      <Card>
        <CardHeader title={`${renewals.length} renewal request${renewals.length === 1 ? '' : 's'}`} description="Newest first. Times in UTC; links work for 14 days." />
        {renewals.length === 0 ? (
          <p className="px-5 py-6 text-sm text-slate-500">No renewal requests yet.</p>
        ) : (
          <Table label="Renewal requests">
            <TableHead columns={['Post', 'Status', 'Authorization ends', 'Sent', 'Ad accounts']} actions={canRevoke} />
            <tbody className="divide-y divide-slate-100">
              {renewals.map((r) => {
                const what = r.handle ? `@${r.handle}'s post` : `post ${r.itemId}`;
                return (
                  <tr key={r.id} data-testid="renewal-row" data-status={r.status} className="align-top">
                    <Td>
                      <div className="font-medium text-slate-900">{r.handle ? `@${r.handle}` : 'Unknown creator'}</div>
                      <div className="font-mono text-xs text-slate-500">{r.itemId}</div>
                    </Td>
                    <Td>
                      <RenewalStatusBadge status={r.status} />
                      {r.status === 'failed' && r.result ? <div className="mt-1 max-w-xs text-xs text-red-700">{r.result}</div> : null}
                      {r.codeMasked && r.status !== 'failed' ? <div className="mt-1 font-mono text-xs text-slate-500">Code {r.codeMasked}</div> : null}
                    </Td>
                    <Td className="whitespace-nowrap text-slate-600">
                      {r.newEndsAt ? (
                        <span data-testid="renewal-new-end">
                          Now {formatDate(r.newEndsAt, ctx.org.timeZone)}
                          {r.endsAt && r.endsAt !== r.newEndsAt ? <span className="block text-xs text-slate-500">was {formatDate(r.endsAt, ctx.org.timeZone)}</span> : null}
                        </span>
                      ) : r.endsAt ? (
                        formatDate(r.endsAt, ctx.org.timeZone)
                      ) : (
                        '—'
                      )}
                    </Td>
                    <Td className="whitespace-nowrap text-xs text-slate-600">
                      {formatDateTime(r.createdAt, ctx.org.timeZone)}
                      {r.createdBy ? <div>by {r.createdBy}</div> : null}
                      {r.creatorEmail ? <div>e-mailed to {r.creatorEmail}</div> : null}
                      {r.openedAt ? <div>opened {formatDateTime(r.openedAt, ctx.org.timeZone)}</div> : null}
                    </Td>
                    <Td className="text-xs text-slate-600">
                      {r.advertiserIds.map((a) => (
                        <div key={a} className="font-mono">
                          {a}
                        </div>
                      ))}
                    </Td>
                    {canRevoke ? (
                      <Td className="text-right">
                        {isOpen({ status: r.status, expiresAt: new Date(r.expiresAt) }, now) ? <RevokeRenewalButton orgSlug={ctx.org.slug} id={r.id} what={what} /> : null}
                      </Td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
