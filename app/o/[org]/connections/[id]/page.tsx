import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ConnectionStatus } from '@/components/connection-status';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { connectionAccessToken, discoverAccess, getConnection, type Discovered } from '@/lib/connections/connections';
import { getKeyring, tiktokClient } from '@/lib/connections/tiktok-app';
import { getTikTokApp } from '@/lib/wiring/tiktok';
import { AppError } from '@/lib/errors';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { TikTokApiError } from '@/lib/tiktok';
import { DisconnectButton, SelectionForm } from '../connections-client';

export const metadata: Metadata = { title: 'Connection' };

export default async function ConnectionPage({ params, searchParams }: { params: Promise<{ org: string; id: string }>; searchParams: Promise<{ connected?: string }> }) {
  const [{ org, id }, { connected }] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(org, 'admin');
  const connection = await getConnection(ctx.db, { orgId: ctx.org.id, connectionId: id }).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  });
  if (!connection) notFound();

  // What the token reaches right now, so the admin chooses from TikTok's current list.
  let discovered: Discovered | null = null;
  let problem: string | null = null;
  if (connection.status === 'active') {
    try {
      const app = getTikTokApp(ctx.db);
      const token = await connectionAccessToken(ctx.db, getKeyring(), { orgId: ctx.org.id, connectionId: id });
      discovered = await discoverAccess(tiktokClient(app, { orgId: ctx.org.id, accessToken: token }), app.target);
    } catch (error) {
      if (!(error instanceof TikTokApiError || error instanceof AppError)) throw error;
      problem = error.message;
    }
  }

  return (
    <>
      <PageHeader
        title={connection.label}
        description={
          <span className="inline-flex items-center gap-2">
            <ConnectionStatus connection={connection} />
            <span>{connection.method === 'oauth' ? 'Connected with TikTok for Business OAuth' : 'Connected with an access token'}</span>
          </span>
        }
        actions={
          <Link href={`/o/${ctx.org.slug}/connections`} className={buttonClass('secondary')}>
            All connections
          </Link>
        }
      />
      {connected ? (
        <p data-testid="connected-banner" className="mb-6 rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900 ring-1 ring-emerald-200">
          TikTok is connected. Everything this token reaches is selected; untick what Sparkcheck should not sync.
        </p>
      ) : null}
      <div className="space-y-6">
        {connection.status !== 'active' ? (
          <Card className="px-5 py-4 text-sm text-slate-600">
            {connection.statusReason ?? 'This connection is not active.'}{' '}
            <a className="font-medium text-slate-900 underline" href={`/api/orgs/${ctx.org.slug}/connections/oauth?reconnect=${connection.id}`}>
              Reconnect
            </a>
          </Card>
        ) : (
          <Card>
            <CardHeader title="What to sync" description="Ad accounts and Business Centers this token reaches, as TikTok lists them now." />
            <div className="px-5 py-4">
              {discovered ? (
                <SelectionForm
                  orgSlug={ctx.org.slug}
                  connectionId={connection.id}
                  advertisers={discovered.advertisers}
                  businessCenters={discovered.businessCenters}
                  selected={{ advertiserIds: connection.advertiserIds, bcIds: connection.bcIds }}
                />
              ) : (
                <p role="alert" className="text-sm text-amber-900">
                  TikTok could not be asked what this token reaches: {problem}
                </p>
              )}
            </div>
          </Card>
        )}
        {connection.status !== 'disconnected' ? (
          <Card className="flex items-center justify-between gap-4 px-5 py-4">
            <p className="text-sm text-slate-600">Disconnecting forgets the token and stops syncing. Synced data and history stay.</p>
            <DisconnectButton orgSlug={ctx.org.slug} connectionId={connection.id} label={connection.label} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
