import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Per-test timeout of the CLI suites: every command is a new Node process that compiles the CLI
 * (several seconds each on a busy machine), and a test runs a handful of them. A guard, not a measure.
 */
export const CLI_TEST_TIMEOUT_MS = 300_000;

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs `npm run cli -- …args` as a user would: in a child process, configured like production, plus `env`. */
export function runCli(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const childEnv = { PATH: process.env.PATH, NODE_ENV: 'production' as const, AUTH_SECRET: 'cli-test-secret-'.repeat(3), ...env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/cli.ts', ...args], { cwd: root, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
