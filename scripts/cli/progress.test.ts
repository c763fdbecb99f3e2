import { describe, expect, it } from 'vitest';
import { createProgressDisplay } from './progress';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, isTTY, columns: 60, write: (text: string) => written.push(text) };
}

describe('createProgressDisplay', () => {
  it('redraws one bar in place on a terminal and ends its line once', () => {
    const out = stream(true);
    const display = createProgressDisplay(out);
    display.update('Northwind', { done: 1, total: 4 });
    display.update('Northwind', { done: 4, total: 4 });
    display.finish();
    display.finish();
    expect(out.written).toEqual(['\r\x1b[2K[######------------------] 1/4 Northwind', '\r\x1b[2K[########################] 4/4 Northwind', '\n']);
  });

  it('cuts the bar to the terminal width', () => {
    const out = stream(true);
    createProgressDisplay(out).update('x'.repeat(100), { done: 0, total: 3 });
    expect(out.written[0]).toHaveLength('\r\x1b[2K'.length + 59);
  });

  it('writes plain lines elsewhere', () => {
    const out = stream(false);
    const display = createProgressDisplay(out);
    display.update('Northwind', { done: 2, total: 7 });
    display.finish();
    expect(out.written).toEqual(['Northwind: 2/7 steps\n']);
  });
});
