import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, DatabaseHandle, Queryable } from '@/db/client';
import { adHealth, codeBatchItems, organizations, renewalRequests, ttSparkPosts, users, type RenewalStatus } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { runCodeBatch, submitCodeBatch } from '@/lib/codes/apply';
import { explainFailure } from '@/lib/codes/outcomes';
import { readCodeInfo } from '@/lib/codes/preview';
import { creatorCodeSchema } from '@/lib/codes/schemas';
import { resolveCodeTargets, listCodeTargets } from '@/lib/codes/targets';
import { connectionClients, type CodesEnv } from '@/lib/codes/tiktok';
import { openToken, sealToken } from '@/lib/crypto/tokens';
import type { Keyring } from '@/lib/crypto/keyring';
import { AppError, NotFoundError, ValidationError } from '@/lib/errors';
import { getKeyring } from '@/lib/connections/tiktok-app';
import { mailContextFor, sendAccountMail, type AccountMailer } from '@/lib/mail/account-mail';
import { hashAuthCode, maskAuthCode } from '@/lib/sync';
import { renewalEmail } from './messages';
import { effectiveStatus, isOpen, linkExpiry, reminderDue } from './status';

// Renewal links (issue 18): a member asks a creator for a new Spark code for one post; the creator
// pastes it on a public page (/r/<token>) and it is applied through the creator-code engine.

const advertiserIdSchema = z.string().regex(/^\d{1,32}$/, 'An ad account id is a number');

/** What creates a request: the web route and any other entry point (API keys, MCP) take this. */
export const createRenewalRequestSchema = z.object({
  itemId: z.string({ error: 'Say which post (its TikTok post id)' }).regex(/^\d{1,32}$/, 'A TikTok post id is a number'),
  advertiserIds: z
    .array(advertiserIdSchema, { error: 'Give a list of ad accounts' })
    .min(1, 'Give at least one ad account, or leave the list out to use the ones whose ads run the post')
    .max(10, 'At most 10 ad accounts per renewal request')
    .refine((list) => new Set(list).size === list.length, 'Each ad account may appear only once')
    .optional(),
  creatorEmail: z.email('The creator’s e-mail address is not valid').max(320).optional(),
});
export type CreateRenewalRequestInput = z.infer<typeof createRenewalRequestSchema>;

/** The body of `POST /api/renewals/<token>`. */
export const submitRenewalCodeSchema = z.object({ code: z.string({ error: 'Paste the code from TikTok' }).trim().pipe(creatorCodeSchema) });

/** A link's token: 32 random bytes, base64url. Only its SHA-256 is stored. */
export function hashRenewalToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function renewalPath(token: string): string {
  return `/r/${token}`;
}

/** E-mail to creators: the account mailer (SMTP or the outbox) and the keyring that seals a link's token for its one reminder. */
export type RenewalMail = { mailer: AccountMailer; keyring: Keyring };

/**
 * Where a new link points and how it is sent, for a request that reached the app at `origin`: an
 * e-mailed link needs a trustworthy base (APP_URL in production), a link only shown may use the origin.
 */
export function renewalDelivery(origin: string, creatorEmail: string | undefined): { base: string; mail?: RenewalMail } {
  if (!creatorEmail) return { base: origin };
  const { mailer, base } = mailContextFor(origin);
  return { base, mail: { mailer, keyring: getKeyring() } };
}

/** The post's public link (TikTok resolves a post by handle and item id). */
function postUrl(handle: string | null, itemId: string): string | null {
  return handle ? `https://www.tiktok.com/@${encodeURIComponent(handle)}/video/${encodeURIComponent(itemId)}` : null;
}

function tokenContext(orgId: string, id: string): string {
  return `renewal_requests:${orgId}:${id}`;
}

/** Gone: a revoked or expired link (410), in words for the creator. */
export class RenewalClosedError extends AppError {
  constructor(message: string) {
    super(410, message);
  }
}

type PostFacts = { handle: string | null; caption: string | null; endsAt: Date | null };

