import type { Metadata } from 'next';
import Link from 'next/link';
import { AdRoleBadge, TtPermissions } from '@/components/team/grants';
import { Pager, withQuery } from '@/components/team/pager';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { FormError, Input, Select } from '@/components/ui/field';
import { Table, Td, Th } from '@/components/ui/table';
import { ValidationError } from '@/lib/errors';
import { BC_ROLE_LABELS, effectiveTtRoles } from '@/lib/permissions/access';
import { listBusinessCenters, loadMatrix, MATRIX_ASSET_PAGE_SIZE, MATRIX_PAGE_SIZE } from '@/lib/permissions/queries';
import { parseMatrixQuery, type MatrixQuery, type SearchParams } from '@/lib/permissions/search-params';
import { requireOrgPage } from '@/lib/tenancy/membership';

export const metadata: Metadata = { title: 'Team' };

const number = new Intl.NumberFormat('en-US');

function parse(search: SearchParams): { query: MatrixQuery; error: string | null } {
  try {
    return { query: parseMatrixQuery(search), error: null };
  } catch (error) {
    if (error instanceof ValidationError) return { query: { bc: undefined, q: undefined, page: 1, ap: 1 }, error: error.message };
    throw error;
  }
}

export default async function TeamMatrixPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const [{ org }, search] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(org);
  const { query, error } = parse(search);
  const [bcs, matrix] = await Promise.all([
    listBusinessCenters(ctx.db, { orgId: ctx.org.id }),
    loadMatrix(ctx.db, { orgId: ctx.org.id, bcId: query.bc, assetType: query.type, role: query.role, text: query.q, page: query.page, assetPage: query.ap }),
  ]);
  const base = `/o/${ctx.org.slug}/team`;
  const filters = { bc: query.bc, type: query.type, role: query.role, q: query.q };
  const bcName = new Map(bcs.map((b) => [b.bcId, b.name ?? b.bcId]));
  const cell = new Map(matrix.cells.map((c) => [`${c.bcId}|${c.memberKey}|${c.assetId}`, c]));
  const holding = new Map(matrix.holdings.map((h) => [`${h.bcId}|${h.ttAccountId}`, h]));
  const pages = Math.max(1, Math.ceil(matrix.rowTotal / MATRIX_PAGE_SIZE));
  const assetPages = Math.max(1, Math.ceil(matrix.assetTotal / MATRIX_ASSET_PAGE_SIZE));
  const firstAsset = (query.ap - 1) * MATRIX_ASSET_PAGE_SIZE + 1;
  return (
    <>
      {error ? (
        <div className="mb-4">
          <FormError message={`${error}. Showing everyone instead.`} />
        </div>
      ) : null}
      <Card>
        <CardHeader
          title={`${number.format(matrix.rowTotal)} member${matrix.rowTotal === 1 ? '' : 's'}`}
          description="One row per member and Business Center. Cells: the role on an ad account, or the permissions on a TikTok account. A struck-through permission does nothing: the Business Center does not hold it."
        />
        <form method="get" action={base} aria-label="Filter the matrix" className="grid gap-3 border-b border-slate-100 px-5 py-4 sm:grid-cols-2 lg:grid-cols-5">
          <label className="space-y-1 lg:col-span-2">
            <span className="block text-xs font-medium text-slate-600">Search</span>
            <Input name="q" type="search" defaultValue={query.q ?? ''} placeholder="Name, e-mail or member ID" maxLength={100} />
          </label>
          <label className="space-y-1">
            <span className="block text-xs font-medium text-slate-600">Business Center</span>
            <Select name="bc" defaultValue={query.bc ?? ''}>
              <option value="">All Business Centers</option>
              {bcs.map((b) => (
                <option key={b.bcId} value={b.bcId}>
                  {b.name ?? b.bcId}
                </option>
              ))}
            </Select>
          </label>
          <label className="space-y-1">
            <span className="block text-xs font-medium text-slate-600">Assets</span>
            <Select name="type" defaultValue={query.type ?? ''}>
              <option value="">Ad accounts and TikTok accounts</option>
              <option value="ADVERTISER">Ad accounts</option>
              <option value="TT_ACCOUNT">TikTok accounts</option>
            </Select>
          </label>
          <label className="space-y-1">
            <span className="block text-xs font-medium text-slate-600">Member role</span>
            <Select name="role" defaultValue={query.role ?? ''}>
              <option value="">Any role</option>
              <option value="ADMIN">Business Center Admins</option>
              <option value="STANDARD">Standard members</option>
              <option value="PENDING">Pending invitations</option>
            </Select>
          </label>
          <div className="flex items-end gap-2 lg:col-span-5">
            <button type="submit" className={buttonClass('primary', 'md')}>
              Apply filters
            </button>
            {Object.values(filters).some((v) => v !== undefined) ? (
              <Link href={base} className={buttonClass('ghost', 'md')}>
                Clear
              </Link>
            ) : null}
          </div>
        </form>
        {matrix.rows.length === 0 ? (
          <p className="px-5 py-6 text-sm text-slate-500">{bcs.length === 0 ? 'No Business Center has been synced yet: connect TikTok and run a sync.' : 'No member matches these filters.'}</p>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th className="sticky left-0 z-10 bg-white">Member</Th>
                {matrix.assets.map((a) => (
                  <Th key={`${a.assetType}|${a.assetId}`} className="min-w-32 normal-case tracking-normal">
                    <span className="block text-[11px] uppercase tracking-wide text-slate-400">{a.assetType === 'ADVERTISER' ? 'Ad account' : 'TikTok account'}</span>
                    <span className="block text-slate-700">{a.name}</span>
                  </Th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {matrix.rows.map((row) => (
                <tr key={`${row.bcId}|${row.memberKey}`} data-testid={`member-row-${row.memberKey}`} className="align-top">
                  <Td className="sticky left-0 z-10 min-w-56 bg-white">
                    <div className="font-medium text-slate-900">{row.name}</div>
                    {row.email && row.email !== row.name ? <div className="text-xs text-slate-500">{row.email}</div> : null}
                    <div className="mt-1 flex flex-wrap items-center gap-1 text-xs text-slate-500">
                      <span>{bcName.get(row.bcId) ?? row.bcId}</span>
                      <Badge tone={row.bcRole === 'ADMIN' ? 'brand' : 'neutral'}>{BC_ROLE_LABELS[row.bcRole ?? ''] ?? row.bcRole ?? '—'}</Badge>
                      {row.pending ? <Badge tone="amber">Invited, not accepted</Badge> : null}
                    </div>
                    <div className="mt-1 flex gap-3 text-xs">
                      <Link className="font-medium text-slate-600 hover:text-slate-900" href={withQuery(`${base}/explain`, { member: row.memberKey })}>
                        Explain a post
                      </Link>
                      <Link className="font-medium text-slate-600 hover:text-slate-900" href={withQuery(`${base}/compare`, { m: row.memberKey })}>
                        Compare
                      </Link>
                    </div>
                  </Td>
                  {matrix.assets.map((a) => {
                    const grant = cell.get(`${row.bcId}|${row.memberKey}|${a.assetId}`);
                    if (!grant) return <Td key={a.assetId} className="text-slate-300">—</Td>;
                    if (a.assetType === 'ADVERTISER') return <Td key={a.assetId}>{grant.advertiserRole ? <AdRoleBadge role={grant.advertiserRole} /> : '—'}</Td>;
                    const roles = effectiveTtRoles(grant, holding.get(`${row.bcId}|${a.assetId}`));
                    return (
                      <Td key={a.assetId}>
                        <TtPermissions effective={roles.effective} ineffective={roles.ineffective} />
                      </Td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pager
          page={query.ap}
          pages={assetPages}
          href={(ap) => withQuery(base, { ...filters, page: query.page, ap })}
          label={`Assets ${number.format(firstAsset)}–${number.format(Math.min(matrix.assetTotal, firstAsset + MATRIX_ASSET_PAGE_SIZE - 1))} of ${number.format(matrix.assetTotal)}`}
          previous="Previous assets"
          next="More assets"
        />
        <Pager page={query.page} pages={pages} href={(page) => withQuery(base, { ...filters, page, ap: query.ap })} label={`Page ${query.page} of ${pages}`} />
      </Card>
    </>
  );
}
