'use client';

import { useState } from 'react';
import type { CodeItemState } from '@/db/schema';
import type { PreflightWarning } from '@/lib/codes/warnings';
import { formatDate } from '@/lib/dates';
import { Badge } from '../ui/badge';

const DAY_MS = 86_400_000;

/** The post's cover from TikTok's CDN; signed URLs expire (and may be unreachable), so a placeholder stands in. */
export function Thumbnail({ url, handle }: { url: string | null; handle: string | null }) {
  const [broken, setBroken] = useState(false);
  if (url === null || broken) {
    return (
      <div aria-hidden className="flex h-14 w-10 shrink-0 items-center justify-center rounded bg-slate-200 text-sm font-semibold uppercase text-slate-500">
        {(handle ?? '?').replace(/^@/, '').slice(0, 1)}
      </div>
    );
  }
  // eslint-disable-next-line @next/next/no-img-element -- TikTok CDN URLs are signed and short-lived; the image optimizer would cache expired links.
  return <img src={url} alt="" referrerPolicy="no-referrer" onError={() => setBroken(true)} className="h-14 w-10 shrink-0 rounded bg-slate-200 object-cover" />;
}

/** "12 Mar 2026 – 11 Apr 2026 · 9 days left" */
export function AuthWindow({ start, end, status, now, timeZone = 'UTC' }: { start: string | null; end: string | null; status: string | null; now: number; timeZone?: string }) {
  if (end === null) return <span className="text-slate-500">—</span>;
  const left = Math.ceil((new Date(end).getTime() - now) / DAY_MS);
  return (
    <div className="whitespace-nowrap">
      <div className="text-slate-700">
        {start ? `${formatDate(start, timeZone)} – ` : 'until '}
        {formatDate(end, timeZone)}
      </div>
      <div className={left <= 0 ? 'text-xs text-red-700' : left <= 14 ? 'text-xs text-amber-700' : 'text-xs text-slate-500'}>
        {left <= 0 ? 'expired' : `${left} day${left === 1 ? '' : 's'} left`}
        {status && !(left <= 0 && status === 'EXPIRED') ? ` · ${status.toLowerCase().replaceAll('_', ' ')}` : ''}
      </div>
    </div>
  );
}

const SEVERITY_TONE = { blocking: 'red', warning: 'amber', info: 'neutral' } as const;

export function WarningList({ warnings }: { warnings: PreflightWarning[] }) {
  if (warnings.length === 0) return <span className="text-xs text-emerald-700">No warnings</span>;
  return (
    <ul className="space-y-1">
      {warnings.map((w) => (
        <li key={w.kind} data-warning={w.kind} className="flex items-start gap-1.5 text-xs">
          <Badge tone={SEVERITY_TONE[w.severity]}>{w.severity === 'blocking' ? 'Blocks' : w.severity === 'warning' ? 'Warning' : 'Note'}</Badge>
          <span className="text-slate-600">{w.text}</span>
        </li>
      ))}
    </ul>
  );
}

export const OUTCOME: Record<CodeItemState, { tone: 'green' | 'amber' | 'red' | 'blue' | 'neutral' | 'brand'; label: string }> = {
  pending: { tone: 'neutral', label: 'Waiting' },
  previewed: { tone: 'neutral', label: 'Checked' },
  applying: { tone: 'blue', label: 'Applying' },
  applied: { tone: 'green', label: 'Applied' },
  already_applied: { tone: 'green', label: 'Already applied' },
  failed: { tone: 'red', label: 'Failed' },
  skipped: { tone: 'neutral', label: 'Skipped' },
};

export function OutcomeBadge({ state }: { state: CodeItemState }) {
  return <Badge tone={OUTCOME[state].tone}>{OUTCOME[state].label}</Badge>;
}
