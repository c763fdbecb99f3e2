// `npm test`: typecheck, lint, the layering rules (.dependency-cruiser.cjs), formatting (once enabled), vitest (unit +
// integration on PGlite and Postgres), production build, Playwright e2e. Prints one closing line
// `N passed, N failed` summing every suite (typecheck, lint and layers count as one check each) and
// exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkcheck-test-'));
const results = [];

function run(label, command, args, env = {}) {
  console.log(`\n━━ ${label} ━━`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`━━ ${label}: ${status === 0 ? 'ok' : `failed (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const typecheck = run('typecheck', bin('tsc'), ['--noEmit']);
results.push({ suite: 'typecheck', passed: typecheck ? 1 : 0, failed: typecheck ? 0 : 1 });

const lint = run('lint', bin('eslint'), ['.', '--max-warnings=0']);
results.push({ suite: 'lint', passed: lint ? 1 : 0, failed: lint ? 0 : 1 });

const layers = run('layers', 'npm', ['run', '--silent', 'check:layers']);
results.push({ suite: 'layers', passed: layers ? 1 : 0, failed: layers ? 0 : 1 });

// Formatting (Prettier, .prettierrc.json) counts as one check.
const format = run('format', 'npm', ['run', '--silent', 'format:check']);
results.push({ suite: 'format', passed: format ? 1 : 0, failed: format ? 0 : 1 });

const vitestReport = path.join(reports, 'vitest.json');
const vitestOk = run('vitest (unit + integration)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
const vitest = readJson(vitestReport);
results.push({
  suite: 'vitest',
  passed: vitest?.numPassedTests ?? 0,
  // A crash before any report (or a failed file with no test) still counts as a failure.
  failed: (vitest?.numFailedTests ?? 0) + (vitestOk || (vitest?.numFailedTests ?? 0) > 0 ? 0 : 1),
});

const buildOk = run('next build', process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build']);
if (!buildOk) {
  results.push({ suite: 'build', passed: 0, failed: 1 });
} else {
  const playwrightReport = path.join(reports, 'playwright.json');
  const e2eOk = run('playwright e2e', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport });
  const stats = readJson(playwrightReport)?.stats;
  const failed = (stats?.unexpected ?? 0) + (stats?.flaky ?? 0);
  results.push({ suite: 'e2e', passed: stats?.expected ?? 0, failed: failed + (e2eOk || failed > 0 ? 0 : 1) });
}

fs.rmSync(reports, { recursive: true, force: true });
console.log('\n━━ summary ━━');
for (const r of results) console.log(`${r.suite.padEnd(10)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
