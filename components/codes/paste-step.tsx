import { describeEntry, MAX_CODES_PER_BATCH, type ParseResult } from '@/lib/codes/parse';
import { ScriptButton } from '../ui/script-button';
import { Card, CardHeader } from '../ui/card';

/** Step 1: the pasted codes, checked line by line as they are typed; too many are split into batches that wait their turn. */
export function PasteStep({
  text,
  onText,
  parsed,
  queue,
  onSplit,
  onLoadNext,
}: {
  text: string;
  onText: (text: string) => void;
  parsed: ParseResult;
  queue: string[][];
  onSplit: () => void;
  onLoadNext: () => void;
}) {
  const problems = parsed.entries.filter((e) => e.problem !== null);
  return (
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
            onChange={(e) => onText(e.target.value)}
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
            <p className="mt-2 text-sm text-slate-500">Each line is checked as you type.</p>
          ) : (
            <ol className="mt-2 max-h-64 space-y-1 overflow-y-auto text-xs" data-testid="line-feedback">
              {parsed.entries.map((entry, i) => (
                <li key={i} className="flex gap-2">
                  <span className="w-12 shrink-0 tabular-nums text-slate-500">line {entry.line}</span>
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
          <ScriptButton size="sm" variant="secondary" onClick={onSplit}>
            Split into batches of {MAX_CODES_PER_BATCH}
          </ScriptButton>
        </div>
      ) : null}
      {queue.length > 0 ? (
        <div className="mx-5 mb-4 flex flex-wrap items-center justify-between gap-3 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-800 ring-1 ring-inset ring-sky-200" data-testid="code-queue">
          <span>
            {queue.length} more batch{queue.length === 1 ? '' : 'es'} ({queue.reduce((n, b) => n + b.length, 0)} codes) waiting after the one in this box.
          </span>
          <ScriptButton size="sm" variant="secondary" onClick={onLoadNext}>
            Load the next batch
          </ScriptButton>
        </div>
      ) : null}
    </Card>
  );
}
