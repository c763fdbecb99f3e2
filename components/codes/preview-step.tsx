import type { Dispatch, SetStateAction } from 'react';
import { MAX_CODES_PER_BATCH, type ParseResult } from '@/lib/codes/parse';
import type { CodePreviewRow } from '@/lib/codes/preview';
import { Badge } from '../ui/badge';
import { ScriptButton } from '../ui/script-button';
import { Card, CardHeader } from '../ui/card';
import { FormError } from '../ui/field';
import { Table, TableHead, Td } from '../ui/table';
import { AuthWindow, Thumbnail, WarningList } from './code-bits';

/** What TikTok said about each code for the chosen ad accounts, and when it was asked. */
export type Preview = { codes: string[]; advertiserIds: string[]; rows: CodePreviewRow[]; at: number };

/** Steps 3 and 4: read the codes from TikTok without applying them, choose which to apply, apply. */
export function PreviewStep({
  parsed,
  chosenCount,
  preview,
  stale,
  names,
  excluded,
  onExcluded,
  onPreview,
  previewing,
  previewError,
  onApply,
  applying,
  applyError,
  applied,
  timeZone,
}: {
  parsed: ParseResult;
  chosenCount: number;
  preview: Preview | null;
  /** The codes or ad accounts changed since the preview. */
  stale: boolean;
  names: Map<string, string>;
  excluded: Set<string>;
  onExcluded: Dispatch<SetStateAction<Set<string>>>;
  onPreview: () => void;
  previewing: boolean;
  previewError: string | null;
  onApply: () => void;
  applying: boolean;
  applyError: string | null;
  applied: boolean;
  timeZone: string;
}) {
  const selectedCount = preview ? preview.codes.filter((c) => !excluded.has(c)).length : 0;
  const canPreview = parsed.codes.length > 0 && !parsed.tooMany && chosenCount > 0;
  return (
    <Card>
      <CardHeader
        title="3. Preview"
        description="Reads each code from TikTok without applying it: the creator, the post, the authorization window and what to watch out for."
        actions={
          <ScriptButton className="shrink-0 whitespace-nowrap" onClick={onPreview} disabled={!canPreview || previewing} variant={preview && !stale ? 'secondary' : 'primary'}>
            {previewing ? 'Reading codes…' : preview && !stale ? 'Preview again' : 'Preview'}
          </ScriptButton>
        }
      />
      <div className="px-5 py-3">
        <FormError message={previewError} />
        {!canPreview && !preview ? (
          <p className="text-sm text-slate-500">
            {parsed.codes.length === 0 ? 'Paste at least one code.' : parsed.tooMany ? `Split the codes into batches of ${MAX_CODES_PER_BATCH} first.` : 'Choose at least one ad account.'}
          </p>
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
                      onExcluded((set) => {
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
                        {row.facts.postStatus ? <p className="mt-0.5 text-xs text-slate-500">Post: {row.facts.postStatus.toLowerCase().replaceAll('_', ' ')}</p> : null}
                      </div>
                    </div>
                  ) : row.refusal ? (
                    <p className="text-xs text-slate-500">{row.refusal.askCreator ? `Ask the creator for: ${row.refusal.askCreator}` : 'TikTok refused this code.'}</p>
                  ) : (
                    <p className="text-xs text-amber-700">{row.unreadable}</p>
                  )}
                </Td>
                <Td>
                  {row.facts ? (
                    <AuthWindow start={row.facts.authStart} end={row.facts.authEnd} status={row.facts.authStatus} now={preview.at} timeZone={timeZone} />
                  ) : (
                    <span className="text-slate-500">—</span>
                  )}
                </Td>
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
            <FormError message={applyError} />
            <ScriptButton onClick={onApply} disabled={stale || selectedCount === 0 || applying || applied}>
              {applying ? 'Starting…' : applied ? 'Applied — see results below' : `4. Apply ${selectedCount} code${selectedCount === 1 ? '' : 's'}`}
            </ScriptButton>
          </div>
        </div>
      ) : null}
    </Card>
  );
}
