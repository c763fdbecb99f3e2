import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Queryable } from '@/db/client';
import { apiKeys, memberships, organizations, users } from '@/db/schema';
import { enforceAbuseLimit } from '@/lib/abuse/limits';
import { audit } from '@/lib/audit/audit';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { hasRole, type Role } from '@/lib/tenancy/roles';
import type { SessionUser } from '@/lib/auth/session';

/** Roles a key may have: never owner (owning, renaming and deleting an organization stay with people). */
export const API_KEY_ROLES = ['viewer', 'member', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** Every key starts with this, so secret scanners (and people) recognise one. */
export const KEY_PREFIX = 'sk_live_';
const PUBLIC_CHARS = 12;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The longest an expiry may be from now. */
const MAX_EXPIRY_DAYS = 366 * 2;

/** What POST /api/orgs/[org]/api-keys takes. */
export const newApiKeySchema = z
  .object({
    name: z.string({ error: 'Give the key a name' }).trim().min(1, 'Give the key a name').max(80, 'A key name is at most 80 characters'),
    role: z.enum(API_KEY_ROLES, { error: 'A key is a viewer, member or admin key (never owner)' }),
    expiresAt: z.iso.datetime({ offset: true, error: 'The expiry must be a date and time such as 2027-06-30T00:00:00Z' }).optional().nullable(),
  })
  .strict();
export type NewApiKey = z.infer<typeof newApiKeySchema>;

/** Random characters from the 62-letter alphabet, without modulo bias. */
function randomChars(count: number): string {
  let out = '';
  while (out.length < count) {
    for (const byte of randomBytes(count * 2)) {
      if (byte < 248 && out.length < count) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/**
 * SHA-256 of the whole key. A key is 8 + 12 + 40 random base-62 characters (~310 bits), so unlike a
 * password it cannot be guessed or brute-forced from its hash: a fast hash is enough, and lets every
 * request check its key without the cost of argon2.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key: the public prefix (`sk_live_` + 12 characters, kept and shown) and the whole key (shown once). */
export function generateApiKey(): { prefix: string; key: string } {
  const prefix = `${KEY_PREFIX}${randomChars(PUBLIC_CHARS)}`;
  return { prefix, key: `${prefix}${randomChars(40)}` };
}

export type ApiKeyView = {
  id: string;
  name: string;
  role: ApiKeyRole;
  prefix: string;
  createdAt: Date;
  createdBy: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Whether it works now. */
  state: 'active' | 'revoked' | 'expired';
};

/** Admins make a key; the returned `key` is the only time anyone sees it. Audited. */
export async function createApiKey(
  db: Database,
  { orgId, actor, input, now = new Date() }: { orgId: string; actor: { userId: string; role: Role }; input: unknown; now?: Date },
): Promise<{ id: string; key: string; prefix: string }> {
  if (!hasRole(actor.role, 'admin')) throw new ForbiddenError('Only admins and owners can make API keys');
  const parsed = newApiKeySchema.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'API key');
  const { name, role, expiresAt } = parsed.data;
  const expires = expiresAt ? new Date(expiresAt) : null;
  if (expires && expires.getTime() <= now.getTime()) throw ValidationError.field('expiresAt', 'The expiry must be in the future');
  if (expires && expires.getTime() > now.getTime() + MAX_EXPIRY_DAYS * 86_400_000) throw ValidationError.field('expiresAt', 'A key can last at most two years');
  if (role === 'admin' && !hasRole(actor.role, 'admin')) throw new ForbiddenError();
  const { prefix, key } = generateApiKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ orgId, name, role, prefix, secretHash: hashApiKey(key), createdBy: actor.userId, createdAt: now, expiresAt: expires })
      .returning({ id: apiKeys.id });
    await audit(tx, orgId, actor.userId, 'api_key.created', name, { prefix, role, expiresAt: expires?.toISOString() ?? null });
    return { id: row!.id, key, prefix };
  });
}

/** The organization's keys, newest first, with who made them (never the key itself). */
export async function listApiKeys(db: Queryable, { orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<ApiKeyView[]> {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      role: apiKeys.role,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      createdBy: users.name,
      createdByEmail: users.email,
      expiresAt: apiKeys.expiresAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.orgId, orgId))
    .orderBy(desc(apiKeys.createdAt))
    .then((rows) =>
      rows.map(({ createdByEmail, ...r }) => ({
        ...r,
        createdBy: r.createdBy ?? createdByEmail,
        state: r.revokedAt ? ('revoked' as const) : r.expiresAt && r.expiresAt.getTime() <= now.getTime() ? ('expired' as const) : ('active' as const),
      })),
    );
}

/** Admins revoke a key: it stops working on its next request. Revoking twice is harmless. Audited. */
export async function revokeApiKey(
  db: Database,
  { orgId, actor, keyId, viaApiKey = false, now = new Date() }: { orgId: string; actor: { userId: string; role: Role }; keyId: string; viaApiKey?: boolean; now?: Date },
): Promise<void> {
  if (!hasRole(actor.role, 'admin')) throw new ForbiddenError('Only admins and owners can revoke API keys');
  if (!z.uuid().safeParse(keyId).success) throw new NotFoundError('No such API key');
  await db.transaction(async (tx) => {
    const [key] = await tx
      .select({ name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId)))
      .for('update');
    if (!key) throw new NotFoundError('No such API key');
    // After the lookup, so that another organization's key id is the same 404 for everyone.
    if (viaApiKey) requireSignedIn({ apiKey: true });
    if (key.revokedAt) return;
    await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId)));
    await audit(tx, orgId, actor.userId, 'api_key.revoked', key.name, { prefix: key.prefix });
  });
}

