import type { Metadata } from 'next';
import { FilterField, toResults } from '@/components/ui/filters';
import { Results } from '@/components/ui/results';
import { MemberField, MEMBER_SELECT_LIMIT } from '@/components/team/member-field';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { FormError, Input, Select } from '@/components/ui/field';
import { cn } from '@/components/ui/cn';
import { Table, TableHead, Td } from '@/components/ui/table';
import { AppError } from '@/lib/errors';
import { LINK_LABELS, type AccessPath } from '@/lib/permissions/explain';
import { listAdAccounts, listPostOptions, listTeamMembers } from '@/lib/permissions/queries';
import { firstParam, type SearchParams } from '@/lib/permissions/search-params';
import { explainTeamPost } from '@/lib/permissions/team';
import { requireOrgPage } from '@/lib/tenancy/membership';

export const metadata: Metadata = { title: 'Explain a post' };

const POST_OPTIONS = 300;

function Steps({ path }: { path: AccessPath }) {
  const missing = path.firstMissing === null ? -1 : path.steps.indexOf(path.firstMissing);
  return (
    <ol className="space-y-2" data-testid="access-path">
      {path.steps.map((s, i) => {
        const unchecked = missing !== -1 && i > missing;
        return (
          <li
            key={s.link}
            data-link={s.link}
            data-ok={s.ok ? 'true' : 'false'}
            className={cn(
              'flex gap-3 rounded-lg px-3 py-2 ring-1 ring-inset',
              i === missing ? 'bg-red-50 ring-red-200' : s.ok && !unchecked ? 'ring-emerald-100' : 'ring-slate-100',
              unchecked && 'bg-slate-50',
            )}
          >
            <span aria-hidden className={cn('mt-0.5 w-4 shrink-0 text-center font-semibold', s.ok ? 'text-emerald-600' : 'text-red-600')}>
              {s.ok ? '✓' : '✗'}
            </span>
            <div className="text-sm">
              <div className="font-medium text-slate-900">
                {LINK_LABELS[s.link]}
                {unchecked ? <span className="ml-2 text-xs font-normal text-slate-600">not checked yet: the missing link above comes first</span> : null}
              </div>
              <div className="text-slate-600">{s.detail}</div>
              {i === missing && s.fix ? (
                <div className="mt-1 text-slate-800">
                  <span className="font-medium">What to change: </span>
                  {s.fix}
                </div>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export default async function TeamExplainPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const [{ org }, search] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(org);
  const member = firstParam(search.member);
  // A pasted item ID wins over the drop-down.
  const post = firstParam(search.item) ?? firstParam(search.post);
  const advertiserId = firstParam(search.ad);
  const [members, posts, ads, result] = await Promise.all([
    listTeamMembers(ctx.db, { orgId: ctx.org.id, limit: MEMBER_SELECT_LIMIT }),
    listPostOptions(ctx.db, { orgId: ctx.org.id, limit: POST_OPTIONS }),
    listAdAccounts(ctx.db, { orgId: ctx.org.id }),
    member === undefined || post === undefined
      ? null
      : explainTeamPost(ctx.db, { orgId: ctx.org.id, member, post, advertiserId, now: new Date() }).catch((error: unknown) => {
          if (error instanceof AppError && error.status < 500) return { error: error.message };
          throw error;
        }),
  ]);
  const explained = result && 'explanation' in result ? result : null;
  const e = explained?.explanation;
  const adAccounts = new Map<string, string>();
  for (const p of e?.paths ?? []) adAccounts.set(p.advertiserId, p.advertiserName);
  const pasted = firstParam(search.item);
  // Submitted without a member or a post: say which is missing rather than show nothing.
  const submitted = ['member', 'post', 'item', 'ad'].some((key) => search[key] !== undefined);
  const missing =
    !submitted || result !== null
      ? null
      : member === undefined && post === undefined
        ? 'Choose a member and a post (or paste its item ID).'
        : member === undefined
          ? 'Choose a member.'
          : 'Choose a post or paste its item ID.';
  const base = `/o/${ctx.org.slug}/team/explain`;
  // Two posts can read the same (same account, same caption start): those options also show the item ID.
  const labels = posts.posts.map((p) => `${p.account ?? 'Unknown account'} · ${p.caption ? (p.caption.length > 40 ? `${p.caption.slice(0, 40)}…` : p.caption) : p.itemId}`);
  const seen = new Map<string, number>();
  for (const l of labels) seen.set(l, (seen.get(l) ?? 0) + 1);
  return (
    <>
      <Card className="mb-5">
        <CardHeader
          title="Why can or can't a member use this post?"
          description="Pick a member and a post (or paste its TikTok item ID). Sparkcheck walks the path Business Center requires and names the first missing link."
        />
        <form method="get" action={toResults(base)} aria-label="Explain a post" className="grid gap-3 px-5 py-4 sm:grid-cols-2 lg:grid-cols-4">
          <FilterField label="Member">
            <MemberField id="member" name="member" value={member} members={members.members} total={members.total} />
          </FilterField>
          <FilterField label="Post">
            <Select name="post" defaultValue={pasted ? '' : (post ?? '')}>
              <option value="">Choose a post</option>
              {posts.posts.map((p, i) => (
                <option key={p.itemId} value={p.itemId}>
                  {labels[i]}
                  {seen.get(labels[i]!)! > 1 && p.caption ? ` (${p.itemId})` : ''}
                </option>
              ))}
            </Select>
          </FilterField>
          <FilterField label="or paste a post (item) ID">
            <Input name="item" defaultValue={pasted ?? ''} inputMode="numeric" placeholder="e.g. 7240209663467652329" maxLength={30} />
          </FilterField>
          <FilterField label="Ad account">
            <Select name="ad" defaultValue={advertiserId ?? ''}>
              <option value="">Any ad account</option>
              {ads.map((a) => (
                <option key={a.advertiserId} value={a.advertiserId}>
                  {a.name ?? a.advertiserId}
                </option>
              ))}
            </Select>
          </FilterField>
          <div className="lg:col-span-4">
            <button type="submit" className={buttonClass('primary', 'md')}>
              Explain
            </button>
          </div>
        </form>
        {ads.length === 0 ? <p className="px-5 pb-4 text-sm text-slate-500">No Business Center has been synced yet: connect TikTok and run a sync.</p> : null}
      </Card>
      <Results label="Explanation">
        {missing || (result && 'error' in result) ? (
          <div className="mb-5">
            <FormError message={missing ?? (result && 'error' in result ? result.error : '')} />
          </div>
        ) : null}
        {e ? (
          <>
            <Card className="mb-5">
              <div className="px-5 py-4" data-testid="explain-verdict">
                {e.canUse ? (
                  <p className="text-base font-semibold text-emerald-700">
                    {e.memberName} can use this post on {e.usableOn.map((a) => a.advertiserName).join(', ')}.
                  </p>
                ) : (
                  <p className="text-base font-semibold text-red-700">
                    {e.memberName} cannot use this post. First missing link: {LINK_LABELS[e.path.firstMissing!.link]}.
                  </p>
                )}
                <p className="mt-1 text-sm text-slate-500">
                  Post {e.itemId}
                  {e.accountName ? ` by ${e.accountName}` : ''}
                  {explained.caption ? ` — “${explained.caption}”` : ''} ·{' '}
                  {e.via === 'BC_AUTH_TT' ? 'a Business Center TikTok account' : e.via === 'TT_USER' ? "the creator's own TikTok account" : 'authorized with a Spark code'} · path shown for{' '}
                  {e.path.advertiserName}
                  {e.path.bcName ? ` through ${e.path.bcName}` : ''}
                </p>
              </div>
              <div className="border-t border-slate-100 px-5 py-4">
                <Steps path={e.path} />
              </div>
            </Card>
            {e.paths.length > 1 ? (
              <Card>
                <CardHeader title="Every ad account checked" />
                <Table>
                  <TableHead columns={['Ad account', 'Business Center', 'Result']} />
                  <tbody className="divide-y divide-slate-100">
                    {e.paths.map((p) => (
                      <tr key={`${p.advertiserId}|${p.bcId ?? ''}`}>
                        <Td>{adAccounts.get(p.advertiserId)}</Td>
                        <Td className="text-slate-500">{p.bcName ?? '—'}</Td>
                        <Td>{p.firstMissing ? <span className="text-slate-700">Missing: {p.firstMissing.detail}</span> : <Badge tone="green">Can use</Badge>}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </Card>
            ) : null}
          </>
        ) : null}
      </Results>
    </>
  );
}
