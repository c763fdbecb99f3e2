'use client';

import { cn } from '@/components/ui/cn';
import { ScrollBox } from '@/components/ui/table';
import { AD_ROLE_LABELS, PERMISSION_LABELS } from '@/lib/permissions/access';
import { LEAN_GRID } from './lean-grid';

// A client component for one reason: size. Rendered on the server as elements, 50 rows × 12 cells
// travel twice (HTML and React's payload, element by element); as a client component the payload is
// only this compact data, and the server renders the HTML once. Nothing here runs after load.

/** One cell: null = no grant; an ad-account role; or TikTok-account permissions, `!` marking one the BC does not hold. */
export type GridCell = null | string[];
export type GridRow = {
  key: string;
  memberKey: string;
  name: string;
  email: string | null;
  bc: string;
  role: string;
  admin: boolean;
  pending: boolean;
  explain: string;
  compare: string;
  cells: GridCell[];
};
export type GridAsset = { key: string; type: 'ADVERTISER' | 'TT_ACCOUNT'; name: string };

const STICKY = 'sticky left-0 z-10 bg-white shadow-[1px_0_0_0_var(--color-slate-200)]';

function Cell({ type, cell }: { type: GridAsset['type']; cell: GridCell }) {
  if (cell === null) return <td />;
  return (
    <td>
      {cell.map((value) =>
        value.startsWith('!') ? (
          <s key={value}>{PERMISSION_LABELS[value.slice(1)] ?? value.slice(1)}</s>
        ) : (
          <b key={value} data-k={value}>
            {(type === 'ADVERTISER' ? AD_ROLE_LABELS : PERMISSION_LABELS)[value] ?? value}
          </b>
        ),
      )}
    </td>
  );
}

/** Members (one row per BC membership) × assets, with the role or permissions in each cell. */
export function MatrixGrid({ assets, rows }: { assets: GridAsset[]; rows: GridRow[] }) {
  return (
    <ScrollBox label="Permission matrix: members by ad accounts and TikTok accounts">
      <table className={LEAN_GRID}>
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th scope="col" className={cn(STICKY, 'px-3 py-2.5 font-medium uppercase tracking-wide')}>
              Member
            </th>
            {assets.map((a) => (
              <th key={a.key} scope="col" className="min-w-32 px-3 py-2.5 font-medium">
                <span className="block text-[11px] uppercase tracking-wide text-slate-500">{a.type === 'ADVERTISER' ? 'Ad account' : 'TikTok account'}</span>
                <span className="block text-sm text-slate-700">{a.name}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid={`member-row-${row.memberKey}`}>
              <td className={cn(STICKY, 'min-w-48 md:min-w-64')}>
                <strong>{row.name}</strong>
                {row.email && row.email !== row.name ? <small>{row.email}</small> : null}
                <small>
                  {row.bc} · <b data-k={row.admin ? 'ADMIN' : undefined}>{row.role}</b>
                  {row.pending ? <b data-k="invited">Invited, not accepted</b> : null}
                </small>
                {/* Plain links: a page of 50 rows would otherwise prefetch 100 pages. */}
                <small>
                  <a href={row.explain}>Explain a post</a> · <a href={row.compare}>Compare</a>
                </small>
              </td>
              {row.cells.map((cell, i) => (
                <Cell key={assets[i]!.key} type={assets[i]!.type} cell={cell} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