/** Keys are made and revoked by people signed in, never by another key (a leaked key cannot mint more). */
export function requireSignedIn(ctx: { apiKey?: unknown }): void {
  if (ctx.apiKey) throw new ForbiddenError('API keys are managed by an admin signed in to Sparkcheck, not with an API key');
}

/** 401 for a key that does not work, with the reason in words. */
export class ApiKeyRefusedError extends AppError {
  constructor(message: string) {
    super(401, message);
  }
}

export type ApiKeyIdentity = {
  apiKey: { id: string; name: string; prefix: string; role: ApiKeyRole };
  org: { id: string; name: string; slug: string; kind: 'brand' | 'agency'; timeZone: string };
  /** What the key may do now: its own role, capped by its creator's current role. */
  role: Role;
  /** The key acts for the admin who made it (audit entries name them). */
  user: SessionUser;
};

/** The key in `Authorization: Bearer <key>`, or null when the header is absent or another scheme. */
export function bearerToken(headers: Headers): string | null {
  const header = headers.get('authorization');
  const match = header && /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

const lower = (a: Role, b: Role): Role => (hasRole(a, b) ? b : a);

/**
 * The one check of a presented key, for `/api/orgs/[org]/…` and `/api/mcp`. `db` is the login
 * connection: finding a key by its public prefix is a read across organizations (the key names its
 * organization), and returns one row, compared by hash in constant time. Then, in order: per-key
 * rate limit (429), revoked or expired (401), the key's organization deleted or its creator no
 * longer a member (401), another organization's address (404, nothing about it revealed), role
 * too low (403). Refusals of a genuine key are audited in the key's own organization.
 */
export async function authenticateApiKey(
  db: Queryable,
  presented: string,
  { orgSlug, minRole = 'viewer', now = new Date() }: { orgSlug?: string; minRole?: Role; now?: Date },
): Promise<ApiKeyIdentity> {
  const invalid = new ApiKeyRefusedError('This API key is not valid: check that it was copied whole, or make a new one in Settings → API keys');
  if (!presented.startsWith(KEY_PREFIX) || presented.length !== KEY_PREFIX.length + PUBLIC_CHARS + 40) throw invalid;
  const prefix = presented.slice(0, KEY_PREFIX.length + PUBLIC_CHARS);
  const [found] = await db
    .select({
      key: {
        id: apiKeys.id,
        orgId: apiKeys.orgId,
        name: apiKeys.name,
        role: apiKeys.role,
        prefix: apiKeys.prefix,
        secretHash: apiKeys.secretHash,
        createdBy: apiKeys.createdBy,
        expiresAt: apiKeys.expiresAt,
        revokedAt: apiKeys.revokedAt,
        lastUsedAt: apiKeys.lastUsedAt,
      },
      org: { id: organizations.id, name: organizations.name, slug: organizations.slug, kind: organizations.kind, timeZone: organizations.timeZone, deletedAt: organizations.deletedAt },
    })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
    .where(eq(apiKeys.prefix, prefix));
  if (!found || !timingSafeEqual(Buffer.from(found.key.secretHash, 'hex'), Buffer.from(hashApiKey(presented), 'hex'))) throw invalid;
  const { key, org } = found;
  await enforceAbuseLimit(db, 'api-key', { key: key.id }, now);

  const deny = async (reason: string, error: AppError, meta: Record<string, unknown> = {}): Promise<never> => {
    await audit(db, key.orgId, key.createdBy, 'api_key.use_denied', key.name, { prefix: key.prefix, reason, ...meta });
    throw error;
  };
  if (org.deletedAt) throw invalid;
  if (key.revokedAt) await deny('revoked', new ApiKeyRefusedError(`This API key (${key.name}) was revoked; an admin can make a new one`));
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) await deny('expired', new ApiKeyRefusedError(`This API key (${key.name}) expired; an admin can make a new one`));

  const [creator] = key.createdBy
    ? await db
        .select({ id: users.id, email: users.email, name: users.name, emailVerified: users.emailVerified, role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.orgId, key.orgId), eq(memberships.userId, key.createdBy)))
    : [];
  if (!creator) await deny('creator left', new ApiKeyRefusedError(`This API key (${key.name}) stopped working when the person who made it left the organization; an admin can make a new one`));
  if (orgSlug !== undefined && orgSlug !== org.slug) await deny('another organization', new NotFoundError());
  const role = lower(key.role, creator!.role);
  if (!hasRole(role, minRole)) await deny('role too low', new ForbiddenError(`This API key is a ${role} key; this needs a ${minRole} key or higher`), { needed: minRole });

  // Last use, written at most once a minute per key.
  if (!key.lastUsedAt || key.lastUsedAt.getTime() < now.getTime() - 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.orgId, key.orgId), eq(apiKeys.id, key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - 60_000)))));
  }
  const user = { id: creator!.id, email: creator!.email, name: creator!.name, emailVerified: creator!.emailVerified };
  return { apiKey: { id: key.id, name: key.name, prefix: key.prefix, role: key.role }, org: { id: org.id, name: org.name, slug: org.slug, kind: org.kind, timeZone: org.timeZone }, role, user };
}
