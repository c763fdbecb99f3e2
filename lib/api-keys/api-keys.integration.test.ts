import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { abuseLimitWindows, apiKeys, auditLog, memberships } from '@/db/schema';
import { ABUSE_LIMITS } from '@/lib/abuse/limits';
import { ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from '@/lib/errors';
import { registerUser } from '@/lib/tenancy/sign-up';
import { testDatabases } from '@/tests/databases';
import { ApiKeyRefusedError, authenticateApiKey, createApiKey, hashApiKey, listApiKeys, revokeApiKey } from './api-keys';

const PASSWORD = 'correct horse 9';
const T0 = new Date('2026-12-06T10:15:00Z');
const DAY = 86_400_000;

for (const target of await testDatabases()) {
  describe(`API keys on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    let n = 0;
    async function newOrg(orgName: string) {
      n += 1;
      const { user, organization } = await registerUser(handle.db, { name: `Owner ${n}`, email: `keys-owner${n}@example.com`, password: PASSWORD, orgName, orgKind: 'agency' });
      return { owner: { userId: user.id, role: 'owner' as const }, org: organization! };
    }
    async function addMember(orgId: string, role: 'admin' | 'member' | 'viewer') {
      n += 1;
      const { user } = await registerUser(handle.db, { name: `Person ${n}`, email: `keys-person${n}@example.com`, password: PASSWORD, invited: true }, { verifiedAt: new Date() });
      await handle.db.insert(memberships).values({ orgId, userId: user.id, role });
      return { userId: user.id, role };
    }
    const denials = async (orgId: string) =>
      (
        await handle.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, 'api_key.use_denied')))
      ).map((e) => e.meta.reason);

    it('shows the key once (sk_live_…), keeps only its prefix and SHA-256, and lists it with its creator; audited', async () => {
      const { owner, org } = await newOrg('Keys Glow');
      const made = await createApiKey(handle.db, { orgId: org.id, actor: owner, input: { name: 'Looker', role: 'viewer' }, now: T0 });
      expect(made.key).toMatch(/^sk_live_[A-Za-z0-9]{52}$/);
      expect(made.key.startsWith(made.prefix)).toBe(true);
      const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, made.id));
      expect(row!.secretHash).toBe(hashApiKey(made.key));
      expect(JSON.stringify(row)).not.toContain(made.key);
      const listed = await listApiKeys(handle.db, { orgId: org.id });
      expect(listed).toEqual([expect.objectContaining({ name: 'Looker', role: 'viewer', prefix: made.prefix, createdBy: `Owner ${n}`, lastUsedAt: null, revokedAt: null })]);
      expect(JSON.stringify(listed)).not.toContain(made.key);
      const [entry] = await handle.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, 'api_key.created')));
      expect(entry!.meta).toMatchObject({ prefix: made.prefix, role: 'viewer' });
    });

    it('refuses owner keys, past expiries and members who are not admins, in words', async () => {
      const { owner, org } = await newOrg('Keys Refusals');
      await expect(createApiKey(handle.db, { orgId: org.id, actor: owner, input: { name: 'x', role: 'owner' } })).rejects.toThrow(/viewer, member or admin key \(never owner\)/);
      await expect(createApiKey(handle.db, { orgId: org.id, actor: owner, input: { name: 'x', role: 'viewer', expiresAt: new Date(T0.getTime() - DAY).toISOString() }, now: T0 })).rejects.toThrow(
        ValidationError.field('expiresAt', 'The expiry must be in the future'),
      );
      const member = await addMember(org.id, 'member');
      await expect(createApiKey(handle.db, { orgId: org.id, actor: member, input: { name: 'x', role: 'viewer' } })).rejects.toBeInstanceOf(ForbiddenError);
    });

    it('authenticates a key for its own organization with its role, and records the last use', async () => {
      const { owner, org } = await newOrg('Keys Auth');
      const { key, id } = await createApiKey(handle.db, { orgId: org.id, actor: owner, input: { name: 'Bot', role: 'member' }, now: T0 });
      const identity = await authenticateApiKey(handle.db, key, { orgSlug: org.slug, minRole: 'member', now: T0 });
      expect(identity).toMatchObject({ org: { id: org.id, slug: org.slug }, role: 'member', user: { id: owner.userId }, apiKey: { id, name: 'Bot' } });
      const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, id));
      expect(row!.lastUsedAt).toEqual(T0);
      // Scopes: a member key cannot do what needs an admin (403, audited).
      await expect(authenticateApiKey(handle.db, key, { orgSlug: org.slug, minRole: 'admin', now: T0 })).rejects.toThrow(
        new ForbiddenError('This API key is a member key; this needs a admin key or higher'),
      );
      expect(await denials(org.id)).toEqual(['role too low']);
    });

    it('refuses an unknown or altered key with 401, saying nothing about any organization', async () => {
      const { owner, org } = await newOrg('Keys Altered');
      const { key } = await createApiKey(handle.db, { orgId: org.id, actor: owner, input: { name: 'Bot', role: 'viewer' } });
      const altered = key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a');
      for (const presented of [altered, 'sk_live_nope', 'not a key']) {
        const error = await authenticateApiKey(handle.db, presented, { orgSlug: org.slug }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ApiKeyRefusedError);
        expect((error as Error).message).not.toContain(org.name);
      }
    });

    it('refuses a revoked key and an expired one with 401 in words, audited', async () => {
      const { owner, org } = await newOrg('Keys Revoked');
      const revoked = await createApiKey(handle.db, { orgId: org.id, actor: owner, input: { name: 'Old bot', role: 'viewer' }, now: T0 });
      await revokeApiKey(handle.db, { orgId: org.id, actor: owner, keyId: revoked.id, now: T0 });
      await expect(authenticateApiKey(handle.db, revoked.key, { orgSlug: org.slug, now: T0 })).rejects.toThrow(
        new ApiKeyRefusedError('This API key (Old bot) was revoked; an admin can make a new one'),
      );
      const expiring = await createApiKey(handle.db, { orgId: org.id, actor: owner, input: { name: 'Trial', role: 'viewer', expiresAt: new Date(T0.getTime() + 30 * DAY).toISOString() }, now: T0 });
      await expect(authenticateApiKey(handle.db, expiring.key, { orgSlug: org.slug, now: new Date(T0.getTime() + 29 * DAY) })).resolves.toMatchObject({ role: 'viewer' });
      await expect(authenticateApiKey(handle.db, expiring.key, { orgSlug: org.slug, now: new Date(T0.getTime() + 30 * DAY) })).rejects.toThrow(
        new ApiKeyRefusedError('This API key (Trial) expired; an admin can make a new one'),
      );
      expect((await denials(org.id)).sort()).toEqual(['expired', 'revoked']);
      const actions = (await handle.db.select().from(auditLog).where(eq(auditLog.orgId, org.id))).map((e) => e.action);
      expect(actions).toContain('api_key.revoked');
    });

    it("answers another organization's address with a plain 404 that names nobody", async () => {
      const mine = await newOrg('Keys Mine');
      const theirs = await newOrg('Keys Theirs Secret');
      const { key } = await createApiKey(handle.db, { orgId: mine.org.id, actor: mine.owner, input: { name: 'Bot', role: 'admin' } });
      const error = await authenticateApiKey(handle.db, key, { orgSlug: theirs.org.slug }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as Error).message).toBe('Not found');
      expect(await denials(mine.org.id)).toEqual(['another organization']);
      expect(await denials(theirs.org.id)).toEqual([]);
    });

    it("caps a key at its creator's current role, and stops it when the creator leaves", async () => {
      const { org } = await newOrg('Keys Creator');
      const admin = await addMember(org.id, 'admin');
      const { key } = await createApiKey(handle.db, { orgId: org.id, actor: admin, input: { name: 'Admin bot', role: 'admin' } });
      await handle.db
        .update(memberships)
        .set({ role: 'viewer' })
        .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, admin.userId)));
      await expect(authenticateApiKey(handle.db, key, { orgSlug: org.slug })).resolves.toMatchObject({ role: 'viewer' });
      await handle.db.delete(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, admin.userId)));
      await expect(authenticateApiKey(handle.db, key, { orgSlug: org.slug })).rejects.toThrow(/stopped working when the person who made it left the organization/);
    });

    it('limits requests per key: 429 with the seconds to the end of the window, and another key is unaffected', async () => {
      const { owner, org } = await newOrg('Keys Busy');
      const busy = await createApiKey(handle.db, { orgId: org.id, actor: owner, input: { name: 'Busy', role: 'viewer' } });
      const calm = await createApiKey(handle.db, { orgId: org.id, actor: owner, input: { name: 'Calm', role: 'viewer' } });
      const max = ABUSE_LIMITS['api-key'].limits[0].max;
      // The window of 10:00–11:00 already holds max - 1 requests of the busy key.
      await handle.db.insert(abuseLimitWindows).values({ bucket: `api-key:key:${busy.id}`, windowStart: new Date('2026-12-06T10:00:00Z'), hits: max - 1 });
      await expect(authenticateApiKey(handle.db, busy.key, { orgSlug: org.slug, now: T0 })).resolves.toBeDefined();
      const error = await authenticateApiKey(handle.db, busy.key, { orgSlug: org.slug, now: T0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterSeconds).toBe(45 * 60);
      expect((error as Error).message).toBe(`Too many requests with this API key: at most ${max} an hour per API key. Try again in 45 minutes.`);
      await expect(authenticateApiKey(handle.db, calm.key, { orgSlug: org.slug, now: T0 })).resolves.toBeDefined();
      // The next hour starts afresh.
      await expect(authenticateApiKey(handle.db, busy.key, { orgSlug: org.slug, now: new Date('2026-12-06T11:00:00Z') })).resolves.toBeDefined();
    });
  });
}
