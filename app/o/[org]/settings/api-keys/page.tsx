import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { listApiKeys } from '@/lib/api-keys/api-keys';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { ApiKeysTable, NewApiKeyForm } from './api-keys-client';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, 'admin');
  const keys = await listApiKeys(ctx.db, { orgId: ctx.org.id });
  return (
    <>
      <PageHeader
        title="API keys"
        description="Let your reporting, Slack bots and AI assistants read Sparkcheck — and, with a member key, apply creator codes. A key can do what its role allows, never more than the person who made it."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Make a key" description="The key is shown once, right after you make it. Store it in your tool's secret settings." />
          <div className="px-5 py-4">
            <NewApiKeyForm orgSlug={ctx.org.slug} />
          </div>
        </Card>
        <Card>
          <CardHeader title={keys.length === 0 ? 'No keys yet' : `${keys.length} key${keys.length === 1 ? '' : 's'}`} description="Revoke a key you no longer use: it stops working at once." />
          {keys.length > 0 ? (
            <ApiKeysTable
              orgSlug={ctx.org.slug}
              timeZone={ctx.org.timeZone}
              keys={keys.map((k) => ({
                id: k.id,
                name: k.name,
                role: k.role,
                prefix: k.prefix,
                createdBy: k.createdBy,
                createdAt: k.createdAt.toISOString(),
                lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
                expiresAt: k.expiresAt?.toISOString() ?? null,
                state: k.state,
              }))}
            />
          ) : null}
        </Card>
        <Card>
          <CardHeader title="Using a key" />
          <div className="space-y-2 px-5 py-4 text-sm text-slate-700">
            <p>
              Send it as <code className="rounded bg-slate-100 px-1">Authorization: Bearer sk_live_…</code> to any address under{' '}
              <code className="rounded bg-slate-100 px-1 break-all">/api/orgs/{ctx.org.slug}/</code>. Every address and its inputs are in the{' '}
              <Link href="/api-reference" className="text-brand-700 underline">
                API reference
              </Link>
              .
            </p>
            <p>
              AI assistants connect to the MCP server at <code className="rounded bg-slate-100 px-1">/api/mcp</code> with the same key.
            </p>
          </div>
        </Card>
      </div>
    </>
  );
}