/** The post as the synced data knows it: its creator's handle, caption and the earliest end of its authorizations on these ad accounts. */
async function postFacts(db: Queryable, orgId: string, itemId: string, advertiserIds: string[]): Promise<PostFacts> {
  const [health] = await db
    .select({ handle: sql<string | null>`max(${adHealth.postHandle})` })
    .from(adHealth)
    .where(and(eq(adHealth.orgId, orgId), eq(adHealth.itemId, itemId)));
  const posts =
    advertiserIds.length === 0
      ? []
      : await db
          .select({ caption: ttSparkPosts.caption, name: ttSparkPosts.tiktokName, endsAt: ttSparkPosts.authEndTime })
          .from(ttSparkPosts)
          .where(and(eq(ttSparkPosts.orgId, orgId), eq(ttSparkPosts.itemId, itemId), inArray(ttSparkPosts.advertiserId, advertiserIds), isNull(ttSparkPosts.removedAt)));
  const ends = posts.flatMap((p) => (p.endsAt ? [p.endsAt.getTime()] : []));
  return {
    handle: health?.handle ?? posts.find((p) => p.name)?.name ?? null,
    caption: posts.find((p) => p.caption)?.caption ?? null,
    endsAt: ends.length > 0 ? new Date(Math.min(...ends)) : null,
  };
}

/** The ad accounts whose (not deleted) ads run the post and that a connection can apply codes to. */
async function defaultAdvertisers(db: Database, orgId: string, itemId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ advertiserId: adHealth.advertiserId })
    .from(adHealth)
    .where(and(eq(adHealth.orgId, orgId), eq(adHealth.itemId, itemId), ne(adHealth.status, 'deleted')));
  const connected = new Set((await listCodeTargets(db, { orgId })).map((t) => t.advertiserId));
  return rows
    .map((r) => r.advertiserId)
    .filter((id) => connected.has(id))
    .sort();
}

export type CreatedRenewalRequest = { id: string; token: string; url: string; expiresAt: Date; advertiserIds: string[] };

/**
 * Creates a renewal link for one post. The ad accounts default to those whose ads run the post.
 * With `creatorEmail` (and `mail`), the link is e-mailed to the creator (SMTP, or the outbox).
 * `base` starts the returned URL (the app's origin).
 */
export async function createRenewalRequest(
  db: Database,
  orgId: string,
  actor: { userId: string | null },
  input: CreateRenewalRequestInput,
  { base, mail, now = new Date() }: { base: string; mail?: RenewalMail; now?: Date },
): Promise<CreatedRenewalRequest> {
  const advertiserIds = input.advertiserIds ?? (await defaultAdvertisers(db, orgId, input.itemId));
  if (advertiserIds.length === 0) {
    throw ValidationError.field('itemId', `No ad of this organization runs post ${input.itemId} on a connected ad account; name the ad accounts to renew it on`);
  }
  await resolveCodeTargets(db, { orgId, advertiserIds });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = linkExpiry(now);
  const facts = await postFacts(db, orgId, input.itemId, advertiserIds);
  const url = `${base}${renewalPath(token)}`;
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(renewalRequests)
      .values({
        orgId,
        itemId: input.itemId,
        advertiserIds,
        tokenHash: hashRenewalToken(token),
        creatorEmail: input.creatorEmail ?? null,
        expiresAt,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: renewalRequests.id });
    await audit(tx, orgId, actor.userId, 'renewal.created', input.itemId, { handle: facts.handle, adAccounts: advertiserIds, emailed: Boolean(input.creatorEmail && mail) });
    const created = row!.id;
    // Kept (sealed) only so the one reminder can carry the link; cleared when the reminder goes or the request closes.
    if (input.creatorEmail && mail) {
      await tx
        .update(renewalRequests)
        .set({ tokenSealed: sealToken(mail.keyring, token, tokenContext(orgId, created)) })
        .where(and(eq(renewalRequests.orgId, orgId), eq(renewalRequests.id, created)));
    }
    return created;
  });
  if (input.creatorEmail && mail) {
    const brand = await orgName(db, orgId);
    await sendAccountMail(db, mail.mailer, renewalEmail({ to: input.creatorEmail, brand, handle: facts.handle, endsAt: facts.endsAt, url, expiresAt, reminder: false }), now);
  }
  return { id, token, url, expiresAt, advertiserIds };
}

