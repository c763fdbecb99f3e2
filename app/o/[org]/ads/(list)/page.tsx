import type { Metadata } from 'next';
import Link from 'next/link';
import { AdsFilters, adsHref } from '@/components/health/ads-filters';
import { AdsTable } from '@/components/health/ads-table';
import { HealthEmpty } from '@/components/health/health-empty';
import { PILLAR_LABELS, STATUS_LABELS } from '@/components/health/labels';
import { buttonClass } from '@/components/ui/button';
import { Pager } from '@/components/ui/pager';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { FormError } from '@/components/ui/field';
import { Results } from '@/components/ui/results';
import { ValidationError } from '@/lib/errors';
import { CATALOGUE, isRuleCode } from '@/lib/health/catalogue';
import { adsListSearch, getConnectionState, listAds, parseAdsListQuery, type AdsListQuery } from '@/lib/health/queries';
import { RequestRenewalsForm } from '@/components/renewals/request-renewals-form';
import { latestRenewalByItem } from '@/lib/renewals/renewals';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { hasRole } from '@/lib/tenancy/roles';

export const metadata: Metadata = { title: 'Ads' };

const number = new Intl.NumberFormat('en-US');

type SearchParams = Record<string, string | string[] | undefined>;

function parse(search: SearchParams): { query: AdsListQuery; error: string | null } {
  try {
    return { query: parseAdsListQuery(search), error: null };
  } catch (error) {
    if (error instanceof ValidationError) return { query: {}, error: error.message };
    throw error;
  }
}

/** The filters in words, for the card title ("Blocking ads of Acme US · root cause: …"). */
function describeFilters(query: AdsListQuery): string[] {
  const parts: string[] = [];
  if (query.status) parts.push(STATUS_LABELS[query.status]);
  if (query.pillar) parts.push(`${PILLAR_LABELS[query.pillar]} finding`);
  if (query.code && isRuleCode(query.code)) parts.push(CATALOGUE[query.code].label);
  if (query.q) parts.push(`matching “${query.q}”`);
  return parts;
}

export default async function AdsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const [{ org }, search] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(org);
  const { query, error } = parse(search);
  const page = await listAds(ctx.db, { orgId: ctx.org.id, query });
  const base = `/o/${ctx.org.slug}/ads`;
  const filtered = Object.keys(query).some((k) => k !== 'page' && k !== 'sort' && k !== 'dir');
  const empty = page.total === 0 && !filtered ? await getConnectionState(ctx.db, { orgId: ctx.org.id }) : null;
  const now = new Date();
  const renewalsByItem = await latestRenewalByItem(ctx.db, { orgId: ctx.org.id, itemIds: page.rows.flatMap((r) => (r.itemId ? [r.itemId] : [])), now });
  const canRequest = hasRole(ctx.role, 'member');
  const words = describeFilters(query);
  const first = (page.page - 1) * page.pageSize + 1;
  return (
    <>
      <PageHeader title="Ads" description="The Spark health of every synced ad: what is broken, the root cause, and when each authorization ends." />
      {query.cause ? (
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-xl bg-red-50 px-5 py-3 text-sm text-red-800 ring-1 ring-red-200" data-testid="root-cause-filter">
          <span>
            Ads whose root cause is <strong>{isRuleCode(query.cause) ? CATALOGUE[query.cause].label : query.cause}</strong>
            {query.subject ? <span className="text-red-700"> ({query.subject})</span> : null}
          </span>
          <Link href={adsHref(base, query, { cause: undefined, subject: undefined })} className={buttonClass('secondary', 'sm')}>
            Show every root cause
          </Link>
        </div>
      ) : null}
      <Card>
        <CardHeader
          title={`${number.format(page.total)} ad${page.total === 1 ? '' : 's'}${words.length ? ` · ${words.join(' · ')}` : ''}`}
          description={
            page.total > 0 ? `Showing ${number.format(first)}–${number.format(first + page.rows.length - 1)}, worst problems first unless sorted otherwise. Dates in ${ctx.org.timeZone}.` : undefined
          }
          actions={
            page.total > 0 ? (
              <a href={`/api/orgs/${ctx.org.slug}/ads/csv${adsListSearch(query)}`} download className={buttonClass('secondary', 'sm')} data-testid="ads-csv">
                Export {number.format(page.total)} as CSV
              </a>
            ) : null
          }
        />
        <nav aria-label="Status" className="flex flex-wrap gap-1 border-b border-slate-100 px-5 py-2 text-sm">
          {([undefined, 'blocking', 'warning', 'healthy', 'not_spark', 'deleted'] as const).map((status) => {
            const active = query.status === status;
            const n = status ? page.statusCounts[status] : Object.values(page.statusCounts).reduce((a, b) => a + b, 0);
            return (
              <Link
                key={status ?? 'all'}
                href={adsHref(base, query, { status })}
                aria-current={active ? 'page' : undefined}
                className={active ? 'rounded-md bg-slate-900 px-2.5 py-1 font-medium text-white' : 'rounded-md px-2.5 py-1 text-slate-600 hover:bg-slate-100'}
              >
                {status ? STATUS_LABELS[status] : 'All'} <span className={active ? 'text-slate-300' : 'text-slate-500'}>{number.format(n)}</span>
              </Link>
            );
          })}
        </nav>
        <AdsFilters base={base} query={query} page={page} />
        <Results label="Ads matching the filters">
          {error ? (
            <div className="px-5 pt-4">
              <FormError message={`${error}. Showing all ads instead.`} />
            </div>
          ) : null}
          {empty ? (
            <HealthEmpty state={empty} orgSlug={ctx.org.slug} isAdmin={hasRole(ctx.role, 'admin')} />
          ) : page.rows.length === 0 ? (
            <div className="px-5 py-10 text-center text-sm text-slate-500" data-testid="ads-none-match">
              {page.total === 0 ? 'No ad matches these filters.' : 'This page is past the last ad.'}{' '}
              <Link href={base} className="font-medium text-slate-900 underline underline-offset-4">
                Clear the filters
              </Link>
            </div>
          ) : (
            <>
              {canRequest ? <RequestRenewalsForm orgSlug={ctx.org.slug} /> : null}
              <AdsTable
                rows={page.rows}
                base={base}
                adBase={base}
                query={query}
                now={now}
                timeZone={ctx.org.timeZone}
                renewals={{ orgSlug: ctx.org.slug, selectable: canRequest, byItem: renewalsByItem }}
              />
            </>
          )}
          <Pager page={page.page} pages={page.pages} href={(n) => adsHref(base, query, { page: n })} label={`Page ${number.format(page.page)} of ${number.format(page.pages)}`} />
        </Results>
      </Card>
    </>
  );
}
