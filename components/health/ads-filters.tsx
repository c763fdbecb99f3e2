import { FilterActions, FilterField, toResults } from '@/components/ui/filters';
import { Input, Select } from '@/components/ui/field';
import { HEALTH_PILLARS } from '@/db/schema';
import { CATALOGUE, RULE_CODES } from '@/lib/health/catalogue';
import { AD_HEALTH_STATUSES, AD_SORTS, adsListSearch, type AdsPage, type AdsListQuery, type AdSort } from '@/lib/health/queries';
import { PILLAR_LABELS, STATUS_LABELS } from './labels';

export const SORT_LABELS: Record<AdSort, string> = { severity: 'Worst first', expiry: 'Authorization ends', ad: 'Ad name', advertiser: 'Ad account' };

const number = new Intl.NumberFormat('en-US');

/** The ads list filters as a plain GET form: the URL is the state, so every view can be linked and bookmarked. */
export function AdsFilters({ base, query, page }: { base: string; query: AdsListQuery; page: AdsPage }) {
  return (
    <form method="get" action={toResults(base)} className="grid gap-3 border-b border-slate-100 px-5 py-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Filter ads">
      <FilterField label="Search" className="lg:col-span-2">
        <Input name="q" type="search" defaultValue={query.q ?? ''} placeholder="Ad name, @handle or ad ID" />
      </FilterField>
      <FilterField label="Ad account">
        <Select name="advertiser" defaultValue={query.advertiser ?? ''}>
          <option value="">All ad accounts</option>
          {page.advertisers.map((a) => (
            <option key={a.advertiserId} value={a.advertiserId}>
              {a.advertiserName ?? a.advertiserId}
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField label="Status">
        <Select name="status" defaultValue={query.status ?? ''}>
          <option value="">Any status</option>
          {AD_HEALTH_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]} ({number.format(page.statusCounts[s])})
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField label="Pillar with a finding">
        <Select name="pillar" defaultValue={query.pillar ?? ''}>
          <option value="">Any pillar</option>
          {HEALTH_PILLARS.map((p) => (
            <option key={p} value={p}>
              {PILLAR_LABELS[p]}
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField label="Finding">
        <Select name="code" defaultValue={query.code ?? ''}>
          <option value="">Any finding</option>
          {RULE_CODES.map((code) => (
            <option key={code} value={code}>
              {CATALOGUE[code].label}
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField label="Sort">
        <Select name="sort" defaultValue={query.sort ?? 'severity'}>
          {AD_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </Select>
      </FilterField>
      {query.cause ? <input type="hidden" name="cause" value={query.cause} /> : null}
      {query.subject !== undefined ? <input type="hidden" name="subject" value={query.subject} /> : null}
      <FilterActions clearHref={base} active className="sm:col-span-2 lg:col-span-1" />
    </form>
  );
}

/** Links that keep the other filters and change one; a filter change goes back to page 1. */
export function adsHref(base: string, query: AdsListQuery, change: Partial<AdsListQuery>): string {
  return `${base}${adsListSearch({ ...query, page: undefined, ...change })}`;
}
