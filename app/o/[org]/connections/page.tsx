import type { Metadata } from 'next';
import Link from 'next/link';
import { ConnectionStatus } from '@/components/connection-status';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { Table, TableHead, Td } from '@/components/ui/table';
import { listConnections } from '@/lib/connections/connections';
import { formatDateTime } from '@/lib/dates';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { TokenConnectForm } from './connections-client';

export const metadata: Metadata = { title: 'Connections' };

export default async function ConnectionsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, 'admin');
  const connections = await listConnections(ctx.db, { orgId: ctx.org.id });
  const base = `/o/${ctx.org.slug}/connections`;
  return (
    <>
      <PageHeader
        title="Connections"
        description="The TikTok for Business accounts Sparkcheck syncs for this organization. Tokens are stored encrypted and never shown again."
        actions={
          ctx.user.emailVerified ? (
            <a href={`/api/orgs/${ctx.org.slug}/connections/oauth`} className={buttonClass('primary')}>
              Connect TikTok
            </a>
          ) : null
        }
      />
      <div className="space-y-6">
        {ctx.user.emailVerified ? null : (
          <p role="status" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
            Confirm {ctx.user.email} to connect TikTok: open the link we e-mailed you, or send a new one from{' '}
            <Link href="/account" className="font-medium underline">
              your profile
            </Link>
            .
          </p>
        )}
        <Card>
          <CardHeader title={connections.length === 0 ? 'No connections yet' : `${connections.length} connection${connections.length === 1 ? '' : 's'}`} />
          {connections.length === 0 ? (
            <p className="px-5 py-6 text-sm text-slate-500">
              Connect TikTok to sync your Business Centers, ad accounts and Spark posts. You approve Sparkcheck on TikTok&apos;s own page and choose the accounts to sync afterwards.
            </p>
          ) : (
            <Table>
              <TableHead columns={['Connection', 'Status', 'Syncs', 'Last sync']} actions />
              <tbody className="divide-y divide-slate-100">
                {connections.map((c) => (
                  <tr key={c.id} data-testid={`connection-${c.label}`}>
                    <Td>
                      <Link href={`${base}/${c.id}`} className="font-medium text-slate-900 hover:underline">
                        {c.label}
                      </Link>
                      <div className="text-xs text-slate-500">{c.method === 'oauth' ? 'TikTok for Business OAuth' : 'Access token'}</div>
                    </Td>
                    <Td>
                      <ConnectionStatus connection={c} />
                      {c.statusReason && c.status !== 'active' ? <div className="mt-1 text-xs text-slate-500">{c.statusReason}</div> : null}
                    </Td>
                    <Td className="text-slate-600">
                      {c.advertiserIds.length} ad account{c.advertiserIds.length === 1 ? '' : 's'}, {c.bcIds.length} Business Center{c.bcIds.length === 1 ? '' : 's'}
                    </Td>
                    <Td className="text-slate-500">{c.lastSyncedAt ? formatDateTime(c.lastSyncedAt, ctx.org.timeZone) : 'Never'}</Td>
                    <Td className="text-right">
                      {c.status === 'active' ? (
                        <Link href={`${base}/${c.id}`} className={buttonClass('secondary', 'sm')}>
                          Manage
                        </Link>
                      ) : (
                        <a href={`/api/orgs/${ctx.org.slug}/connections/oauth?reconnect=${c.id}`} className={buttonClass('secondary', 'sm')}>
                          Reconnect
                        </a>
                      )}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <Card>
          <CardHeader title="Connect with an access token" description="For self-hosters and scripts: paste a long-lived TikTok Marketing API access token." />
          <div className="px-5 py-4">
            <TokenConnectForm orgSlug={ctx.org.slug} />
          </div>
        </Card>
      </div>
    </>
  );
}
