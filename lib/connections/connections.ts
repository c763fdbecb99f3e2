import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { tiktokConnections } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import type { Keyring } from '@/lib/crypto/keyring';
import { connectionTokenContext, openToken, sealToken } from '@/lib/crypto/tokens';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { TikTokApiError, type TikTokClient } from '@/lib/tiktok';
import type { TikTokTarget } from './tiktok-app';

export type Connection = typeof tiktokConnections.$inferSelect;
/** A connection as pages and the API show it: never the token. */
export type ConnectionView = Omit<Connection, 'accessTokenSealed'>;

export type Discovered = {
  advertisers: { id: string; name: string }[];
  businessCenters: { id: string; name: string }[];
};

export const accessTokenInputSchema = z.object({
  accessToken: z
    .string({ error: 'accessToken is required' })
    .trim()
    .min(16, 'That does not look like a TikTok access token (too short)')
    .max(512, 'That does not look like a TikTok access token (too long)')
    .regex(/^[\x21-\x7e]+$/, 'An access token has no spaces or special characters'),
  label: z.string().trim().max(80, 'Label must be at most 80 characters').optional(),
});

export const selectionSchema = z.object({
  label: z.string().trim().min(1, 'Label cannot be empty').max(80, 'Label must be at most 80 characters').optional(),
  advertiserIds: z
    .array(z.string().regex(/^\d{1,30}$/, 'Ad account ids are numbers'))
    .max(1000)
    .optional(),
  bcIds: z
    .array(z.string().regex(/^\d{1,30}$/, 'Business Center ids are numbers'))
    .max(800)
    .optional(),
});

function view(row: Connection): ConnectionView {
  const { accessTokenSealed, ...rest } = row;
  void accessTokenSealed;
  return rest;
}

/**
 * What a token reaches: its ad accounts (`oauth2/advertiser/get`, which needs the app's credentials)
 * and Business Centers (`bc/get`). A token TikTok rejects is a validation error naming TikTok's code.
 */
export async function discoverAccess(client: TikTokClient, target: TikTokTarget): Promise<Discovered> {
  if (!target.appId || !target.appSecret) {
    throw new ValidationError('TIKTOK_APP_ID and TIKTOK_APP_SECRET must be set to connect TikTok (they identify your developer app)');
  }
  try {
    const advertisers = await client.listAuthorizedAdvertisers({ app_id: target.appId, secret: target.appSecret });
    const businessCenters = [];
    for await (const page of client.pages.listBusinessCenters({})) {
      businessCenters.push(...page.items.map((b) => ({ id: b.bc_info.bc_id, name: b.bc_info.name ?? b.bc_info.bc_id })));
    }
    return {
      advertisers: advertisers.map((a) => ({ id: a.advertiser_id, name: a.advertiser_name ?? a.advertiser_id })),
      businessCenters,
    };
  } catch (error) {
    if (error instanceof TikTokApiError && (error.kind === 'auth' || error.kind === 'permission')) {
      throw ValidationError.field('accessToken', `TikTok refused this access token (${error.code}: ${error.message})`);
    }
    throw error;
  }
}

export async function listConnections(db: Database, { orgId }: { orgId: string }): Promise<ConnectionView[]> {
  const rows = await db.select().from(tiktokConnections).where(eq(tiktokConnections.orgId, orgId)).orderBy(desc(tiktokConnections.createdAt));
  return rows.map(view);
}

async function findConnection(db: Database, { orgId, connectionId }: { orgId: string; connectionId: string }): Promise<Connection> {
  if (!z.uuid().safeParse(connectionId).success) throw new NotFoundError('No such connection');
  const [row] = await db
    .select()
    .from(tiktokConnections)
    .where(and(eq(tiktokConnections.orgId, orgId), eq(tiktokConnections.id, connectionId)));
  if (!row) throw new NotFoundError('No such connection');
  return row;
}

export async function getConnection(db: Database, ids: { orgId: string; connectionId: string }): Promise<ConnectionView> {
  return view(await findConnection(db, ids));
}

