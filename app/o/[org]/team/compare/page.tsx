import type { Metadata } from 'next';
import { MemberField, MEMBER_SELECT_LIMIT } from '@/components/team/member-field';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { FormError } from '@/components/ui/field';
import { cn } from '@/components/ui/cn';
import { Table, Td, Th } from '@/components/ui/table';
import { AppError } from '@/lib/errors';
import { MAX_COMPARED, type ComparedAspect } from '@/lib/permissions/diff';
import { listTeamMembers } from '@/lib/permissions/queries';
import { listParam, type SearchParams } from '@/lib/permissions/search-params';
import { compareTeamMembers } from '@/lib/permissions/team';
import { requireOrgPage } from '@/lib/tenancy/membership';

export const metadata: Metadata = { title: 'Compare members' };

const KIND_LABELS: Record<ComparedAspect['kind'], string> = {
  bcRole: 'Business Center role',
  adRole: 'Ad-account role',
  ttPermission: 'TikTok-account permission',
  spark: 'Spark Ads',
  ineffective: 'Ineffective grant',
};

function Value({ aspect, value }: { aspect: ComparedAspect; value: string | null }) {
  if (value === null) return <span className="text-slate-400">{aspect.kind === 'spark' ? 'Cannot' : aspect.kind === 'ttPermission' || aspect.kind === 'ineffective' ? 'No' : 'None'}</span>;
  if (value !== 'yes') return <span className="font-medium text-slate-900">{value}</span>;
  if (aspect.kind === 'ineffective') return <Badge tone="red">Granted, not held by BC</Badge>;
  return <Badge tone="green">{aspect.kind === 'spark' ? 'Can' : 'Yes'}</Badge>;
}

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
  return (
    <>
      <Card className="mb-5">
        <CardHeader title="Compare members" description={`Pick 2 to ${MAX_COMPARED} Business Center members to see their access side by side, with each difference in a sentence.`} />
        <form method="get" aria-label="Members to compare" className="grid gap-3 px-5 py-4 sm:grid-cols-2 lg:grid-cols-5">
          {slots.map((value, i) => (
            <label key={i} className="space-y-1">
              <span className="block text-xs font-medium text-slate-600">Member {i + 1}{i >= 2 ? ' (optional)' : ''}</span>
              <MemberField id={`m${i}`} name="m" value={value} members={options.members} total={options.total} optional={i >= 2} />
            </label>
          ))}
          <div className="lg:col-span-5">
            <button type="submit" className={buttonClass('primary', 'md')}>
              Compare
            </button>
          </div>
        </form>
        {chosen.length === 1 ? <p className="px-5 pb-4 text-sm text-slate-500">Pick at least one more member.</p> : null}
        {result && 'error' in result ? (
          <div className="px-5 pb-4">
            <FormError message={result.error} />
          </div>
        ) : null}
      </Card>
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
            <CardHeader title="Side by side" description="Rows where the members differ are highlighted." />
            <Table>
              <thead>
                <tr>
                  <Th>Access</Th>
                  {compared.members.map((m) => (
                    <Th key={m.memberKey} className="normal-case tracking-normal">
                      <span className="block text-sm font-semibold text-slate-900">{m.name}</span>
                      <span className="block font-normal text-slate-500">{m.email ?? m.memberKey}</span>
                      {m.pendingOnly ? <Badge tone="amber">Invited, not accepted</Badge> : null}
                    </Th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                <tr>
                  <Td className="font-medium text-slate-900">Spark posts they can use</Td>
                  {compared.members.map((m) => (
                    <Td key={m.memberKey} className="tabular-nums">
                      {m.sparkPosts === 0 ? <span className="text-slate-400">None</span> : `${m.sparkPosts} post${m.sparkPosts === 1 ? '' : 's'}`}
                    </Td>
                  ))}
                </tr>
                {compared.diff.aspects.map((aspect) => (
                  <tr key={aspect.key} data-differs={aspect.differs ? 'true' : undefined} className={cn(aspect.differs && 'bg-amber-50')}>
                    <Td>
                      <span className="block text-[11px] uppercase tracking-wide text-slate-400">{KIND_LABELS[aspect.kind]}</span>
                      <span className="text-slate-800">{aspect.label}</span>
                    </Td>
                    {aspect.values.map((value, i) => (
                      <Td key={compared.members[i]!.memberKey}>
                        <Value aspect={aspect} value={value} />
                      </Td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
        </>
      ) : null}
    </>
  );
}