async function orgName(db: Queryable, orgId: string): Promise<string> {
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  return org?.name ?? 'The brand';
}

/**
 * The one cross-organization read: which organization's request a link's token opens. Runs as the
 * login role (README, Security); everything after it runs scoped to that organization.
 */
export async function lookupRenewalToken(db: Queryable, token: string): Promise<{ orgId: string; id: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select({ orgId: renewalRequests.orgId, id: renewalRequests.id })
    .from(renewalRequests)
    .where(eq(renewalRequests.tokenHash, hashRenewalToken(token)));
  return row ?? null;
}

/** What the creator's page shows: the brand, the post, the status. Nothing else of the organization (no ad accounts, no ads). */
export type PublicRenewal = {
  brand: string;
  itemId: string;
  handle: string | null;
  caption: string | null;
  postUrl: string | null;
  status: RenewalStatus;
  /** When the current authorization ends (the earliest over the request's ad accounts). */
  endsAt: string | null;
  /** Once renewed: when the new one ends. */
  newEndsAt: string | null;
  expiresAt: string;
  /** Why the last code was not applied, in words. */
  result: string | null;
};

async function requestRow(db: Queryable, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(renewalRequests)
    .where(and(eq(renewalRequests.orgId, orgId), eq(renewalRequests.id, id)));
  if (!row) throw new NotFoundError('This renewal link does not exist');
  return row;
}

/** The creator's view of a request; opening it for the first time marks it opened. */
export async function openRenewalRequest(db: Database, { orgId, id, now = new Date() }: { orgId: string; id: string; now?: Date }): Promise<PublicRenewal> {
  let row = await requestRow(db, orgId, id);
  if (row.openedAt === null && isOpen(row, now)) {
    const [updated] = await db
      .update(renewalRequests)
      .set({ openedAt: now, status: sql`case when ${renewalRequests.status} = 'sent' then 'opened'::renewal_status else ${renewalRequests.status} end`, updatedAt: now })
      .where(and(eq(renewalRequests.orgId, orgId), eq(renewalRequests.id, id), isNull(renewalRequests.openedAt)))
      .returning();
    if (updated) row = updated;
  }
  return publicView(db, row, now);
}

async function publicView(db: Queryable, row: typeof renewalRequests.$inferSelect, now: Date): Promise<PublicRenewal> {
  const [brand, facts] = await Promise.all([orgName(db, row.orgId), postFacts(db, row.orgId, row.itemId, row.advertiserIds)]);
  const status = effectiveStatus(row, now);
  return {
    brand,
    itemId: row.itemId,
    handle: facts.handle,
    caption: facts.caption,
    postUrl: postUrl(facts.handle, row.itemId),
    status,
    endsAt: facts.endsAt?.toISOString() ?? null,
    newEndsAt: row.newEndTime?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
    result: status === 'failed' ? row.result : null,
  };
}

function closedMessage(status: RenewalStatus, brand: string): string | null {
  if (status === 'revoked') return `${brand} withdrew this link; nothing more is needed from you here. If you were asked for a new code, ask them for a new link.`;
  if (status === 'expired') return `This link has expired (links work for 14 days). Ask ${brand} for a new one; your code was not used.`;
  return null;
}

export type SubmitRenewalResult = {
  /** `applied`: renewed now or before; `pending`: another submission of this code is applying it. */
  outcome: 'applied' | 'already_applied' | 'pending';
  message: string;
  view: PublicRenewal;
};

/** What the team is told when a creator renews. */
export type RenewedEvent = { orgId: string; requestId: string; brand: string; itemId: string; handle: string | null; newEndTime: Date | null; now: Date };

export type SubmitRenewalOptions = {
  orgId: string;
  id: string;
  code: string;
  /** Called once when the creator's code renews the post (the team's alert); not on a repeat. */
  onRenewed?: (renewed: RenewedEvent) => Promise<void>;
  now?: Date;
};

/**
 * The creator sends a code. It must be a code TikTok knows, for this request's post (checked with
 * `tt_video/info`, nothing applied otherwise); then it is applied to the request's ad accounts as a
 * code batch (idempotency key per request and code: sending it again applies nothing twice), the
 * ledger is re-read, health recomputed, and the team gets an audit entry and an alert.
 */
