import { BC_ROLE_LABELS, effectiveTtRoles, type BcTikTokAccount } from '@/lib/permissions/access';
import type { MatrixAsset, MatrixCell, MatrixRow } from '@/lib/permissions/queries';
import { MatrixGrid, type GridCell, type GridRow } from './matrix-grid';
import { withQuery } from '@/components/ui/pager';

function gridCell(asset: MatrixAsset, grant: MatrixCell | undefined, holding: BcTikTokAccount | undefined): GridCell {
  if (!grant) return null;
  if (asset.assetType === 'ADVERTISER') return grant.advertiserRole ? [grant.advertiserRole] : null;
  const roles = effectiveTtRoles(grant, holding);
  return [...roles.effective, ...roles.ineffective.map((p) => `!${p}`)];
}

/** A page of the matrix: the engine decides each cell here, on the server; the grid only draws them. */
export function MatrixTable({
  base,
  rows,
  assets,
  cells,
  holdings,
  bcNames,
}: {
  base: string;
  rows: MatrixRow[];
  assets: MatrixAsset[];
  cells: MatrixCell[];
  holdings: BcTikTokAccount[];
  bcNames: Map<string, string>;
}) {
  const cell = new Map(cells.map((c) => [`${c.bcId}|${c.memberKey}|${c.assetId}`, c]));
  const holding = new Map(holdings.map((h) => [`${h.bcId}|${h.ttAccountId}`, h]));
  const gridRows: GridRow[] = rows.map((row) => ({
    key: `${row.bcId}|${row.memberKey}`,
    memberKey: row.memberKey,
    name: row.name,
    email: row.email,
    bc: bcNames.get(row.bcId) ?? row.bcId,
    role: BC_ROLE_LABELS[row.bcRole ?? ''] ?? row.bcRole ?? '—',
    admin: row.bcRole === 'ADMIN',
    pending: row.pending,
    explain: withQuery(`${base}/explain`, { member: row.memberKey }),
    compare: withQuery(`${base}/compare`, { m: row.memberKey }),
    cells: assets.map((a) => gridCell(a, cell.get(`${row.bcId}|${row.memberKey}|${a.assetId}`), holding.get(`${row.bcId}|${a.assetId}`))),
  }));
  return <MatrixGrid assets={assets.map((a) => ({ key: `${a.assetType}|${a.assetId}`, type: a.assetType, name: a.name }))} rows={gridRows} />;
}
