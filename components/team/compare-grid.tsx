'use client';

import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { ScrollBox, STICKY_FIRST_COLUMN } from '@/components/ui/table';
import type { ComparedAspect } from '@/lib/permissions/diff';
import { LEAN_GRID } from './lean-grid';

// A client component only to keep the page small (see matrix-grid.tsx): five members of a large BC
// differ on dozens of rows, and this compact data travels instead of every cell as an element.

const KIND_LABELS: Record<ComparedAspect['kind'], string> = {
  bcRole: 'Business Center role',
  adRole: 'Ad-account role',
  ttPermission: 'TikTok-account permission',
  spark: 'Spark Ads',
  ineffective: 'Ineffective grant',
};

export type CompareMember = { memberKey: string; name: string; email: string | null; pendingOnly: boolean; sparkPosts: number };

/** A cell of the side-by-side grid (styled by LEAN_GRID): an empty cell means "does not have it". */
function Value({ kind, value }: { kind: ComparedAspect['kind']; value: string | null }) {
  if (value === null) return <td />;
  if (value !== 'yes') return <td className="font-medium text-slate-900">{value}</td>;
  return <td>{kind === 'ineffective' ? <s>Granted, not held by BC</s> : <b data-k="yes">{kind === 'spark' ? 'Can' : 'Yes'}</b>}</td>;
}

/** The compared members side by side; rows where they differ are highlighted. */
export function CompareGrid({ members, aspects }: { members: CompareMember[]; aspects: Omit<ComparedAspect, 'sentence'>[] }) {
  return (
    <ScrollBox label="Compared members side by side">
      <table className={cn(LEAN_GRID, STICKY_FIRST_COLUMN, '[&_tr[data-differs]>:first-child]:bg-amber-50')}>
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th scope="col" className="px-3 py-2.5 font-medium uppercase tracking-wide">
              Access
            </th>
            {members.map((m) => (
              <th key={m.memberKey} scope="col" className="px-3 py-2.5 font-normal">
                <span className="block text-sm font-semibold text-slate-900">{m.name}</span>
                <span className="block">{m.email ?? m.memberKey}</span>
                {m.pendingOnly ? <Badge tone="amber">Invited, not accepted</Badge> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>
              <span className="block font-medium text-slate-900">Spark posts they can use</span>
              <span className="text-xs text-slate-500">of the posts Sparkcheck has seen in ads</span>
            </td>
            {members.map((m) => (
              <td key={m.memberKey} className="tabular-nums">
                {m.sparkPosts === 0 ? null : `${m.sparkPosts} post${m.sparkPosts === 1 ? '' : 's'}`}
              </td>
            ))}
          </tr>
          {aspects.map((aspect) => (
            <tr key={aspect.key} data-differs={aspect.differs ? 'true' : undefined}>
              <td>
                <small>{KIND_LABELS[aspect.kind]}</small>
                {aspect.label}
              </td>
              {aspect.values.map((value, i) => (
                <Value key={members[i]!.memberKey} kind={aspect.kind} value={value} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