export async function submitRenewalCode(db: Database, env: CodesEnv, { orgId, id, code, onRenewed, now = new Date() }: SubmitRenewalOptions): Promise<SubmitRenewalResult> {
  const row = await requestRow(db, orgId, id);
  const brand = await orgName(db, orgId);
  const status = effectiveStatus(row, now);
  const codeSha256 = hashAuthCode(code);
  if (status === 'applied') {
    const view = await publicView(db, row, now);
    const same = row.codeSha256 === codeSha256;
    return {
      outcome: 'already_applied',
      message: same ? 'This code is already applied — nothing more to do. Thank you!' : `The post is already renewed; ${brand} needs nothing more from you.`,
      view,
    };
  }
  const closed = closedMessage(status, brand);
  if (closed) throw new RenewalClosedError(closed);

  const targets = await resolveCodeTargets(db, { orgId, advertiserIds: row.advertiserIds });
  const first = targets[0];
  if (!first) throw new RenewalClosedError(`${brand} can no longer apply codes to this post's ad accounts. Ask them for a new link.`);
  const { reader } = await connectionClients(env, orgId)(first.connectionId);
  const info = await readCodeInfo(reader, first.advertiserId, code);
  if (info.unreadable !== null) throw new AppError(503, 'TikTok did not answer in time; nothing was applied. Please try again in a few minutes.');
  const fail = async (reason: string) => {
    await db
      .update(renewalRequests)
      .set({ status: 'failed', result: reason, codeMasked: maskAuthCode(code), updatedAt: now })
      .where(and(eq(renewalRequests.orgId, orgId), eq(renewalRequests.id, id), ne(renewalRequests.status, 'applied'), ne(renewalRequests.status, 'revoked')));
    await audit(db, orgId, null, 'renewal.failed', row.itemId, { reason, code: maskAuthCode(code) });
    return new ValidationError(reason);
  };
  if (info.refusal !== null) throw await fail(`${explainFailure(info.refusal.code, info.refusal.message).reason} Nothing was applied. Please generate a new code for this post and paste it here.`);
  if (info.facts.authEnd !== null && new Date(info.facts.authEnd).getTime() <= now.getTime()) {
    throw await fail('This code has expired. Nothing was applied. Please generate a new code (365 days is best) and paste it here.');
  }
  if (info.facts.itemId !== row.itemId) throw await fail('This code is for a different post. Nothing was applied. Please generate the code from the post shown above.');

  await db
    .update(renewalRequests)
    .set({ status: 'code_received', codeReceivedAt: now, codeMasked: maskAuthCode(code), codeSha256, result: null, updatedAt: now })
    .where(and(eq(renewalRequests.orgId, orgId), eq(renewalRequests.id, id), inArray(renewalRequests.status, ['sent', 'opened', 'code_received', 'failed'])));
  const { batchId } = await submitCodeBatch(db, env, {
    orgId,
    actorId: null,
    idempotencyKey: `renewal:${id}:${codeSha256}`,
    request: { codes: [code], advertiserIds: row.advertiserIds, skipCodes: [] },
    source: 'web',
  });
  const run = await runCodeBatch(db, env, { orgId, batchId });
  if (run !== 'finished') {
    await db
      .update(renewalRequests)
      .set({ batchId })
      .where(and(eq(renewalRequests.orgId, orgId), eq(renewalRequests.id, id)));
    return { outcome: 'pending', message: 'Your code is being applied. Reload this page in a minute to see the new end date.', view: await publicView(db, await requestRow(db, orgId, id), now) };
  }

  const items = await db
    .select({ state: codeBatchItems.state, tiktokCode: codeBatchItems.tiktokCode, tiktokMessage: codeBatchItems.tiktokMessage })
    .from(codeBatchItems)
    .where(and(eq(codeBatchItems.orgId, orgId), eq(codeBatchItems.batchId, batchId)));
  const failed = items.find((i) => i.state === 'failed');
  if (failed) {
    const reason = explainFailure(failed.tiktokCode, failed.tiktokMessage ?? '').reason;
    await db
      .update(renewalRequests)
      .set({ batchId })
      .where(and(eq(renewalRequests.orgId, orgId), eq(renewalRequests.id, id)));
    throw await fail(`${reason} The code was not applied${items.length > 1 ? ' everywhere' : ''}; ${brand} has been told.`);
  }

  const [ledger] = await db
    .select({ endsAt: sql<Date | null>`min(${ttSparkPosts.authEndTime})`.mapWith(ttSparkPosts.authEndTime) })
    .from(ttSparkPosts)
    .where(
      and(
        eq(ttSparkPosts.orgId, orgId),
        eq(ttSparkPosts.itemId, row.itemId),
        inArray(ttSparkPosts.advertiserId, row.advertiserIds),
        eq(ttSparkPosts.authCodeSha256, codeSha256),
        isNull(ttSparkPosts.removedAt),
        isNotNull(ttSparkPosts.authEndTime),
      ),
    );
  const newEndTime = ledger?.endsAt ?? (info.facts.authEnd ? new Date(info.facts.authEnd) : null);
  const [updated] = await db
    .update(renewalRequests)
    .set({ status: 'applied', appliedAt: now, batchId, newEndTime, result: null, tokenSealed: null, updatedAt: now })
    .where(and(eq(renewalRequests.orgId, orgId), eq(renewalRequests.id, id), ne(renewalRequests.status, 'applied')))
    .returning();
  if (updated) {
    const facts = await postFacts(db, orgId, row.itemId, row.advertiserIds);
    await audit(db, orgId, null, 'renewal.applied', row.itemId, { handle: facts.handle, code: maskAuthCode(code), adAccounts: row.advertiserIds, newEndTime: newEndTime?.toISOString() ?? null });
    if (onRenewed) await onRenewed({ orgId, requestId: id, brand, itemId: row.itemId, handle: facts.handle, newEndTime, now });
  }
  return { outcome: 'applied', message: 'Thank you — the code is applied.', view: await publicView(db, updated ?? (await requestRow(db, orgId, id)), now) };
}

