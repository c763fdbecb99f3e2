// Pure: turns pasted text (a spreadsheet column, a chat message) into creator codes with per-line
// feedback. TikTok's exact code format is not public (reference §8.1), so only what can never be a
// code is refused; everything else is kept byte-exact (`#`, `+`, `/`, `=` are part of codes).

export const MAX_CODES_PER_BATCH = 20;
export const MIN_CODE_LENGTH = 8;
export const MAX_CODE_LENGTH = 200;

/** Newlines split lines; commas and tabs split cells; spaces (also the no-break and ideographic ones chat apps paste) split within a cell. */
const CELL_SEPARATOR = /[,\t]/;
const SPACES = /[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+/;
const QUOTES = new Set(['"', "'", '`', '“', '”', '‘', '’', '«', '»']);
// C0/C1 controls and zero-width characters never occur in a code; they come from bad copy-paste.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u2060\ufeff]/;

export type EntryProblem = 'empty' | 'too_short' | 'too_long' | 'control_characters' | 'duplicate';

export type ParsedEntry = {
  /** 1-based line of the pasted text. */
  line: number;
  /** The entry after trimming whitespace and surrounding quotes. */
  code: string;
  problem: EntryProblem | null;
  /** For a duplicate: the line where the code first appeared. */
  firstLine?: number;
};

export type ParseResult = {
  /** Unique plausible codes in paste order: what a batch would apply. */
  codes: string[];
  entries: ParsedEntry[];
  /** More than MAX_CODES_PER_BATCH unique codes. */
  tooMany: boolean;
  /** `codes` in batches of MAX_CODES_PER_BATCH. */
  batches: string[][];
};

/** Removes surrounding quote pairs (`"code"`, `“code”`, `'code'`), repeatedly. */
export function stripQuotes(text: string): string {
  let out = text;
  while (out.length >= 2 && QUOTES.has(out[0]!) && QUOTES.has(out[out.length - 1]!)) out = out.slice(1, -1).trim();
  return out;
}

/** Why a single (already trimmed) code cannot be a creator code, or null when it is plausible. */
export function codeProblem(code: string): Exclude<EntryProblem, 'duplicate'> | null {
  if (code.length === 0) return 'empty';
  if (CONTROL.test(code)) return 'control_characters';
  if (code.length < MIN_CODE_LENGTH) return 'too_short';
  if (code.length > MAX_CODE_LENGTH) return 'too_long';
  return null;
}

export function parseCodes(text: string): ParseResult {
  const entries: ParsedEntry[] = [];
  const firstSeen = new Map<string, number>();
  const codes: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((content, index) => {
    const line = index + 1;
    // A blank line is layout, not an entry.
    if (content.trim() === '') return;
    const cells = content.split(CELL_SEPARATOR);
    const pieces = cells.flatMap((cell, position) => {
      const words = cell.split(SPACES).filter((w) => w !== '');
      // An empty cell between two separators (`a,,b`) is worth pointing out; one at either end (`a, b,`) is not.
      if (words.length === 0) return position > 0 && position < cells.length - 1 ? [''] : [];
      return words;
    });
    for (const piece of pieces) {
      const unquoted = stripQuotes(piece);
      // A quote standing alone (`" #code "` split at its spaces) is punctuation, not an entry.
      if (piece !== '' && [...piece].every((c) => QUOTES.has(c))) continue;
      if (unquoted === '') {
        entries.push({ line, code: '', problem: 'empty' });
        continue;
      }
      const problem = codeProblem(unquoted);
      if (problem !== null) {
        entries.push({ line, code: unquoted, problem });
        continue;
      }
      const first = firstSeen.get(unquoted);
      if (first !== undefined) {
        entries.push({ line, code: unquoted, problem: 'duplicate', firstLine: first });
        continue;
      }
      firstSeen.set(unquoted, line);
      codes.push(unquoted);
      entries.push({ line, code: unquoted, problem: null });
    }
  });
  const batches: string[][] = [];
  for (let i = 0; i < codes.length; i += MAX_CODES_PER_BATCH) batches.push(codes.slice(i, i + MAX_CODES_PER_BATCH));
  return { codes, entries, tooMany: codes.length > MAX_CODES_PER_BATCH, batches };
}

const PROBLEM_TEXT: Record<Exclude<EntryProblem, 'duplicate'>, string> = {
  empty: 'empty entry (two separators in a row)',
  too_short: `too short to be a creator code (under ${MIN_CODE_LENGTH} characters)`,
  too_long: `too long to be a creator code (over ${MAX_CODE_LENGTH} characters)`,
  control_characters: 'contains invisible control characters — copy the code again',
};

/** One line of feedback for an entry, as the paste box shows it. */
export function describeEntry(entry: ParsedEntry): string {
  if (entry.problem === null) return 'ok';
  if (entry.problem === 'duplicate') return `duplicate of line ${entry.firstLine ?? '?'} (merged)`;
  return PROBLEM_TEXT[entry.problem];
}
