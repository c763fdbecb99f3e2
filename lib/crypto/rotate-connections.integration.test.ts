import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '@/db/client';
import { organizations, tiktokConnections } from '@/db/schema';
import { testDatabases } from '@/tests/databases';
import { generateKey, parseKeyring, type Keyring } from './keyring';
import { rotateConnectionTokens } from './rotate-connections';
import { connectionTokenContext, openToken, sealToken } from './tokens';

const oldKey = generateKey().replace(/^[^:]+/, 'old');
const newKey = generateKey().replace(/^[^:]+/, 'new');
const before = parseKeyring(oldKey);
const after = parseKeyring(`${newKey},${oldKey}`);
const newOnly = parseKeyring(newKey);

/** A connection whose token is sealed to its row (as the app does), or disconnected ('' = no token). */
async function addConnection(db: Database, orgId: string, keyring: Keyring | null, token = '') {
  const id = randomUUID();
  const accessTokenSealed = keyring ? sealToken(keyring, token, connectionTokenContext({ orgId, connectionId: id })) : '';
  const [row] = await db.insert(tiktokConnections).values({ orgId, id, label: 'TikTok', method: 'access_token', accessTokenSealed }).returning();
  return row!;
}

function openStored(keyring: Keyring, row: { orgId: string; id: string }, sealed: string) {
  return openToken(keyring, sealed, connectionTokenContext({ orgId: row.orgId, connectionId: row.id }));
}

async function sealedOf(db: Database, id: string) {
  const [row] = await db.select({ sealed: tiktokConnections.accessTokenSealed }).from(tiktokConnections).where(eq(tiktokConnections.id, id));
  return row!.sealed;
}

for (const target of await testDatabases()) {
  describe(`rotating stored TikTok tokens on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let orgIds: string[];
    beforeAll(async () => {
      handle = await target.open();
      const orgs = await handle.db
        .insert(organizations)
        .values([1, 2].map((n) => ({ name: `Rotation ${n}`, slug: `rotation-${n}`, kind: 'brand' as const })))
        .returning();
      orgIds = orgs.map((o) => o.id);
    });
    afterAll(async () => handle.close());

    it('re-seals old-key tokens in every organization, leaves active-key and disconnected rows alone, and is then a no-op', async () => {
      const db = handle.db;
      const stale = await Promise.all(orgIds.map((orgId, i) => addConnection(db, orgId, before, `token-of-org-${i}`)));
      const current = await addConnection(db, orgIds[0]!, after, 'already-current');
      const disconnected = await addConnection(db, orgIds[1]!, null);

      // A batch of 2 makes the loop page through the 4 rows.
      expect(await rotateConnectionTokens(db, after, { batchSize: 2 })).toEqual({ checked: 3, rotated: 2, failed: [] });

      for (const [i, row] of stale.entries()) {
        const sealed = await sealedOf(db, row.id);
        expect(sealed).toMatch(/^v1\.new\./);
        expect(openStored(newOnly, row, sealed)).toBe(`token-of-org-${i}`);
      }
      expect(await sealedOf(db, current.id)).toBe(current.accessTokenSealed);
      expect(await sealedOf(db, disconnected.id)).toBe('');

      expect(await rotateConnectionTokens(db, after, { batchSize: 2 })).toEqual({ checked: 3, rotated: 0, failed: [] });
    });

    it('reports a token whose key is missing from the keyring and rotates the others', async () => {
      const db = handle.db;
      const lost = await addConnection(db, orgIds[0]!, parseKeyring(generateKey().replace(/^[^:]+/, 'gone')), 'lost');
      const stale = await addConnection(db, orgIds[1]!, before, 'still-readable');

      const report = await rotateConnectionTokens(db, after);
      expect(report.rotated).toBe(1);
      expect(report.failed).toEqual([{ orgId: orgIds[0], connectionId: lost.id, message: expect.stringContaining('key "gone"') }]);
      expect(await sealedOf(db, lost.id)).toBe(lost.accessTokenSealed);
      expect(openStored(newOnly, stale, await sealedOf(db, stale.id))).toBe('still-readable');
    });
  });
}
