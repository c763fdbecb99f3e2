import fs from 'node:fs';
import path from 'node:path';

/** Another live process has the embedded database open; the message says which and what to do. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}). ` +
        'Only one process may open it at a time: stop that process (e.g. the running `npm start` server), ' +
        'or set DATABASE_URL to a PostgreSQL database, which any number of processes can share.',
    );
    this.name = 'DataDirInUseError';
  }
}

type LockHolder = { pid: number; command: string; since: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' ? { pid: holder.pid, command: holder.command ?? 'unknown command', since: holder.since ?? 'an unknown time' } : null;
  } catch {
    // Missing, or half-written by a process killed while writing it: nobody holds it.
    return null;
  }
}

const held = new Map<string, number>();

/**
 * Makes this process the only one that opens the PGlite files in `dataDir` (PGlite is one
 * process's database: a second one writing the same files corrupts the first one's view). The lock
 * is a file next to the folder holding the owner's pid; a lock whose process is gone (killed) is
 * taken over. Re-entrant within a process. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = `${path.resolve(dataDir)}.lock`;
  const count = held.get(file) ?? 0;
  if (count > 0) {
    held.set(file, count + 1);
    return () => release(file);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const mine: LockHolder = {
    pid: process.pid,
    command:
      process.argv
        .slice(1)
        .map((a) => path.basename(a))
        .join(' ') || 'node',
    since: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw error;
    }
    const holder = readHolder(file);
    if (holder !== null && holder.pid !== process.pid && alive(holder.pid)) throw new DataDirInUseError(path.resolve(dataDir), holder);
    // Left by a process that is gone: take it over. Removed only while it still names the dead
    // process, then created exclusively again, so of two newcomers one wins and the other sees it.
    if (readHolder(file)?.pid === holder?.pid) fs.rmSync(file, { force: true });
  }
  held.set(file, 1);
  process.once('exit', () => {
    if (held.has(file)) removeIfMine(file);
  });
  return () => release(file);
}

function release(file: string) {
  const count = held.get(file) ?? 0;
  if (count > 1) return void held.set(file, count - 1);
  held.delete(file);
  removeIfMine(file);
}

function removeIfMine(file: string) {
  if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
}
