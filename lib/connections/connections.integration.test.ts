import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditLog, memberships, tiktokConnections } from '@/db/schema';
import { registerUser } from '@/lib/tenancy/sign-up';
import { generateKey, parseKeyring } from '@/lib/crypto/keyring';
import { ForbiddenError } from '@/lib/errors';
import { TikTokAuthError } from '@/lib/tiktok';
import { testDatabases } from '@/tests/databases';
import { startSandboxApp } from '@/tests/sandbox-app';
import { connectionAccessToken, disconnectConnection, listConnections, updateConnectionSelection } from './connections';
import { completeAuthorization } from './oauth';
import { createOAuthState } from './oauth-state';

const secret = 'state-secret-'.repeat(4);
const keyring = parseKeyring(generateKey());
const { sandbox, app } = await startSandboxApp();

for (const target of await testDatabases()) {
  describe(`TikTok connections on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    let n = 0;
    async function admin(role: 'owner' | 'viewer' = 'owner') {
      n += 1;
      const { user, organization } = await registerUser(handle.db, { name: `U${n}`, email: `u${n}@conn.example`, password: 'connect pass 1', orgName: `Org ${n}`, orgKind: 'agency' });
      if (role !== 'owner') await handle.db.update(memberships).set({ role }).where(eq(memberships.userId, user.id));
      return { userId: user.id, orgId: organization!.id, slug: organization!.slug };
    }

    it('completes OAuth: one connection, token sealed at rest, everything the token reaches selected', async () => {
      const a = await admin();
      const state = createOAuthState(secret, { orgId: a.orgId, userId: a.userId });
      const authCode = sandbox.issueAuthCode();
      const { orgSlug, connection } = await completeAuthorization(handle.db, app, keyring, { secret, state, authCode, userId: a.userId });
      expect(orgSlug).toBe(a.slug);
      expect(connection).toMatchObject({ method: 'oauth', status: 'active' });
      expect(connection.advertiserIds).toHaveLength(sandbox.world.advertisers.size);
      expect(connection.bcIds.length).toBeGreaterThanOrEqual(2);
      expect(connection).not.toHaveProperty('accessTokenSealed');

      const [row] = await handle.db.select().from(tiktokConnections).where(eq(tiktokConnections.id, connection.id));
      const token = await connectionAccessToken(handle.db, keyring, { orgId: a.orgId, connectionId: connection.id });
      expect(token.length).toBeGreaterThan(10);
      expect(row!.accessTokenSealed).not.toContain(token);
      expect((await handle.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, a.orgId))).map((r) => r.action)).toContain('connection.created');

      // TikTok's auth_code is single use: a replay fails and stores nothing.
      await expect(completeAuthorization(handle.db, app, keyring, { secret, state, authCode, userId: a.userId })).rejects.toBeInstanceOf(TikTokAuthError);
      expect(await listConnections(handle.db, { orgId: a.orgId })).toHaveLength(1);
    });

    it('refuses a state started by someone else, and non-admins', async () => {
      const a = await admin();
      const other = await admin();
      const state = createOAuthState(secret, { orgId: a.orgId, userId: a.userId });
      await expect(completeAuthorization(handle.db, app, keyring, { secret, state, authCode: sandbox.issueAuthCode(), userId: other.userId })).rejects.toThrow(/started by another user/);
      const viewer = await admin('viewer');
      const viewerState = createOAuthState(secret, { orgId: viewer.orgId, userId: viewer.userId });
      await expect(completeAuthorization(handle.db, app, keyring, { secret, state: viewerState, authCode: sandbox.issueAuthCode(), userId: viewer.userId })).rejects.toBeInstanceOf(ForbiddenError);
      expect(await listConnections(handle.db, { orgId: a.orgId })).toEqual([]);
    });

    it('narrows the selection, disconnects (forgetting the token), and reconnects the same connection', async () => {
      const a = await admin();
      const { connection } = await completeAuthorization(handle.db, app, keyring, {
        secret,
        state: createOAuthState(secret, { orgId: a.orgId, userId: a.userId }),
        authCode: sandbox.issueAuthCode(),
        userId: a.userId,
      });
      const narrowed = await updateConnectionSelection(handle.db, { orgId: a.orgId, connectionId: connection.id, actorId: a.userId, advertiserIds: connection.advertiserIds.slice(0, 1) });
      expect(narrowed.advertiserIds).toEqual(connection.advertiserIds.slice(0, 1));

      await disconnectConnection(handle.db, { orgId: a.orgId, connectionId: connection.id, actorId: a.userId });
      const [disconnected] = await handle.db.select().from(tiktokConnections).where(eq(tiktokConnections.id, connection.id));
      expect(disconnected).toMatchObject({ status: 'disconnected', accessTokenSealed: '' });

      const { connection: again } = await completeAuthorization(handle.db, app, keyring, {
        secret,
        state: createOAuthState(secret, { orgId: a.orgId, userId: a.userId, connectionId: connection.id }),
        authCode: sandbox.issueAuthCode(),
        userId: a.userId,
      });
      expect(again.id).toBe(connection.id);
      expect(again.status).toBe('active');
      expect(again.advertiserIds).toEqual(connection.advertiserIds.slice(0, 1));
      expect(await listConnections(handle.db, { orgId: a.orgId })).toHaveLength(1);
    });

    it('never shows one organization’s connection to another', async () => {
      const a = await admin();
      const b = await admin();
      const { connection } = await completeAuthorization(handle.db, app, keyring, {
        secret,
        state: createOAuthState(secret, { orgId: a.orgId, userId: a.userId }),
        authCode: sandbox.issueAuthCode(),
        userId: a.userId,
      });
      await expect(connectionAccessToken(handle.db, keyring, { orgId: b.orgId, connectionId: connection.id })).rejects.toThrow(/No such connection/);
      // Even a sealed token copied into another organization's row (database access) does not open there.
      const { connection: theirs } = await completeAuthorization(handle.db, app, keyring, {
        secret,
        state: createOAuthState(secret, { orgId: b.orgId, userId: b.userId }),
        authCode: sandbox.issueAuthCode(),
        userId: b.userId,
      });
      const [ours] = await handle.db.select({ sealed: tiktokConnections.accessTokenSealed }).from(tiktokConnections).where(eq(tiktokConnections.id, connection.id));
      await handle.db.update(tiktokConnections).set({ accessTokenSealed: ours!.sealed }).where(eq(tiktokConnections.id, theirs.id));
      await expect(connectionAccessToken(handle.db, keyring, { orgId: b.orgId, connectionId: theirs.id })).rejects.toThrow(/authentication failed/);
      await expect(disconnectConnection(handle.db, { orgId: b.orgId, connectionId: connection.id, actorId: b.userId })).rejects.toThrow(/No such connection/);
    });
  });
}
