import type { Metadata } from 'next';
import { FilterActions, FilterField, toResults } from '@/components/ui/filters';
import { Fragment } from 'react';
import { grantWords } from '@/components/team/grants';
import { Pager, withQuery } from '@/components/ui/pager';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { FormError, Input, Select } from '@/components/ui/field';
import { Results } from '@/components/ui/results';
import { Table, TableHead, Td } from '@/components/ui/table';
import { formatDateTime, isoDay } from '@/lib/dates';
import { ValidationError } from '@/lib/errors';
import { UNNAMED_TT_ACCOUNT } from '@/lib/permissions/access';
import { HISTORY_PAGE_SIZE, listBusinessCenters, listPermissionChanges } from '@/lib/permissions/queries';
import { parseHistoryQuery, type HistoryQuery, type SearchParams } from '@/lib/permissions/search-params';
import { requireOrgPage } from '@/lib/tenancy/membership';

export const metadata: Metadata = { title: 'Permission history' };

const number = new Intl.NumberFormat('en-US');

const CHANGE: Record<'gained' | 'lost' | 'changed', { tone: 'green' | 'red' | 'blue'; label: string }> = {
  gained: { tone: 'green', label: 'Gained' },
  lost: { tone: 'red', label: 'Lost' },
  changed: { tone: 'blue', label: 'Changed' },
};

function parse(search: SearchParams): { query: HistoryQuery & { toExclusive?: Date }; error: string | null } {
  try {
    return { query: parseHistoryQuery(search), error: null };
  } catch (error) {
    if (error instanceof ValidationError) return { query: { member: undefined, asset: undefined, from: undefined, to: undefined, page: 1 }, error: error.message };
    throw error;
  }
}

export default async function TeamHistoryPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const [{ org }, search] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(org);
  const { query, error } = parse(search);
  const [{ changes, total }, bcs] = await Promise.all([
    listPermissionChanges(ctx.db, { orgId: ctx.org.id, member: query.member, asset: query.asset, change: query.change, from: query.from, to: query.toExclusive, page: query.page }),
    listBusinessCenters(ctx.db, { orgId: ctx.org.id }),
  ]);
  const base = `/o/${ctx.org.slug}/team/history`;
  const filters = { member: query.member, asset: query.asset, change: query.change, from: query.from && isoDay(query.from), to: query.to && isoDay(query.to) };
  const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
  return (
    <>
      <Card>
        <CardHeader
          title={`${number.format(total)} permission change${total === 1 ? '' : 's'}`}
          description="Each sync compares every member's roles and permissions with the previous sync of the Business Center. The From and To days are UTC days."
        />
        <form method="get" action={toResults(base)} aria-label="Filter the history" className="grid gap-3 border-b border-slate-100 px-5 py-4 sm:grid-cols-2 lg:grid-cols-5">
          <FilterField label="Member">
            <Input name="member" type="search" defaultValue={query.member ?? ''} placeholder="Name, e-mail or ID" />
          </FilterField>
          <FilterField label="Asset">
            <Input name="asset" type="search" defaultValue={query.asset ?? ''} placeholder="@handle, ad account or ID" />
          </FilterField>
          <FilterField label="Change">
            <Select name="change" defaultValue={query.change ?? ''}>
              <option value="">Any change</option>
              <option value="gained">Gained</option>
              <option value="lost">Lost</option>
              <option value="changed">Changed</option>
            </Select>
          </FilterField>
          <FilterField label="From">
            <Input name="from" type="date" defaultValue={filters.from ?? ''} />
          </FilterField>
          <FilterField label="To (inclusive)">
            <Input name="to" type="date" defaultValue={filters.to ?? ''} />
          </FilterField>
          <FilterActions clearHref={base} active={Object.values(filters).some((v) => v !== undefined)} className="lg:col-span-5" />
        </form>
        <Results label="Permission changes">
          {error ? (
            <div className="px-5 pt-4">
              <FormError message={`${error}. Showing every change instead.`} />
            </div>
          ) : null}
          {changes.length === 0 ? (
            <p className="px-5 py-6 text-sm text-slate-500">
              {bcs.length === 0
                ? 'No Business Center has been synced yet: connect TikTok and run a sync.'
                : total === 0 && Object.values(filters).every((v) => v === undefined)
                  ? 'No permission has changed since the first sync.'
                  : 'No change matches these filters.'}
            </p>
          ) : (
            <Table>
              <TableHead columns={['Detected', 'Member', 'Asset', 'Change', 'Before', 'After']} />
              <tbody className="divide-y divide-slate-100">
                {changes.map((c, i) => (
                  <Fragment key={c.id}>
                    {changes[i - 1]?.syncRunId !== c.syncRunId ? (
                      <tr className="bg-slate-50">
                        <Td colSpan={6} className="py-2 text-xs font-medium text-slate-500">
                          Found by the sync of {formatDateTime(c.detectedAt, ctx.org.timeZone)}
                        </Td>
                      </tr>
                    ) : null}
                    <tr data-testid="permission-change" className="align-top">
                      <Td className="whitespace-nowrap text-slate-600">{formatDateTime(c.detectedAt, ctx.org.timeZone)}</Td>
                      <Td>
                        <div className="font-medium text-slate-900">{c.memberName ?? c.memberEmail ?? c.memberKey}</div>
                        {c.memberEmail && c.memberEmail !== c.memberName ? <div className="text-xs text-slate-500">{c.memberEmail}</div> : null}
                      </Td>
                      <Td>
                        {/* An account TikTok sent no name for is not named by its raw id; the id stays below. */}
                        <div>{c.assetName ?? (c.assetType === 'ADVERTISER' ? c.assetId : UNNAMED_TT_ACCOUNT)}</div>
                        {c.assetName === null && c.assetType !== 'ADVERTISER' ? <div className="font-mono text-[11px] text-slate-500">{c.assetId}</div> : null}
                        <div className="text-xs text-slate-500">{c.assetType === 'ADVERTISER' ? 'Ad account' : 'TikTok account'}</div>
                      </Td>
                      <Td>
                        <Badge tone={CHANGE[c.change].tone}>{CHANGE[c.change].label}</Badge>
                      </Td>
                      <Td className="text-slate-600">{grantWords(c.assetType, c.before)}</Td>
                      <Td className="text-slate-800">{grantWords(c.assetType, c.after)}</Td>
                    </tr>
                  </Fragment>
                ))}
              </tbody>
            </Table>
          )}
          <Pager page={query.page} pages={pages} href={(page) => withQuery(base, { ...filters, page })} label={`Page ${query.page} of ${pages}`} previous="Newer" next="Older" />
        </Results>
      </Card>
    </>
  );
}
