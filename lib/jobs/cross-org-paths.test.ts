import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The login role's database (`handle.db`, row-level security bypassed) is for the cross-organization
// paths the README's Security section names, and nothing else: a job or a command added later that
// hands it to an organization's work fails here, and must go through `forOrganization(orgId)`.

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** Functions called with the login role's database in `source` (`name(handle.db` or `name(databases.db`). */
function calledWithLoginRole(source: string): string[] {
  return [...new Set([...source.matchAll(/(\w+)\((?:handle|databases)\.db\b/g)].map((m) => m[1]!))].sort();
}

describe('cross-organization paths', () => {
  it('the job queue gives the login role only to the sweeps, the scheduler’s and purge’s selections', () => {
    expect(calledWithLoginRole(read('lib/jobs/queue.ts'))).toEqual(
      ['closeInterruptedRuns', 'listDeletedOrganizations', 'listOrgsDueForSync', 'purgeDeletedOrganization', 'resumeInterruptedBatches'].sort(),
    );
  });

  it('the alerts tick and the hourly recompute read across organizations only to choose what to do', () => {
    expect(calledWithLoginRole(read('lib/alerts/run.ts'))).toEqual(['listOrgsWithChannels', 'listStrandedDeliveries']);
    expect(read('lib/health/refresh.ts')).toMatch(/recomputeOrgHealth\(databases\.forOrganization\(orgId\)/);
  });

  it('per-organization CLI commands run as the organization; only organization-wide commands get the login role', () => {
    const cli = read('scripts/cli.ts');
    const loginRole = [...cli.matchAll(/'?([\w ]+)'?: (?:\(\w*\) =>|\(\) =>)\s*withDatabase\(async \(\{ db \}\)/g)].map((m) => m[1]!).sort();
    expect(loginRole).toEqual(['keys rotate', 'org create', 'seed demo']);
    for (const file of ['sync', 'health', 'alerts', 'codes', 'members', 'connect']) {
      const source = read(`scripts/cli/${file}.ts`);
      // The organization is found by its slug (the one cross-organization read), then the work is scoped to it.
      expect(
        calledWithLoginRole(source).filter((name) => name !== 'findOrganizationBySlug' && name !== 'getTikTokApp'),
        file,
      ).toEqual([]);
      expect(source, file).toMatch(/databases\.forOrganization\(org\.id\)/);
    }
  });
});
