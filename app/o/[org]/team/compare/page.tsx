import type { Metadata } from 'next';
import { FilterField, toResults } from '@/components/ui/filters';
import { Results } from '@/components/ui/results';
import { CompareGrid } from '@/components/team/compare-grid';
import { MemberField, MEMBER_SELECT_LIMIT } from '@/components/team/member-field';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { FormError } from '@/components/ui/field';
import { AppError } from '@/lib/errors';
import { MAX_COMPARED } from '@/lib/permissions/diff';
import { listTeamMembers } from '@/lib/permissions/queries';
import { listParam, type SearchParams } from '@/lib/permissions/search-params';
import { compareTeamMembers } from '@/lib/permissions/team';
import { requireOrgPage } from '@/lib/tenancy/membership';

export const metadata: Metadata = { title: 'Compare members' };

export default async function TeamComparePage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const [{ org }, search] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(org);
  const chosen = listParam(search.m);
  const [options, result] = await Promise.all([
    listTeamMembers(ctx.db, { orgId: ctx.org.id, limit: MEMBER_SELECT_LIMIT }),
    chosen.length < 2
      ? null
      : compareTeamMembers(ctx.db, { orgId: ctx.org.id, ids: chosen }).catch((error: unknown) => {
          if (error instanceof AppError && error.status < 500) return { error: error.message };
          throw error;
        }),
  ]);
  const slots = Array.from({ length: MAX_COMPARED }, (_, i) => chosen[i]);
  const compared = result && 'diff' in result ? result : null;
  // Submitted with fewer than two members: say so rather than show nothing.
  const missing = search.m === undefined || chosen.length >= 2 ? null : chosen.length === 1 ? 'Pick at least one more member to compare.' : 'Pick at least two members to compare.';
  const base = `/o/${ctx.org.slug}/team/compare`;
  return (
    <>
      <Card className="mb-5">
        <CardHeader title="Compare members" description={`Pick 2 to ${MAX_COMPARED} Business Center members to see their access side by side, with each difference in a sentence.`} />
        <form method="get" action={toResults(base)} aria-label="Members to compare" className="grid gap-3 px-5 py-4 sm:grid-cols-2 lg:grid-cols-5">
          {slots.map((value, i) => (
            <FilterField
              key={i}
              label={
                <>
                  Member {i + 1}
                  {i >= 2 ? ' (optional)' : ''}
                </>
              }
            >
              <MemberField id={`m${i}`} name="m" value={value} members={options.members} total={options.total} optional={i >= 2} />
            </FilterField>
          ))}
          <div className="lg:col-span-5">
            <button type="submit" className={buttonClass('primary', 'md')}>
              Compare
            </button>
          </div>
        </form>
      </Card>
      <Results label="Comparison">
        {missing || (result && 'error' in result) ? (
          <div className="mb-5">
            <FormError message={missing ?? (result && 'error' in result ? result.error : '')} />
          </div>
        ) : null}
        {compared ? (
          <>
            <Card className="mb-5">
              <CardHeader title={compared.diff.differences.length === 0 ? 'No differences' : `${compared.diff.differences.length} difference${compared.diff.differences.length === 1 ? '' : 's'}`} />
              {compared.diff.differences.length === 0 ? (
                <p className="px-5 py-4 text-sm text-slate-500">These members have the same roles and permissions on every synced asset.</p>
              ) : (
                <ul className="divide-y divide-slate-100" data-testid="differences">
                  {compared.diff.differences.map((d) => (
                    <li key={d.key} className="px-5 py-2.5 text-sm text-slate-700">
                      {d.sentence}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card>
              <CardHeader title="Side by side" description="Rows where the members differ are highlighted; a dash means the member does not have it." />
              <CompareGrid
                members={compared.members.map((m) => ({ memberKey: m.memberKey, name: m.name, email: m.email, pendingOnly: m.pendingOnly, sparkPosts: m.sparkPosts }))}
                aspects={compared.diff.aspects.map((a) => ({ key: a.key, kind: a.kind, label: a.label, values: a.values, differs: a.differs }))}
              />
            </Card>
          </>
        ) : null}
      </Results>
    </>
  );
}
