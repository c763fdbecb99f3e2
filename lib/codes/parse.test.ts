import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeProblem, describeEntry, MAX_CODES_PER_BATCH, parseCodes, stripQuotes } from './parse';

const A = '#AbCdEfGh+IjKl/MnOp==';
const B = '#ZyXwVuTs+RqPo/NmLk0=';
const C = '#Qwerty12+Asdf/Zxcv9=';

describe('parseCodes', () => {
  it('splits on newlines, commas, tabs and spaces and keeps codes byte-exact', () => {
    expect(parseCodes(`${A}\n${B}, ${C}`).codes).toEqual([A, B, C]);
    expect(parseCodes(`${A}\t${B}\t${C}`).codes).toEqual([A, B, C]);
    expect(parseCodes(`here you go: ${A} ${B}`).codes).toEqual(['here', 'you', 'go:', A, B].filter((c) => codeProblem(c) === null));
    expect(parseCodes(`${A}\r\n${B}\r${C}`).codes).toEqual([A, B, C]);
  });

  it('trims whitespace and surrounding quotes of every kind, not quotes inside a code', () => {
    expect(parseCodes(`  "${A}"  \n'${B}'\n“${C}”`).codes).toEqual([A, B, C]);
    expect(parseCodes(`" ${A} "`).codes).toEqual([A]);
    expect(stripQuotes(`"'${A}'"`)).toBe(A);
    expect(parseCodes(`#ab"cd'ef+gh=`).codes).toEqual([`#ab"cd'ef+gh=`]);
  });

  it('merges duplicates and says where the first one was', () => {
    const result = parseCodes(`${A}\n${B}\n\n${A}`);
    expect(result.codes).toEqual([A, B]);
    const duplicate = result.entries.find((e) => e.problem === 'duplicate');
    expect(duplicate).toMatchObject({ line: 4, code: A, firstLine: 1 });
    expect(describeEntry(duplicate!)).toBe('duplicate of line 1 (merged)');
  });

  it('flags empty cells, too short, too long and control characters on their line, and keeps going', () => {
    const long = `#${'x'.repeat(250)}`;
    const result = parseCodes(`${A},,${B}\nabc\n${long}\n#abc\u0007defghij\n${C},`);
    expect(result.codes).toEqual([A, B, C]);
    expect(result.entries.filter((e) => e.problem !== null).map((e) => [e.line, e.problem])).toEqual([
      [1, 'empty'],
      [2, 'too_short'],
      [3, 'too_long'],
      [4, 'control_characters'],
    ]);
  });

  it('ignores blank lines and a trailing separator', () => {
    const result = parseCodes(`\n\n${A},\n   \n`);
    expect(result.codes).toEqual([A]);
    expect(result.entries).toEqual([{ line: 3, code: A, problem: null }]);
  });

  it('treats more than 20 codes as too many and splits them into batches of 20', () => {
    const codes = Array.from({ length: 45 }, (_, i) => `#code${String(i).padStart(4, '0')}+x/y=`);
    const result = parseCodes(codes.join('\n'));
    expect(result.tooMany).toBe(true);
    expect(result.batches.map((b) => b.length)).toEqual([20, 20, 5]);
    expect(result.batches.flat()).toEqual(codes);
    expect(parseCodes(codes.slice(0, MAX_CODES_PER_BATCH).join('\n')).tooMany).toBe(false);
    expect(parseCodes(codes.slice(0, 21).join(',')).tooMany).toBe(true);
  });
});

const codeChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=#_-'.split(''));
const plausibleCode = fc.string({ unit: codeChar, minLength: 8, maxLength: 80 });
const separator = fc.constantFrom('\n', ',', '\t', ' ', ', ', '\r\n', '\n\n', ' \t ', '\u00a0');
const quote = fc.constantFrom(['', ''], ['"', '"'], ["'", "'"], ['“', '”'], ['  ', ' ']);

describe('parseCodes properties', () => {
  it('never throws, on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const result = parseCodes(text);
        expect(new Set(result.codes).size).toBe(result.codes.length);
        for (const code of result.codes) expect(codeProblem(code)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('never loses a valid code, however it is separated and quoted', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(plausibleCode, quote, separator), { minLength: 1, maxLength: 30 }), (parts) => {
        const text = parts.map(([code, [open, close], sep]) => `${open}${code}${close}${sep}`).join('');
        const result = parseCodes(text);
        const unique = [...new Set(parts.map(([code]) => code))];
        expect(result.codes).toEqual(unique);
        expect(result.batches.flat()).toEqual(unique);
        expect(result.tooMany).toBe(unique.length > MAX_CODES_PER_BATCH);
      }),
      { numRuns: 300 },
    );
  });
});
