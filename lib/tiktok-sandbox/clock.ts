export type SandboxClock = {
  /** Sandbox time in epoch milliseconds. */
  now(): number;
  advance(ms: number): void;
  set(time: Date | number): void;
  /** A running clock moves with the wall clock from its start; a frozen one moves only when told. */
  readonly running: boolean;
};

export function createClock(options: { start: Date | number; running: boolean }): SandboxClock {
  let base = typeof options.start === 'number' ? options.start : options.start.getTime();
  let anchor = performance.now();
  const elapsed = () => (options.running ? performance.now() - anchor : 0);
  const now = () => Math.floor(base + elapsed());
  return {
    now,
    advance(ms) {
      base += ms;
    },
    set(time) {
      base = typeof time === 'number' ? time : time.getTime();
      anchor = performance.now();
    },
    running: options.running,
  };
}
