'use client';

import { useMutation } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import type { CodePreviewRow } from '@/lib/codes/preview';
import type { CodeBatchView } from '@/lib/codes/queries';
import type { CodeTarget } from '@/lib/codes/targets';
import { describeEntry, MAX_CODES_PER_BATCH, parseCodes } from '@/lib/codes/parse';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, CardHeader } from '../ui/card';
import { FormError } from '../ui/field';
import { Table, TableHead, Td } from '../ui/table';
import { sendJson } from '../api-client';
import { BatchResults } from './batch-results';
import { AuthWindow, Thumbnail, WarningList } from './code-bits';

type Preview = { codes: string[]; advertiserIds: string[]; rows: CodePreviewRow[]; at: number };

/** A row is left out by default when TikTok refused the code or a warning blocks it on every chosen ad account. */
function blockedEverywhere(row: CodePreviewRow): boolean {
  return row.refusal !== null || row.targets.every((t) => t.warnings.some((w) => w.severity === 'blocking'));
}

/** Paste → choose ad accounts → preview → apply → live results, on one page (split batches wait their turn here). */
export function CodesWorkbench({ orgSlug, targets }: { orgSlug: string; targets: CodeTarget[] }) {
  const [text, setText] = useState('');
  const [queue, setQueue] = useState<string[][]>([]);
  const [chosen, setChosen] = useState<string[]>(targets.length === 1 ? [targets[0]!.advertiserId] : []);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [batch, setBatch] = useState<CodeBatchView | null>(null);
  // One Idempotency-Key per distinct batch: a double click or a resend of the same batch reuses it.
  const keys = useRef(new Map<string, string>());
  const parsed = useMemo(() => parseCodes(text), [text]);
  const problems = parsed.entries.filter((e) => e.problem !== null);
  const stale = preview !== null && (preview.codes.join('\n') !== parsed.codes.join('\n') || preview.advertiserIds.join() !== chosen.join());
  const names = new Map(targets.map((t) => [t.advertiserId, t.name ?? t.advertiserId]));

  const runPreview = useMutation({
    mutationFn: () => sendJson<{ rows: CodePreviewRow[] }>(`/api/orgs/${orgSlug}/code-batches/preview`, 'POST', { codes: parsed.codes, advertiserIds: chosen }),
    onSuccess: ({ rows }) => {
      setPreview({ codes: parsed.codes, advertiserIds: chosen, rows, at: Date.now() });
      setExcluded(new Set(rows.filter(blockedEverywhere).map((r) => r.code)));
    },
  });

  const apply = useMutation({
    mutationFn: () => {
      if (!preview) throw new Error('Preview the codes first');
      const body = { codes: preview.codes, advertiserIds: preview.advertiserIds, skipCodes: preview.codes.filter((c) => excluded.has(c)) };
      const id = JSON.stringify(body);
      const key = keys.current.get(id) ?? crypto.randomUUID();
      keys.current.set(id, key);
      return sendJson<{ batch: CodeBatchView }>(`/api/orgs/${orgSlug}/code-batches`, 'POST', body, { 'Idempotency-Key': key });
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

  const selectedCount = preview ? preview.codes.filter((c) => !excluded.has(c)).length : 0;
  const canPreview = parsed.codes.length > 0 && !parsed.tooMany && chosen.length > 0;

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="1. Paste creator codes"
          description={`Up to ${MAX_CODES_PER_BATCH} codes, one per line or separated by commas, tabs or spaces — straight from a spreadsheet or a chat. Quotes and spaces around a code are removed; nothing else is changed.`}
        />
        <div className="grid gap-5 px-5 py-4 lg:grid-cols-2">
          <div>
            <label htmlFor="codes" className="sr-only">
              Creator codes
            </label>
            <textarea
              id="codes"
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={12}
              spellCheck={false}
              placeholder={'#AbCd…+xYz/12=\n#EfGh…+uVw/34=\n…'}
              className="block w-full rounded-md border-0 px-3 py-2 font-mono text-xs text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-slate-900"
            />
            <p className="mt-2 text-sm text-slate-600" data-testid="code-count">
              {parsed.codes.length} code{parsed.codes.length === 1 ? '' : 's'} ready
              {problems.length > 0 ? `, ${problems.length} entr${problems.length === 1 ? 'y' : 'ies'} flagged` : ''}
            </p>
          </div>
          <div>
            <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">Line by line</h3>
            {parsed.entries.length === 0 ? (
              <p className="mt-2 text-sm text-slate-400">Each line is checked as you type.</p>
            ) : (
              <ol className="mt-2 max-h-64 space-y-1 overflow-y-auto text-xs" data-testid="line-feedback">
                {parsed.entries.map((entry, i) => (
                  <li key={i} className="flex gap-2">
                    <span className="w-12 shrink-0 tabular-nums text-slate-400">line {entry.line}</span>
                    <span className="min-w-0 truncate font-mono text-slate-700">{entry.code || '∅'}</span>
                    <span className={entry.problem === null ? 'shrink-0 text-emerald-700' : entry.problem === 'duplicate' ? 'shrink-0 text-amber-700' : 'shrink-0 text-red-700'}>
                      {entry.problem === null ? '✓' : describeEntry(entry)}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </div>
        </div>
        {parsed.tooMany ? (
          <div role="alert" className="mx-5 mb-4 flex flex-wrap items-center justify-between gap-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-inset ring-red-200">
            <span>
              {parsed.codes.length} codes — a batch takes at most {MAX_CODES_PER_BATCH}. Split them into {parsed.batches.length} batches and apply one after the other.
            </span>
            <Button size="sm" variant="secondary" onClick={split}>
              Split into batches of {MAX_CODES_PER_BATCH}
            </Button>
          </div>
        ) : null}
        {queue.length > 0 ? (
          <div className="mx-5 mb-4 flex flex-wrap items-center justify-between gap-3 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-800 ring-1 ring-inset ring-sky-200" data-testid="code-queue">
            <span>
              {queue.length} more batch{queue.length === 1 ? '' : 'es'} ({queue.reduce((n, b) => n + b.length, 0)} codes) waiting after the one in this box.
            </span>
            <Button size="sm" variant="secondary" onClick={loadNext}>
              Load the next batch
            </Button>
          </div>
        ) : null}
      </Card>

      <Card>
        <CardHeader title="2. Choose ad accounts" description="A code is applied per ad account: each code becomes one result per account chosen." />
        {targets.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-500">No ad accounts yet: connect TikTok and let the first sync finish.</p>
        ) : (
          <fieldset className="grid gap-2 px-5 py-4 sm:grid-cols-2">
            <legend className="sr-only">Ad accounts</legend>
            {targets.map((t) => (
              <label key={t.advertiserId} className="flex items-start gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-50">
                <input
                  type="checkbox"
                  className="mt-0.5"
                  checked={chosen.includes(t.advertiserId)}
                  onChange={(e) => setChosen((list) => (e.target.checked ? [...list, t.advertiserId] : list.filter((id) => id !== t.advertiserId)))}
                />
                <span>
                  <span className="font-medium text-slate-900">{t.name ?? t.advertiserId}</span>
                  <span className="block text-xs text-slate-500">
                    {t.advertiserId} · {t.connectionLabel}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
      </Card>

      <Card>
        <CardHeader
          title="3. Preview"
          description="Reads each code from TikTok without applying it: the creator, the post, the authorization window and what to watch out for."
          actions={
            <Button className="shrink-0 whitespace-nowrap" onClick={() => runPreview.mutate()} disabled={!canPreview || runPreview.isPending} variant={preview && !stale ? 'secondary' : 'primary'}>
              {runPreview.isPending ? 'Reading codes…' : preview && !stale ? 'Preview again' : 'Preview'}
            </Button>
          }
        />
        <div className="px-5 py-3">
          <FormError message={runPreview.error?.message} />
          {!canPreview && !preview ? (
            <p className="text-sm text-slate-500">{parsed.codes.length === 0 ? 'Paste at least one code.' : parsed.tooMany ? `Split the codes into batches of ${MAX_CODES_PER_BATCH} first.` : 'Choose at least one ad account.'}</p>
          ) : null}
          {stale ? <p className="text-sm text-amber-700">The codes or ad accounts changed since this preview — preview again before applying.</p> : null}
        </div>
        {preview ? (
          <Table>
            <TableHead columns={['Apply', 'Code, creator and post', 'Authorization', 'Pre-flight checks']} />
            <tbody className="divide-y divide-slate-100" data-testid="preview-rows">
              {preview.rows.map((row) => (
                <tr key={row.code} className="align-top" data-testid="preview-row">
                  <Td className="pr-0">
                    <input
                      type="checkbox"
                      aria-label={`Apply ${row.masked}`}
                      checked={!excluded.has(row.code)}
                      onChange={(e) =>
                        setExcluded((set) => {
                          const next = new Set(set);
                          if (e.target.checked) next.delete(row.code);
                          else next.add(row.code);
                          return next;
                        })
                      }
                    />
                  </Td>
                  <Td className="w-72">
                    <div className="mb-1.5 font-mono text-xs text-slate-500">{row.masked}</div>
                    {row.facts ? (
                      <div className="flex gap-3">
                        <Thumbnail url={row.facts.thumbnailUrl} handle={row.facts.handle} />
                        <div className="min-w-0">
                          <div className="font-medium text-slate-900">{row.facts.handle ? `@${row.facts.handle.replace(/^@/, '')}` : 'Unknown creator'}</div>
                          <p className="line-clamp-2 text-xs text-slate-500">{row.facts.caption || 'No caption'}</p>
                          {row.facts.postStatus ? <p className="mt-0.5 text-xs text-slate-400">Post: {row.facts.postStatus.toLowerCase().replaceAll('_', ' ')}</p> : null}
                        </div>
                      </div>
                    ) : row.refusal ? (
                      <p className="text-xs text-slate-500">{row.refusal.askCreator ? `Ask the creator for: ${row.refusal.askCreator}` : 'TikTok refused this code.'}</p>
                    ) : (
                      <p className="text-xs text-amber-700">{row.unreadable}</p>
                    )}
                  </Td>
                  <Td>{row.facts ? <AuthWindow start={row.facts.authStart} end={row.facts.authEnd} status={row.facts.authStatus} now={preview.at} /> : <span className="text-slate-400">—</span>}</Td>
                  <Td className="min-w-64">
                    <div className="space-y-2">
                      {row.targets.map((t) => (
                        <div key={t.advertiserId}>
                          {preview.advertiserIds.length > 1 ? <div className="mb-1 text-xs font-medium text-slate-500">{names.get(t.advertiserId)}</div> : null}
                          <WarningList warnings={t.warnings} />
                        </div>
                      ))}
                    </div>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : null}
        {preview ? (
          <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 px-5 py-3">
            <p className="text-sm text-slate-600">
              {selectedCount} of {preview.codes.length} code{preview.codes.length === 1 ? '' : 's'} selected → {selectedCount * preview.advertiserIds.length} authorization
              {selectedCount * preview.advertiserIds.length === 1 ? '' : 's'}
              {excluded.size > 0 ? <Badge tone="neutral">{excluded.size} will be recorded as skipped</Badge> : null}
            </p>
            <div className="flex items-center gap-3">
              <FormError message={apply.error?.message} />
              <Button onClick={() => apply.mutate()} disabled={stale || selectedCount === 0 || apply.isPending || batch !== null}>
                {apply.isPending ? 'Starting…' : batch !== null ? 'Applied — see results below' : `4. Apply ${selectedCount} code${selectedCount === 1 ? '' : 's'}`}
              </Button>
            </div>
          </div>
        ) : null}
      </Card>
      {batch ? <BatchResults orgSlug={orgSlug} initial={batch} /> : null}
    </div>
  );
}