/** Revokes an open link: it stops working at once. A finished one (renewed, expired) is left as it is. */
export async function revokeRenewalRequest(db: Database, { orgId, id, actorId, now = new Date() }: { orgId: string; id: string; actorId: string | null; now?: Date }): Promise<void> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError('No such renewal request');
  const row = await requestRow(db, orgId, id).catch(() => {
    throw new NotFoundError('No such renewal request');
  });
  if (!isOpen(row, now)) throw new ValidationError(`This link is already ${effectiveStatus(row, now) === 'applied' ? 'used: the post is renewed' : 'closed'}; there is nothing to revoke`);
  await db.transaction(async (tx) => {
    await tx
      .update(renewalRequests)
      .set({ status: 'revoked', revokedAt: now, tokenSealed: null, updatedAt: now })
      .where(and(eq(renewalRequests.orgId, orgId), eq(renewalRequests.id, id)));
    await audit(tx, orgId, actorId, 'renewal.revoked', row.itemId, {});
  });
}

export type RenewalRequestView = {
  id: string;
  itemId: string;
  handle: string | null;
  advertiserIds: string[];
  status: RenewalStatus;
  creatorEmail: string | null;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string;
  openedAt: string | null;
  codeReceivedAt: string | null;
  appliedAt: string | null;
  codeMasked: string | null;
  endsAt: string | null;
  newEndsAt: string | null;
  result: string | null;
};

export const RENEWALS_PAGE_SIZE = 50;

