import type { Metadata } from 'next';
import { FilterActions, FilterField, toResults } from '@/components/ui/filters';
import { MatrixTable } from '@/components/team/matrix-table';
import { Pager, withQuery } from '@/components/ui/pager';
import { Card, CardHeader } from '@/components/ui/card';
import { FormError, Input, Select } from '@/components/ui/field';
import { Results } from '@/components/ui/results';
import { ValidationError } from '@/lib/errors';
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
  const pages = Math.max(1, Math.ceil(matrix.rowTotal / MATRIX_PAGE_SIZE));
  const assetPages = Math.max(1, Math.ceil(matrix.assetTotal / MATRIX_ASSET_PAGE_SIZE));
  const firstAsset = (query.ap - 1) * MATRIX_ASSET_PAGE_SIZE + 1;
  return (
    <>
      <Card>
        <CardHeader
          title={`${number.format(matrix.rowTotal)} member${matrix.rowTotal === 1 ? '' : 's'}`}
          description="One row per member and Business Center. Cells: the role on an ad account, or the permissions on a TikTok account. A struck-through permission does nothing: the Business Center does not hold it."
        />
        <form
          method="get"
          action={toResults(base)}
          aria-label="Filter the matrix"
          className="grid gap-3 border-b border-slate-100 px-5 py-4 sm:grid-cols-2 lg:grid-cols-[minmax(0,1.6fr)_repeat(3,minmax(0,1fr))_auto]"
        >
          <FilterField label="Search">
            <Input name="q" type="search" defaultValue={query.q ?? ''} placeholder="Name, e-mail or member ID" />
          </FilterField>
          <FilterField label="Business Center">
            <Select name="bc" defaultValue={query.bc ?? ''}>
              <option value="">All Business Centers</option>
              {bcs.map((b) => (
                <option key={b.bcId} value={b.bcId}>
                  {b.name ?? b.bcId}
                </option>
              ))}
            </Select>
          </FilterField>
          <FilterField label="Assets">
            <Select name="type" defaultValue={query.type ?? ''}>
              <option value="">All assets</option>
              <option value="ADVERTISER">Ad accounts</option>
              <option value="TT_ACCOUNT">TikTok accounts</option>
            </Select>
          </FilterField>
          <FilterField label="Member role">
            <Select name="role" defaultValue={query.role ?? ''}>
              <option value="">Any role</option>
              <option value="ADMIN">Business Center Admins</option>
              <option value="STANDARD">Standard members</option>
              <option value="PENDING">Pending invitations</option>
            </Select>
          </FilterField>
          <FilterActions clearHref={base} active={Object.values(filters).some((v) => v !== undefined)} />
        </form>
        <Results label="Permission matrix results">
          {error ? (
            <div className="px-5 pt-4">
              <FormError message={`${error}. Showing everyone instead.`} />
            </div>
          ) : null}
          {matrix.rows.length === 0 ? (
            <p className="px-5 py-6 text-sm text-slate-500">{bcs.length === 0 ? 'No Business Center has been synced yet: connect TikTok and run a sync.' : 'No member matches these filters.'}</p>
          ) : (
            <MatrixTable base={base} rows={matrix.rows} assets={matrix.assets} cells={matrix.cells} holdings={matrix.holdings} bcNames={bcName} />
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
        </Results>
      </Card>
    </>
  );
}
