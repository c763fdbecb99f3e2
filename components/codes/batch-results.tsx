'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CodeBatchView } from '@/lib/codes/queries';
import { sendJson } from '../api-client';
import { buttonClass } from '../ui/button';
import { ScriptButton } from '../ui/script-button';
import { Card, CardHeader } from '../ui/card';
import { FormError } from '../ui/field';
import { Table, TableHead, Td } from '../ui/table';
import { formatDate } from '@/lib/dates';
import { OutcomeBadge } from './code-bits';

const FINAL = new Set(['applied', 'already_applied', 'failed', 'skipped']);
/** How long to keep polling after asking for a run, before the run has taken the batch. */
const START_GRACE_MS = 5_000;

/** A batch's results, live while it applies: progress, per-code outcome, retry failed, CSV. */
export function BatchResults({ orgSlug, initial, timeZone = 'UTC' }: { orgSlug: string; initial: CodeBatchView; timeZone?: string }) {
  const [watchUntil, setWatchUntil] = useState(() => Date.now() + START_GRACE_MS);
  const {
    data: batch,
    error,
    dataUpdatedAt,
  } = useQuery({
    queryKey: [orgSlug, 'code-batch', initial.id],
    queryFn: async () => {
      const response = await fetch(`/api/orgs/${orgSlug}/code-batches/${initial.id}`);
      if (!response.ok) throw new Error(`Could not read the batch's progress (${response.status})`);
      return ((await response.json()) as { batch: CodeBatchView }).batch;
    },
    initialData: initial,
    refetchInterval: (query) => {
      const b = query.state.data;
      return b && b.finishedAt !== null && !b.running && Date.now() > watchUntil ? false : 1000;
    },
  });
  const rerun = useMutation({
    mutationFn: (retryFailed: boolean) => sendJson(`/api/orgs/${orgSlug}/code-batches/${initial.id}/run`, 'POST', { retryFailed }),
    onSuccess: () => setWatchUntil(Date.now() + START_GRACE_MS),
  });

  const done = batch.items.filter((i) => FINAL.has(i.state)).length;
  const percent = batch.total === 0 ? 100 : Math.round((100 * done) / batch.total);
  const finished = batch.finishedAt !== null && !batch.running && done === batch.total;
  // Nobody has worked on it for a while (the process that ran it stopped): offer to continue it.
  const stuck = !finished && !batch.running && dataUpdatedAt - new Date(batch.createdAt).getTime() > 30_000;
  const c = batch.counts;
  return (
    <Card>
      <p className="sr-only" role="status">
        {finished ? `Finished: ${c.applied} applied, ${c.already_applied} already applied, ${c.failed} failed, ${c.skipped} skipped.` : ''}
      </p>
      <CardHeader
        title={finished ? 'Results' : 'Applying…'}
        description={`${c.applied} applied · ${c.already_applied} already applied · ${c.failed} failed · ${c.skipped} skipped${finished ? '' : ` · ${batch.total - done} to go`}`}
        actions={
          <div className="flex gap-2">
            {stuck ? (
              <ScriptButton size="sm" variant="secondary" onClick={() => rerun.mutate(false)} disabled={rerun.isPending}>
                Resume
              </ScriptButton>
            ) : null}
            {finished && c.failed > 0 ? (
              <ScriptButton size="sm" onClick={() => rerun.mutate(true)} disabled={rerun.isPending}>
                Retry {c.failed} failed
              </ScriptButton>
            ) : null}
            <a className={buttonClass('secondary', 'sm')} href={`/api/orgs/${orgSlug}/code-batches/${batch.id}/csv`} download>
              Download CSV
            </a>
          </div>
        }
      />
      <div className="flex items-center gap-3 px-5 py-3 text-sm text-slate-500">
        {/* Failures show as failures: one segment per outcome, not one colour for “done”. */}
        <div
          role="progressbar"
          aria-label="Batch progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${done} of ${batch.total} done: ${c.applied + c.already_applied} applied, ${c.failed} failed, ${c.skipped} skipped`}
          className="flex h-2 flex-1 overflow-hidden rounded-full bg-slate-200"
        >
          {(
            [
              ['bg-emerald-500', c.applied + c.already_applied],
              ['bg-red-500', c.failed],
              ['bg-slate-400', c.skipped],
            ] as const
          ).map(([colour, n]) => (n > 0 ? <div key={colour} className={`h-full ${colour} transition-all`} style={{ width: `${(100 * n) / Math.max(1, batch.total)}%` }} /> : null))}
        </div>
        <span className="tabular-nums" data-testid="batch-progress" aria-live="polite">
          {done} of {batch.total}
        </span>
      </div>
      <div className="px-5">
        <FormError message={error?.message ?? rerun.error?.message ?? batch.followUpError} />
      </div>
      <Table>
        <TableHead columns={['Code', 'Ad account', 'Creator', 'Outcome', 'Details']} />
        <tbody className="divide-y divide-slate-100" data-testid="batch-items">
          {batch.items.map((item) => (
            <tr key={item.id} className="align-top" data-testid="batch-item" data-state={item.state}>
              <Td className="whitespace-nowrap font-mono text-xs">{item.codeMasked}</Td>
              <Td className="text-xs">
                <div className="text-slate-900">{item.advertiserName ?? item.advertiserId}</div>
                {item.advertiserName ? <div className="text-slate-500">{item.advertiserId}</div> : null}
              </Td>
              <Td className="text-xs">{item.preview?.handle ? `@${item.preview.handle.replace(/^@/, '')}` : <span className="text-slate-500">—</span>}</Td>
              <Td className="whitespace-nowrap">
                <OutcomeBadge state={item.state} />
              </Td>
              <Td className="max-w-md text-xs text-slate-600">
                {item.state === 'failed' || (item.state === 'skipped' && item.reason) ? (
                  <div className="space-y-1">
                    <div>{item.reason}</div>
                    {item.askCreator ? <div className="text-slate-500">Ask the creator for: {item.askCreator}</div> : null}
                    {item.tiktokMessage !== null ? (
                      <div className="font-mono text-[11px] text-slate-500">
                        TikTok {item.tiktokCode ?? 'no answer'}: {item.tiktokMessage}
                      </div>
                    ) : null}
                  </div>
                ) : item.state === 'applied' || item.state === 'already_applied' ? (
                  `${item.state === 'applied' ? 'Authorized' : 'Was already authorized on this ad account'}${item.authorizedUntil ? ` until ${formatDate(item.authorizedUntil, timeZone)}` : ''}.`
                ) : item.state === 'skipped' ? (
                  'Left out at preview; not sent.'
                ) : null}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
