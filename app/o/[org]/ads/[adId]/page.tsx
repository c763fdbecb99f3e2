import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Fragment } from 'react';
import { FindingList } from '@/components/health/finding-list';
import { PillarChecklist } from '@/components/health/pillar-checklist';
import { PostDetails, PreviewDetails } from '@/components/health/post-card';
import { RenewalStatusLink } from '@/components/renewals/renewal-status-badge';
import { RequestRenewalButton } from '@/components/renewals/request-renewal-button';
import { StatusBadge } from '@/components/health/status-badge';
import { buttonClass } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { formatDateTime } from '@/lib/dates';
import { describeFinding } from '@/lib/health/catalogue';
import { getAdDetail } from '@/lib/health/ad-detail';
import { latestRenewalByItem } from '@/lib/renewals/renewals';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { hasRole } from '@/lib/tenancy/roles';

export const metadata: Metadata = { title: 'Ad health' };

export default async function AdPage({ params }: { params: Promise<{ org: string; adId: string }> }) {
  const { org, adId } = await params;
  const ctx = await requireOrgPage(org);
  const detail = await getAdDetail(ctx.db, { orgId: ctx.org.id, adId });
  if (!detail) notFound();
  const { health, snapshot } = detail;
  const now = new Date();
  const rootCause = health.findings.find((f) => f.code === health.rootCauseCode && f.subject === health.rootCauseSubject) ?? null;
  const root = rootCause ? describeFinding(rootCause) : null;
  const api = `/api/orgs/${ctx.org.slug}/ads/${encodeURIComponent(health.adId)}/support-packet`;
  const spark = health.status !== 'not_spark' && health.status !== 'deleted';
  const itemId = snapshot?.post?.itemId ?? snapshot?.ad.tiktokItemId ?? null;
  const renewal = spark && itemId ? ((await latestRenewalByItem(ctx.db, { orgId: ctx.org.id, itemIds: [itemId], now })).get(itemId) ?? null) : null;
  return (
    <>
      <nav className="mb-2 text-sm text-slate-500">
        <Link href={`/o/${ctx.org.slug}/ads`} className="hover:text-slate-900">
          ← Ads
        </Link>
      </nav>
      <PageHeader
        title={health.adName ?? `Ad ${health.adId}`}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge status={health.status} />
            <span>
              Ad <span className="font-mono">{health.adId}</span> · {health.advertiserName ?? 'Ad account'} <span className="font-mono">{health.advertiserId}</span>
              {health.campaignName ? ` · ${health.campaignName}` : ''}
              {health.adgroupName ? ` › ${health.adgroupName}` : ''}
            </span>
          </span>
        }
        actions={
          snapshot ? (
            <div className="flex gap-2">
              <a href={`${api}?format=md`} className={buttonClass('secondary')} download data-testid="support-packet-md">
                Support packet (Markdown)
              </a>
              <a href={`${api}?format=json`} className={buttonClass('secondary')} download data-testid="support-packet-json">
                Support packet (JSON)
              </a>
            </div>
          ) : null
        }
      />
      {root ? (
        <div className="mb-6 rounded-xl bg-red-50 px-5 py-4 ring-1 ring-red-200" data-testid="root-cause">
          <p className="text-xs font-medium uppercase tracking-wide text-red-700">Root cause</p>
          <p className="mt-1 text-base font-semibold text-red-900">{root.title}</p>
          {root.whoFixes.length > 0 ? <p className="mt-0.5 text-sm text-red-800">Who fixes it: {root.whoFixes.join(', ')}</p> : null}
        </div>
      ) : null}
      {!spark ? (
        <div className="mb-6 rounded-xl bg-slate-50 px-5 py-4 text-sm text-slate-700 ring-1 ring-slate-200">
          {health.status === 'deleted'
            ? 'This ad was deleted on TikTok; Sparkcheck keeps its last known state.'
            : 'This is not a Spark ad (it neither runs a TikTok post nor posts as a TikTok account), so the Spark checks do not apply.'}
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-3">
          {spark ? (
            <Card>
              <CardHeader title="Spark checklist" description="A Spark ad works only when the Business Center, the identity and the authorization hold, and the post can run." />
              <PillarChecklist findings={health.findings} snapshot={snapshot} timeZone={ctx.org.timeZone} />
            </Card>
          ) : null}
          <Card>
            <CardHeader
              title={health.findings.length === 0 ? 'No findings' : `${health.findings.length} finding${health.findings.length === 1 ? '' : 's'}`}
              description={`Evaluated ${formatDateTime(health.evaluatedAt, ctx.org.timeZone)} from the last sync.`}
            />
            {health.findings.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-600">{spark ? 'Every check passes.' : 'Nothing to report.'}</p>
            ) : (
              <FindingList findings={health.findings} rootCause={rootCause} />
            )}
          </Card>
        </div>
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Post" />
            {snapshot ? <PostDetails snapshot={snapshot} now={now} timeZone={ctx.org.timeZone} /> : <p className="px-5 py-4 text-sm text-slate-500">The ad is no longer in the synced data.</p>}
            {spark && itemId ? (
              <div className="flex flex-wrap items-center gap-2 border-t border-slate-100 px-5 py-3" data-testid="ad-renewal">
                {renewal ? (
                  <RenewalStatusLink orgSlug={ctx.org.slug} status={renewal.status} />
                ) : (
                  <span className="text-xs text-slate-600">Authorization ending? Ask the creator for a new code with a link.</span>
                )}
                {hasRole(ctx.role, 'member') ? <RequestRenewalButton orgSlug={ctx.org.slug} itemId={itemId} handle={health.postHandle} /> : null}
              </div>
            ) : null}
          </Card>
          {snapshot && spark ? (
            <Card>
              <CardHeader title="TikTok preview" />
              <PreviewDetails snapshot={snapshot} status={health.status} timeZone={ctx.org.timeZone} />
            </Card>
          ) : null}
          {snapshot ? (
            <Card>
              <CardHeader title="Still not working?" />
              <p className="px-5 py-4 text-sm text-slate-600">
                Download the support packet and attach it to a TikTok support ticket: it holds the ad account, ad, creative and post IDs, the Business Center assets and permissions, the identity
                settings and the Spark post entry that support otherwise asks for as screenshots. It never contains access tokens or full creator codes.
              </p>
              <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 border-t border-slate-100 px-5 py-4 text-sm" data-testid="support-ids">
                {(
                  [
                    ['Ad ID', health.adId],
                    ['Ad account ID', health.advertiserId],
                    ['Post ID', snapshot.post?.itemId ?? snapshot.ad.tiktokItemId],
                    ['Creative (video) ID', snapshot.ad.videoId],
                  ] as const
                ).map(([name, value]) =>
                  value ? (
                    <Fragment key={name}>
                      <dt className="text-slate-600">{name}</dt>
                      <dd className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
                        <span className="break-all font-mono text-xs text-slate-800">{value}</span>
                        <CopyButton text={value} label="Copy" name={`Copy ${name}`} />
                      </dd>
                    </Fragment>
                  ) : null,
                )}
              </dl>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