/** The organization's renewal requests, newest first (`itemId` narrows to one post). */
export async function listRenewalRequests(
  db: Database,
  { orgId, itemId, now = new Date(), limit = RENEWALS_PAGE_SIZE }: { orgId: string; itemId?: string; now?: Date; limit?: number },
): Promise<RenewalRequestView[]> {
  const rows = await db
    .select({ r: renewalRequests, userName: users.name, userEmail: users.email })
    .from(renewalRequests)
    .leftJoin(users, eq(users.id, renewalRequests.createdBy))
    .where(and(eq(renewalRequests.orgId, orgId), itemId ? eq(renewalRequests.itemId, itemId) : undefined))
    .orderBy(desc(renewalRequests.createdAt))
    .limit(limit);
  return Promise.all(
    rows.map(async ({ r, userName, userEmail }) => {
      const facts = await postFacts(db, orgId, r.itemId, r.advertiserIds);
      return {
        id: r.id,
        itemId: r.itemId,
        handle: facts.handle,
        advertiserIds: r.advertiserIds,
        status: effectiveStatus(r, now),
        creatorEmail: r.creatorEmail,
        createdAt: r.createdAt.toISOString(),
        createdBy: userName ?? userEmail ?? null,
        expiresAt: r.expiresAt.toISOString(),
        openedAt: r.openedAt?.toISOString() ?? null,
        codeReceivedAt: r.codeReceivedAt?.toISOString() ?? null,
        appliedAt: r.appliedAt?.toISOString() ?? null,
        codeMasked: r.codeMasked,
        endsAt: facts.endsAt?.toISOString() ?? null,
        newEndsAt: r.newEndTime?.toISOString() ?? null,
        result: r.result,
      };
    }),
  );
}

/** Per post: the latest renewal request's status (for the badge next to an expiry). */
export async function latestRenewalByItem(
  db: Queryable,
  { orgId, itemIds, now = new Date() }: { orgId: string; itemIds: string[]; now?: Date },
): Promise<Map<string, { id: string; status: RenewalStatus }>> {
  const out = new Map<string, { id: string; status: RenewalStatus }>();
  const ids = [...new Set(itemIds)];
  if (ids.length === 0) return out;
  const rows = await db
    .selectDistinctOn([renewalRequests.itemId], { id: renewalRequests.id, itemId: renewalRequests.itemId, status: renewalRequests.status, expiresAt: renewalRequests.expiresAt })
    .from(renewalRequests)
    .where(and(eq(renewalRequests.orgId, orgId), inArray(renewalRequests.itemId, ids)))
    .orderBy(renewalRequests.itemId, desc(renewalRequests.createdAt));
  for (const row of rows) out.set(row.itemId, { id: row.id, status: effectiveStatus(row, now) });
  return out;
}

/** Open requests (the creator can still act), for the digest. */
export async function listOpenRenewalRequests(db: Database, { orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<RenewalRequestView[]> {
  return (await listRenewalRequests(db, { orgId, now, limit: 200 })).filter((r) => r.status === 'sent' || r.status === 'opened' || r.status === 'code_received' || r.status === 'failed');
}

/**
 * The one reminder per e-mailed link, a week after it was sent if the creator did nothing. Runs on
 * the alerts tick across organizations (the login role); returns how many went out.
 */
export async function sendRenewalReminders(
  databases: Pick<DatabaseHandle, 'db' | 'forOrganization'>,
  mail: RenewalMail & { base: string },
  { now = new Date() }: { now?: Date } = {},
): Promise<number> {
  // The one cross-organization read: which e-mailed links may be due a reminder. Each is then claimed
  // and sent as its organization (row-level security on Postgres).
  const candidates = await databases.db
    .select()
    .from(renewalRequests)
    .where(and(isNotNull(renewalRequests.creatorEmail), isNull(renewalRequests.reminderSentAt), inArray(renewalRequests.status, ['sent', 'opened'])));
  let sent = 0;
  for (const row of candidates) {
    if (!reminderDue(row, now)) continue;
    const db = databases.forOrganization(row.orgId);
    const [claimed] = await db
      .update(renewalRequests)
      .set({ reminderSentAt: now, tokenSealed: null })
      .where(and(eq(renewalRequests.orgId, row.orgId), eq(renewalRequests.id, row.id), isNull(renewalRequests.reminderSentAt)))
      .returning({ id: renewalRequests.id });
    if (!claimed || row.tokenSealed === null) continue;
    const url = `${mail.base}${renewalPath(openToken(mail.keyring, row.tokenSealed, tokenContext(row.orgId, row.id)))}`;
    const facts = await postFacts(db, row.orgId, row.itemId, row.advertiserIds);
    await sendAccountMail(
      db,
      mail.mailer,
      renewalEmail({ to: row.creatorEmail!, brand: await orgName(db, row.orgId), handle: facts.handle, endsAt: facts.endsAt, url, expiresAt: row.expiresAt, reminder: true }),
      now,
    );
    sent += 1;
  }
  return sent;
}
