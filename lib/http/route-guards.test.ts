import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** Every route handler file under app/, found from the file tree (a new one cannot be missed). */
function routeFiles(dir = path.join(root, 'app')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [path.relative(root, full)] : [];
  });
}

/** Route handlers that change state outside the wrapper, each with the guard it has instead. */
const OUTSIDE_THE_WRAPPER: Record<string, string> = {
  // Auth.js's own endpoints: CSRF token plus assertSameOrigin called by hand.
  'app/api/auth/[...nextauth]/route.ts': 'assertSameOrigin(request)',
  // The MCP server: API keys only (no cookie read, so nothing a foreign page could borrow); JSON and 1 MB by readJsonBody.
  'app/api/mcp/route.ts': 'requireApiKeyMembership',
  // The TikTok simulator (demo mode only); its control routes need the demo org or the control token.
  'app/sandbox/[...path]/route.ts': 'sandboxControlAllowed',
};

describe('state-changing route handlers', () => {
  it('all go through withRoute / withOrgRoute (Origin check, 413, 415) or name the guard they use instead', () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(30);
    const unguarded: string[] = [];
    for (const file of files) {
      const source = fs.readFileSync(path.join(root, file), 'utf8');
      const exports = [...source.matchAll(/export (?:const|async function) (POST|PUT|PATCH|DELETE)\b([^\n]*)/g)];
      const reexports = [...source.matchAll(/export (?:const )?\{([^}]*)\}/g)].flatMap((m) =>
        m[1]!.split(',').map((s) =>
          s
            .trim()
            .split(/\s+as\s+/)
            .at(-1)!,
        ),
      );
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const declared = exports.find((m) => m[1] === method);
        const wrapped = declared && /=\s*with(Org)?Route\b/.test(declared[2]!);
        const exported = declared !== undefined || reexports.includes(method);
        if (!exported || wrapped) continue;
        const guard = OUTSIDE_THE_WRAPPER[file];
        if (!guard || !source.includes(guard)) unguarded.push(`${method} ${file}`);
      }
    }
    expect(unguarded).toEqual([]);
  });
});
