export type ProgressStream = { write: (text: string) => unknown; isTTY?: boolean; columns?: number };

const BAR_WIDTH = 24;

/**
 * Sync progress on `stream`: a bar redrawn in place on a terminal, one plain line per step
 * otherwise (logs and pipes keep every line). A step is the list of Business Centers, one
 * Business Center or one ad account.
 */
export function createProgressDisplay(stream: ProgressStream) {
  let drawn = false;
  return {
    update(label: string, { done, total }: { done: number; total: number }) {
      if (!stream.isTTY) {
        stream.write(`${label}: ${done}/${total} steps\n`);
        return;
      }
      const filled = total > 0 ? Math.round((Math.min(done, total) / total) * BAR_WIDTH) : BAR_WIDTH;
      const line = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${label}`;
      // \r and "erase line" redraw in place; cut to the terminal width so the line never wraps.
      stream.write(`\r\x1b[2K${line.slice(0, Math.max(BAR_WIDTH + 10, (stream.columns || 80) - 1))}`);
      drawn = true;
    },
    /** Ends the bar's line so that what is printed next starts on a line of its own. */
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
