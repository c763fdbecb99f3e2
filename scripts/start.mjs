// `npm start`: build when the sources changed since the last build, then serve.
// Migrations and the demo seed run inside the server at start (instrumentation.ts). The server is
// scripts/server.mjs: Next behind forwarding headers it overwrites (TRUSTED_PROXIES).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, '.next', 'sparkcheck-build-stamp');
const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

function sourceStamp() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (['node_modules', '.next', '.data', '.git', 'test-results', 'playwright-report', 'e2e', 'docs'].includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?|mjs|css|json|sql)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        hash.update(path.relative(root, full));
        hash.update(fs.readFileSync(full));
      }
    }
  };
  walk(root);
  return hash.digest('hex');
}

const wanted = sourceStamp();
const built = fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8') : null;
if (built !== wanted) {
  console.log('[sparkcheck] building the app (first start or sources changed)…');
  execFileSync(process.execPath, [next, 'build'], { cwd: root, stdio: 'inherit' });
  fs.writeFileSync(stamp, wanted);
}

const port = process.env.PORT ?? '3000';
const server = spawn(process.execPath, [path.join(root, 'scripts', 'server.mjs'), '--port', port], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
