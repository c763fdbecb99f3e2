import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT_MS, runCli } from '@/tests/run-cli';
import { migrate, openDatabase } from './client';
import { DataDirInUseError } from './data-dir-lock';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkcheck-lock-'));
const pglite = path.join(dataDir, 'pglite');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Another process holding the embedded database: resolves with it once it has the database open. */
function holdDataDir(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'tests/hold-data-dir.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`the holder exited ${code}: ${stderr}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('one process per embedded data folder', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('refuses a second process with the folder and the holder named, tells the CLI user what to do, and takes over the lock of a killed process', async () => {
    const holder = await holdDataDir();
    try {
      const error = await openDatabase({ driver: 'pglite', dataDir: pglite }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirInUseError);
      expect((error as Error).message).toContain(`The embedded database in ${pglite} is in use by process ${holder.pid} (`);

      const cli = await runCli(['db', 'migrate'], { DATA_DIR: dataDir });
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`is in use by process ${holder.pid}`);
      expect(cli.stderr).toContain('stop that process (e.g. the running `npm start` server), or set DATABASE_URL to a PostgreSQL database');
    } finally {
      holder.kill('SIGKILL');
      await exited(holder);
    }

    // kill -9 left its lock file behind; the next process takes it over and finds the data intact.
    expect(fs.existsSync(`${pglite}.lock`)).toBe(true);
    const handle = await openDatabase({ driver: 'pglite', dataDir: pglite });
    try {
      await migrate(handle);
      expect(await handle.db.execute(sql`select 1 as one`)).toBeTruthy();
      expect(JSON.parse(fs.readFileSync(`${pglite}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      await handle.close();
    }
    expect(fs.existsSync(`${pglite}.lock`)).toBe(false);
  });
});