/** The decrypted token, for the sync and discovery only; it never leaves the server. */
export async function connectionAccessToken(db: Database, keyring: Keyring, ids: { orgId: string; connectionId: string }): Promise<string> {
  return openToken(keyring, (await findConnection(db, ids)).accessTokenSealed, connectionTokenContext(ids));
}

/**
 * Stores a new connection with its token sealed, syncing everything the token reaches until an admin
 * narrows the selection; or, given `connectionId`, replaces that connection's token (reconnect).
 */
export async function saveConnection(
  db: Database,
  keyring: Keyring,
  input: {
    orgId: string;
    actorId: string;
    method: 'oauth' | 'access_token';
    accessToken: string;
    scopes?: number[];
    label?: string;
    discovered: Discovered;
    connectionId?: string;
  },
): Promise<ConnectionView> {
  // The id is chosen here so the token can be sealed to its own row.
  const connectionId = input.connectionId ?? randomUUID();
  const sealed = sealToken(keyring, input.accessToken, connectionTokenContext({ orgId: input.orgId, connectionId }));
  return db.transaction(async (tx) => {
    if (input.connectionId) {
      const [row] = await tx
        .update(tiktokConnections)
        .set({ accessTokenSealed: sealed, method: input.method, scopes: input.scopes ?? [], status: 'active', statusReason: null, disconnectedAt: null })
        .where(and(eq(tiktokConnections.orgId, input.orgId), eq(tiktokConnections.id, input.connectionId)))
        .returning();
      if (!row) throw new NotFoundError('No such connection');
      await audit(tx, input.orgId, input.actorId, 'connection.reconnected', row.label, { connectionId: row.id, method: input.method });
      return view(row);
    }
    const label = input.label || input.discovered.businessCenters[0]?.name || input.discovered.advertisers[0]?.name || 'TikTok';
    const [row] = await tx
      .insert(tiktokConnections)
      .values({
        orgId: input.orgId,
        id: connectionId,
        label,
        method: input.method,
        accessTokenSealed: sealed,
        scopes: input.scopes ?? [],
        advertiserIds: input.discovered.advertisers.map((a) => a.id),
        bcIds: input.discovered.businessCenters.map((b) => b.id),
        createdBy: input.actorId,
      })
      .returning();
    if (!row) throw new Error('insert returned no connection');
    await audit(tx, input.orgId, input.actorId, 'connection.created', label, {
      connectionId: row.id,
      method: input.method,
      advertisers: row.advertiserIds.length,
      businessCenters: row.bcIds.length,
    });
    return view(row);
  });
}

export async function updateConnectionSelection(
  db: Database,
  { orgId, connectionId, actorId, ...changes }: { orgId: string; connectionId: string; actorId: string } & z.infer<typeof selectionSchema>,
): Promise<ConnectionView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(tiktokConnections)
      .set(changes)
      .where(and(eq(tiktokConnections.orgId, orgId), eq(tiktokConnections.id, connectionId)))
      .returning();
    if (!row) throw new NotFoundError('No such connection');
    await audit(tx, orgId, actorId, 'connection.updated', row.label, { connectionId, advertisers: row.advertiserIds.length, businessCenters: row.bcIds.length });
    return view(row);
  });
}

/** Stops syncing and forgets the token; synced data and history stay. */
export async function disconnectConnection(db: Database, { orgId, connectionId, actorId, now = new Date() }: { orgId: string; connectionId: string; actorId: string; now?: Date }) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(tiktokConnections)
      .set({ status: 'disconnected', statusReason: 'Disconnected by an admin', disconnectedAt: now, accessTokenSealed: '' })
      .where(and(eq(tiktokConnections.orgId, orgId), eq(tiktokConnections.id, connectionId)))
      .returning({ label: tiktokConnections.label });
    if (!row) throw new NotFoundError('No such connection');
    await audit(tx, orgId, actorId, 'connection.disconnected', row.label, { connectionId });
  });
}
