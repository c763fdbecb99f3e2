import type { Metadata } from 'next';
import Link from 'next/link';
import { DeliveryStatus } from '@/components/alerts/delivery-status';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { Table, TableHead, Td } from '@/components/ui/table';
import { DELIVERIES_SHOWN, listDeliveries } from '@/lib/alerts/queries';
import { formatDateTime } from '@/lib/dates';
import { env } from '@/lib/env';
import { requireOrgPage } from '@/lib/tenancy/membership';

export const metadata: Metadata = { title: 'Alert outbox' };

const KIND_LABELS = { digest: 'Daily digest', blocking: 'Blocking alert', test: 'Test', renewal: 'Creator renewed' } as const;

export default async function AlertOutboxPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, 'admin');
  const deliveries = await listDeliveries(ctx.db, { orgId: ctx.org.id });
  const settingsHref = `/o/${ctx.org.slug}/settings/alerts`;
  return (
    <>
      <PageHeader
        title="Outbox & delivery log"
        description={
          env.SMTP_URL
            ? 'Every alert Sparkcheck sent or tried to send. E-mail goes out through the configured mail server.'
            : 'No mail server is configured (SMTP_URL), so alert e-mails are kept here instead of being sent. Slack messages are sent either way.'
        }
        actions={
          <Link href={settingsHref} className={buttonClass('secondary')}>
            Alert settings
          </Link>
        }
      />
      <Card>
        <CardHeader
          title={
            deliveries.length === 0 ? 'Nothing sent yet' : `${deliveries.length === DELIVERIES_SHOWN ? `Latest ${DELIVERIES_SHOWN}` : deliveries.length} message${deliveries.length === 1 ? '' : 's'}`
          }
          description="Every alert to every channel, newest first. Failed sends are retried after 1, 5, 30 and 120 minutes, then given up."
        />
        {deliveries.length === 0 ? (
          <p className="px-5 py-6 text-sm text-slate-500">
            Add a recipient in{' '}
            <Link href={settingsHref} className="underline hover:text-slate-900">
              alert settings
            </Link>{' '}
            and press “Send test” to see a message here.
          </p>
        ) : (
          <Table>
            <TableHead columns={['Message', 'To', 'Status']} />
            <tbody className="divide-y divide-slate-100">
              {deliveries.map((d) => (
                <tr key={d.id} data-testid="delivery" className="align-top">
                  <Td className="align-top">
                    <div className="text-xs text-slate-500">
                      <span className="font-medium uppercase tracking-wide">{KIND_LABELS[d.kind]}</span> · {formatDateTime(d.createdAt, ctx.org.timeZone)}
                    </div>
                    <details className="w-[25rem] max-w-full">
                      <summary className="cursor-pointer font-medium text-slate-900 hover:underline">{d.subject}</summary>
                      <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 font-sans text-xs text-slate-700 ring-1 ring-inset ring-slate-200">
                        {d.textBody}
                      </pre>
                    </details>
                  </Td>
                  <Td className="align-top">
                    <div className="w-56 break-words text-slate-900">{d.recipient}</div>
                    <div className="text-xs text-slate-500">{d.transport === 'slack' ? 'Slack' : d.transport === 'smtp' ? 'E-mail' : 'E-mail (outbox)'}</div>
                  </Td>
                  <Td className="align-top">
                    <DeliveryStatus delivery={d} />
                    {d.lastError ? <p className="mt-1 w-44 text-xs text-red-600">{d.lastError}</p> : null}
                    {d.status === 'pending' && d.attempts > 0 ? <p className="mt-1 text-xs text-slate-500">Next try {formatDateTime(d.nextAttemptAt, ctx.org.timeZone)}</p> : null}
                    {d.sentAt && d.transport !== 'outbox' ? <p className="mt-1 text-xs text-slate-500">Sent {formatDateTime(d.sentAt, ctx.org.timeZone)}</p> : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
