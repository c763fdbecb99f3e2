import type { Metadata } from 'next';
import Link from 'next/link';
import { ExpiryTimeline } from '@/components/health/expiry-timeline';
import { HealthEmpty } from '@/components/health/health-empty';
import { RootCauseList } from '@/components/health/root-cause-list';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { describeAuditEntry } from '@/lib/audit/describe';
import { listAuditEntries } from '@/lib/audit/queries';
import { formatDateTime } from '@/lib/dates';
import { adsListSearch, EXPIRY_DAYS, getHealthOverview, ROOT_CAUSE_GROUPS_SHOWN } from '@/lib/health/queries';
import { latestRenewalByItem } from '@/lib/renewals/renewals';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { hasRole, ROLE_LABELS } from '@/lib/tenancy/roles';

export const metadata: Metadata = { title: 'Overview' };

const number = new Intl.NumberFormat('en-US');

export default async function OverviewPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ causes?: string | string[] }> }) {
  const [{ org }, { causes }] = await Promise.all([params, searchParams]);
  const allCauses = causes === 'all';
  const ctx = await requireOrgPage(org);
  const now = new Date();
  const [health, activity] = await Promise.all([
    getHealthOverview(ctx.db, { orgId: ctx.org.id, now, rootCauseLimit: allCauses ? undefined : ROOT_CAUSE_GROUPS_SHOWN }),
    listAuditEntries(ctx.db, { orgId: ctx.org.id, limit: 15 }),
  ]);
  const adsBase = `/o/${ctx.org.slug}/ads`;
  const renewalsByItem = await latestRenewalByItem(ctx.db, { orgId: ctx.org.id, itemIds: health.expiring.flatMap((e) => (e.itemId ? [e.itemId] : [])), now });
  const { statusCounts: counts } = health;
  const sparkAds = counts.healthy + counts.warning + counts.blocking;
  const hasAds = sparkAds + counts.not_spark + counts.deleted > 0;
  return (
    <>
      <PageHeader
        title={ctx.org.name}
        description={
          <span className="inline-flex items-center gap-2">
            <Badge tone="brand">{ctx.org.kind === 'agency' ? 'Agency' : 'Brand'}</Badge>
            <span>You are {ROLE_LABELS[ctx.role].toLowerCase()} of this organization.</span>
          </span>
        }
      />
      {hasAds ? (
        <>
          <div className="grid gap-4 sm:grid-cols-4">
            <Stat label="Blocking Spark ads" value={counts.blocking} tone="red" href={`${adsBase}?status=blocking`} hint="cannot deliver or preview" />
            <Stat label="Warnings" value={counts.warning} tone="amber" href={`${adsBase}?status=warning`} hint="will break soon or are risky" />
            <Stat label="Healthy Spark ads" value={counts.healthy} tone="green" href={`${adsBase}?status=healthy`} hint={`of ${number.format(sparkAds)} Spark ads`} />
            <Card className="px-5 py-4">
              <p className="text-sm text-slate-500">Last sync</p>
              <p className="mt-1 text-lg font-semibold tracking-tight text-slate-900" data-testid="last-sync">
                {health.lastSyncedAt ? formatDateTime(health.lastSyncedAt, ctx.org.timeZone) : 'Never'}
              </p>
              <p className="mt-1 text-xs text-slate-500">
                {number.format(counts.not_spark)} other ads, {number.format(counts.deleted)} deleted
              </p>
            </Card>
          </div>
          <Card className="mt-6" id="root-causes">
            <CardHeader
              title="What blocks ads, by root cause"
              description="Ads that share a root cause share one fix: do it once and every ad in the group recovers after the next sync."
              actions={
                <Link href={`${adsBase}?status=blocking`} className="shrink-0 text-sm font-medium text-slate-600 hover:text-slate-900">
                  All blocking ads →
                </Link>
              }
            />
            {health.rootCauses.length === 0 ? <p className="px-5 py-6 text-sm text-slate-500">No Spark ad is blocked.</p> : <RootCauseList groups={health.rootCauses} adsBase={adsBase} />}
            <RootCausesLeftOut shown={health.rootCauses} totals={health.rootCauseTotals} allHref={`/o/${ctx.org.slug}?causes=all#root-causes`} />
          </Card>
          <Card className="mt-6">
            <CardHeader
              title={`Authorizations ending in the next ${EXPIRY_DAYS} days`}
              description="When a creator's Spark authorization ends, every ad running the post stops. Ask the creator for a new 365-day code before then."
              actions={
                <Link href={`${adsBase}${adsListSearch({ sort: 'expiry' })}`} className="shrink-0 text-sm font-medium text-slate-600 hover:text-slate-900">
                  Ads by expiry →
                </Link>
              }
            />
            {health.expiring.length === 0 ? (
              <p className="px-5 py-6 text-sm text-slate-500">No authorization of a live ad ends in the next {EXPIRY_DAYS} days.</p>
            ) : (
              <ExpiryTimeline
                items={health.expiring}
                adsBase={adsBase}
                now={now}
                brand={ctx.org.name}
                timeZone={ctx.org.timeZone}
                renewals={{ orgSlug: ctx.org.slug, canRequest: hasRole(ctx.role, 'member'), byItem: renewalsByItem }}
              />
            )}
          </Card>
        </>
      ) : (
        <Card>
          <CardHeader title="Spark ad health" />
          <HealthEmpty state={health} orgSlug={ctx.org.slug} isAdmin={hasRole(ctx.role, 'admin')} />
        </Card>
      )}
      <Card className="mt-6">
        <CardHeader title="Recent activity" description="Membership, invitation and TikTok connection changes in this organization." />
        {activity.length === 0 ? (
          <p className="px-5 py-6 text-sm text-slate-500">Nothing has happened here yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {activity.map((entry) => (
              <li key={entry.id} className="flex items-center justify-between gap-4 px-5 py-3 text-sm">
                <span className="min-w-0 break-words text-slate-700">{describeAuditEntry(entry)}</span>
                <time className="shrink-0 text-xs text-slate-500" dateTime={entry.createdAt.toISOString()}>
                  {formatDateTime(entry.createdAt, ctx.org.timeZone)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

const STAT_TONES = { red: 'text-red-700', amber: 'text-amber-700', green: 'text-emerald-700' } as const;

function Stat({ label, value, hint, tone, href }: { label: string; value: number; hint: string; tone: keyof typeof STAT_TONES; href: string }) {
  return (
    <Link href={href} className="block rounded-xl bg-white px-5 py-4 shadow-xs ring-1 ring-slate-200 hover:ring-slate-300" data-testid={`stat-${tone}`}>
      <p className="text-sm text-slate-500">{label}</p>
      <p className={cn('mt-1 text-3xl font-semibold tracking-tight', value > 0 ? STAT_TONES[tone] : 'text-slate-900')}>{number.format(value)}</p>
      <p className="mt-1 text-xs text-slate-500">{hint}</p>
    </Link>
  );
}

/** The groups past the first ROOT_CAUSE_GROUPS_SHOWN are never dropped silently: say how many and link to all of them. */
function RootCausesLeftOut({ shown, totals, allHref }: { shown: { ads: number }[]; totals: { groups: number; ads: number }; allHref: string }) {
  const groups = totals.groups - shown.length;
  if (groups <= 0) return null;
  const ads = totals.ads - shown.reduce((n, g) => n + g.ads, 0);
  return (
    <p className="border-t border-slate-100 px-5 py-3 text-sm text-slate-600" data-testid="root-causes-left-out">
      {groups} more root {groups === 1 ? 'cause blocks' : 'causes block'} {number.format(ads)} more {ads === 1 ? 'ad' : 'ads'}.{' '}
      <Link href={allHref} className="font-medium text-slate-900 underline">
        Show all {totals.groups} root causes
      </Link>
    </p>
  );
}
