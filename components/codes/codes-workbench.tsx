'use client';

import { useMutation } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import type { CodePreviewRow } from '@/lib/codes/preview';
import type { CodeBatchView } from '@/lib/codes/queries';
import type { CodeTarget } from '@/lib/codes/targets';
import { parseCodes } from '@/lib/codes/parse';
import { sendJson } from '../api-client';
import { AccountsStep } from './accounts-step';
import { BatchResults } from './batch-results';
import { PasteStep } from './paste-step';
import { PreviewStep, type Preview } from './preview-step';

/**
 * A row is left out by default when TikTok refused the code, or when on every chosen ad account a
 * warning blocks it or the code is already applied (sending it again would change nothing).
 */
function leftOutByDefault(row: CodePreviewRow): boolean {
  return row.refusal !== null || row.targets.every((t) => t.warnings.some((w) => w.severity === 'blocking' || w.kind === 'already_applied'));
}

/** Paste → choose ad accounts → preview → apply → live results, on one page (split batches wait their turn here); each step is its own component, the state lives here. */
export function CodesWorkbench({ orgSlug, targets, timeZone = 'UTC' }: { orgSlug: string; targets: CodeTarget[]; timeZone?: string }) {
  const [text, setText] = useState('');
  const [queue, setQueue] = useState<string[][]>([]);
  const [chosen, setChosen] = useState<string[]>(targets.length === 1 ? [targets[0]!.advertiserId] : []);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [batch, setBatch] = useState<CodeBatchView | null>(null);
  // One Idempotency-Key per distinct batch: a double click or a resend of the same batch reuses it.
  const keys = useRef(new Map<string, string>());
  const parsed = useMemo(() => parseCodes(text), [text]);
  const stale = preview !== null && (preview.codes.join('\n') !== parsed.codes.join('\n') || preview.advertiserIds.join() !== chosen.join());
  const names = new Map(targets.map((t) => [t.advertiserId, t.name ?? t.advertiserId]));

  const runPreview = useMutation({
    mutationFn: () => sendJson<{ rows: CodePreviewRow[] }>(`/api/orgs/${orgSlug}/code-batches/preview`, 'POST', { codes: parsed.codes, advertiserIds: chosen }),
    onSuccess: ({ rows }) => {
      setPreview({ codes: parsed.codes, advertiserIds: chosen, rows, at: Date.now() });
      setExcluded(new Set(rows.filter(leftOutByDefault).map((r) => r.code)));
    },
  });

  const apply = useMutation({
    mutationFn: () => {
      if (!preview) throw new Error('Preview the codes first');
      const skipCodes = preview.codes.filter((c) => excluded.has(c));
      const body = { codes: preview.codes, advertiserIds: preview.advertiserIds, skipCodes };
      const id = JSON.stringify(body);
      // What the preview said about each left-out code, so the batch keeps why it was skipped.
      const skipDetails = preview.rows
        .filter((r) => excluded.has(r.code))
        .map((r) => ({ code: r.code, refusal: r.refusal ? { code: r.refusal.code, message: r.refusal.message } : null, facts: r.facts }));
      const key = keys.current.get(id) ?? crypto.randomUUID();
      keys.current.set(id, key);
      return sendJson<{ batch: CodeBatchView }>(`/api/orgs/${orgSlug}/code-batches`, 'POST', { ...body, skipDetails }, { 'Idempotency-Key': key });
    },
    onSuccess: (data) => setBatch(data.batch),
  });

  function load(codes: string[], rest: string[][]) {
    setText(codes.join('\n'));
    setQueue(rest);
    setPreview(null);
    setBatch(null);
    apply.reset();
  }
  const split = () => load(parsed.batches[0] ?? [], parsed.batches.slice(1));
  const loadNext = () => load(queue[0] ?? [], queue.slice(1));

  return (
    <div className="space-y-6">
      <PasteStep text={text} onText={setText} parsed={parsed} queue={queue} onSplit={split} onLoadNext={loadNext} />
      <AccountsStep targets={targets} chosen={chosen} onChosen={setChosen} />
      <PreviewStep
        parsed={parsed}
        chosenCount={chosen.length}
        preview={preview}
        stale={stale}
        names={names}
        excluded={excluded}
        onExcluded={setExcluded}
        onPreview={() => runPreview.mutate()}
        previewing={runPreview.isPending}
        previewError={runPreview.error?.message ?? null}
        onApply={() => apply.mutate()}
        applying={apply.isPending}
        applyError={apply.error?.message ?? null}
        applied={batch !== null}
        timeZone={timeZone}
      />
      {batch ? <BatchResults orgSlug={orgSlug} initial={batch} timeZone={timeZone} /> : null}
    </div>
  );
}
