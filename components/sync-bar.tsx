'use client';

import { useMutation, useQueries } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { sendJson } from './api-client';
import { ScriptButton } from './ui/script-button';
import { cn } from './ui/cn';

export type RunSummary = {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted';
  progressDone: number;
  progressTotal: number;
  finishedAt: string | null;
  createdAt: string;
};

const OPEN = new Set(['queued', 'running']);

function ago(iso: string, now: number): string {
  const minutes = Math.round((now - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

const LAST: Record<RunSummary['status'], string> = {
  queued: 'Sync queued',
  running: 'Syncing',
  succeeded: 'Last sync',
  partial: 'Last sync (some accounts failed)',
  failed: 'Last sync failed',
  interrupted: 'Last sync interrupted (restarted)',
};

const NOW: Record<RunSummary['status'], string> = {
  queued: 'Sync queued…',
  running: 'Syncing…',
  succeeded: 'Sync complete',
  partial: 'Sync complete — some accounts failed',
  failed: 'Sync failed',
  interrupted: 'Sync interrupted — a new sync was started',
};

/**
 * The last sync time and "Sync now" with a live progress bar, on every organization page.
 * `renderedAt` is the server's clock when it drew the page: "3 min ago" is first worked out from it in
 * the browser too, so the words match the server's HTML (a mismatch would make React redraw the page
 * and drop what the user had ticked or typed), then from the browser's clock every 30 s.
 */
export function SyncBar({ orgSlug, lastRun, canSync, hasConnection, renderedAt }: { orgSlug: string; lastRun: RunSummary | null; canSync: boolean; hasConnection: boolean; renderedAt: number }) {
  const router = useRouter();
  // One run per connection: "Sync now" watches all of them as one bar.
  const [runIds, setRunIds] = useState<string[]>(lastRun && OPEN.has(lastRun.status) ? [lastRun.id] : []);
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const start = useMutation({
    mutationFn: () => sendJson<{ runs: { id: string }[] }>(`/api/orgs/${orgSlug}/sync`, 'POST'),
    onSuccess: ({ runs }) => setRunIds(runs.map((r) => r.id)),
  });
  const watched = useQueries({
    queries: runIds.map((id) => ({
      queryKey: [orgSlug, 'sync-run', id],
      queryFn: async () => {
        const response = await fetch(`/api/orgs/${orgSlug}/sync/${id}`);
        if (!response.ok) throw new Error(`Could not read the sync's progress (${response.status})`);
        return ((await response.json()) as { run: RunSummary }).run;
      },
      refetchInterval: (query: { state: { data?: RunSummary } }) => (query.state.data && !OPEN.has(query.state.data.status) ? false : 1000),
    })),
  });
  const runs = watched.map((q) => q.data).filter((r): r is RunSummary => r !== undefined);
  const watching = runIds.length > 0;
  const finished = watching && runs.length === runIds.length && runs.every((r) => !OPEN.has(r.status));
  const active = watching && !finished;
  useEffect(() => {
    if (finished) router.refresh();
  }, [finished, router]);

  const done = runs.reduce((n, r) => n + r.progressDone, 0);
  const total = runs.reduce((n, r) => n + r.progressTotal, 0);
  const percent = total > 0 ? Math.round((100 * done) / total) : 0;
  // The worst outcome names the whole sync: one failed connection is a failed sync.
  const status: RunSummary['status'] = !finished
    ? runs.some((r) => r.status === 'running')
      ? 'running'
      : 'queued'
    : ((['failed', 'interrupted', 'partial', 'succeeded'] as const).find((s) => runs.some((r) => r.status === s)) ?? 'succeeded');
  const run = lastRun;
  return (
    <div className="flex flex-wrap items-center justify-end gap-3 text-sm text-slate-500" data-testid="sync-bar">
      {watching ? (
        <div className="flex items-center gap-2">
          <span role="status">{status === 'running' && total > 0 && done === total ? 'Checking the ads…' : NOW[status]}</span>
          <div role="progressbar" aria-label="Sync progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 w-40 overflow-hidden rounded-full bg-slate-200">
            <div className="h-full rounded-full bg-brand-500 transition-all" style={{ width: `${percent}%` }} />
          </div>
          <span className="tabular-nums">{percent}%</span>
        </div>
      ) : run ? (
        <span className={cn(run.status === 'failed' && 'text-red-700', (run.status === 'partial' || run.status === 'interrupted') && 'text-amber-700')}>
          {LAST[run.status]}: {ago(run.finishedAt ?? run.createdAt, now)}
        </span>
      ) : (
        <span>{hasConnection ? 'Not synced yet' : 'TikTok not connected'}</span>
      )}
      {start.error ? <span className="text-red-700">{start.error.message}</span> : null}
      {canSync && hasConnection ? (
        <ScriptButton size="sm" variant="secondary" disabled={active || start.isPending} onClick={() => start.mutate()}>
          Sync now
        </ScriptButton>
      ) : null}
    </div>
  );
}
