import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { codeBatches, codeBatchItems, type CodeItemState, type CodePreviewFacts } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { openToken, sealToken } from '@/lib/crypto/tokens';
import { ValidationError } from '@/lib/errors';
import { recomputeOrgHealth } from '@/lib/health/recompute';
import { HEARTBEAT_STALE_SECONDS, startHeartbeat } from '@/lib/sync/heartbeat';
import { hashAuthCode, maskAuthCode, refreshSparkPosts, requestPermissionRefresh } from '@/lib/sync';
import { mapConcurrent } from '@/lib/sync/fetch';
import { backoffDelay, DEFAULT_RETRY, kindOfCode, TikTokApiError, type TikTokClient } from '@/lib/tiktok';
import { isAlreadyAppliedAnswer, mayHaveApplied } from './outcomes';
import { ledgerCodes, readCodeInfo } from './preview';
import type { CodeBatchRequest } from './schemas';
import { resolveCodeTargets, targetLabel } from './targets';
import { connectionClients, DEFAULT_APPLY_CONCURRENCY, type CodesEnv } from './tiktok';

type Item = typeof codeBatchItems.$inferSelect;

/**
 * A run holds its batch, and each item it sends, this long past its last heartbeat; a run that died
 * lets go when it passes, and the workers' sweep resumes the batch.
 */
const LEASE = sql.raw(`now() + interval '${HEARTBEAT_STALE_SECONDS} seconds'`);
/** authorize calls per item and run before it is recorded as failed. */
const AUTHORIZE_ATTEMPTS = 5;
const FINAL: readonly CodeItemState[] = ['applied', 'already_applied', 'failed', 'skipped'];

/** What a sealed code is bound to: a sealed value copied into another row does not open. */
export function itemCodeContext({ orgId, itemId }: { orgId: string; itemId: string }): string {
  return `code_batch_items:${orgId}:${itemId}`;
}

function requestHash(request: CodeBatchRequest): string {
  const canonical = JSON.stringify([request.codes, request.advertiserIds, [...request.skipCodes].sort()]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type SubmitInput = {
  orgId: string;
  actorId: string | null;
  idempotencyKey: string;
  request: CodeBatchRequest;
  source: 'web' | 'cli';
  /** When skipped items are recorded as finished (tests inject the sandbox's clock). */
  now?: Date;
};

/**
 * Records a batch (one item per code and ad account) under its idempotency key, or finds the batch
 * the key already made: the same key with the same request is the same batch (`created: false`),
 * with another request a 422. Concurrent submissions meet at the unique (org, key) index, so
 * exactly one of them creates the batch. Nothing is sent to TikTok here; `runCodeBatch` does that.
 */
export async function submitCodeBatch(db: Database, env: CodesEnv, { orgId, actorId, idempotencyKey, request, source, now = new Date() }: SubmitInput): Promise<{ batchId: string; created: boolean }> {
  const targets = await resolveCodeTargets(db, { orgId, advertiserIds: request.advertiserIds });
  const hash = requestHash(request);
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(codeBatches)
      .values({ orgId, idempotencyKey, requestHash: hash, source, createdBy: actorId, advertiserIds: request.advertiserIds })
      .onConflictDoNothing({ target: [codeBatches.orgId, codeBatches.idempotencyKey] })
      .returning({ id: codeBatches.id });
    if (!inserted) {
      const [existing] = await tx
        .select({ id: codeBatches.id, requestHash: codeBatches.requestHash })
        .from(codeBatches)
        .where(and(eq(codeBatches.orgId, orgId), eq(codeBatches.idempotencyKey, idempotencyKey)));
      if (!existing) throw new Error('the batch of this idempotency key disappeared');
      if (existing.requestHash !== hash) {
        throw ValidationError.field('Idempotency-Key', 'This Idempotency-Key was already used for a different batch (other codes or ad accounts); use a new key for a new batch');
      }
      return { batchId: existing.id, created: false };
    }
    const batchId = inserted.id;
    const skip = new Set(request.skipCodes);
    // What the preview said about each skipped code: the item keeps it, so its reason survives (lib/codes/outcomes explainSkip).
    const details = new Map((request.skipDetails ?? []).filter((d) => skip.has(d.code)).map((d) => [d.code, d]));
    const items = request.codes.flatMap((code, position) =>
      targets.map((target) => {
        const id = randomUUID();
        const skipped = skip.has(code);
        return {
          orgId,
          batchId,
          id,
          position,
          advertiserId: target.advertiserId,
          connectionId: target.connectionId,
          codeMasked: maskAuthCode(code),
          codeSha256: hashAuthCode(code),
          codeSealed: skipped ? null : sealToken(env.keyring, code, itemCodeContext({ orgId, itemId: id })),
          state: skipped ? ('skipped' as const) : ('pending' as const),
          finishedAt: skipped ? now : null,
          preview: (skipped ? details.get(code)?.facts : null) ?? null,
          tiktokCode: (skipped ? details.get(code)?.refusal?.code : null) ?? null,
          tiktokMessage: (skipped ? details.get(code)?.refusal?.message : null) ?? null,
        };
      }),
    );
    await tx.insert(codeBatchItems).values(items);
    await audit(tx, orgId, actorId, 'code_batch.submitted', batchId, {
      codes: request.codes.length,
      skipped: request.skipCodes.length,
      adAccounts: targets.map(targetLabel),
      source,
    });
    return { batchId, created: true };
  });
}

export type RunOutcome = 'finished' | 'unfinished' | 'busy';

export type RunCodeBatchOptions = {
  orgId: string;
  batchId: string;
  actorId?: string | null;
  /** "Retry failed": also send the batch's failed items again (nothing else that is final). */
  retryFailed?: boolean;
};

/**
 * TikTok refused a code for lack of permission: the stored team permissions may be out of date, so
 * the next sync of that connection reads them again (the Team page then explains the refusal).
 */
async function refreshPermissionsAfterRefusals(db: Database, { orgId, batchId }: { orgId: string; batchId: string }) {
  const refused = await db
    .selectDistinct({ connectionId: codeBatchItems.connectionId, code: codeBatchItems.tiktokCode })
    .from(codeBatchItems)
    .where(and(eq(codeBatchItems.orgId, orgId), eq(codeBatchItems.batchId, batchId), eq(codeBatchItems.state, 'failed'), isNotNull(codeBatchItems.tiktokCode)));
  const connections = new Set(refused.filter((r) => r.code !== null && kindOfCode(r.code) === 'permission').map((r) => r.connectionId));
  for (const connectionId of connections) await requestPermissionRefresh(db, { orgId, connectionId });
}

/**
 * Sends a batch's open items to TikTok, `concurrency` at a time through the shared limiter, and
 * stores each result as it comes. Only the run holding the batch's lease works on it (another call
 * returns `busy`), and an item is sent only by the run that moved it to `applying`, so concurrent
 * or repeated runs never send a code twice. An item left `applying` by a run that died is checked
 * against TikTok's ledger (`tt_video/list`) before it is sent again. Afterwards the ledger of every
 * ad account that got a code is re-read and ad health recomputed, so the app shows the new
 * authorizations at once.
 */
export async function runCodeBatch(db: Database, env: CodesEnv, { orgId, batchId, actorId = null, retryFailed = false }: RunCodeBatchOptions): Promise<RunOutcome> {
  const batchFilter = and(eq(codeBatches.orgId, orgId), eq(codeBatches.id, batchId));
  const [leased] = await db
    .update(codeBatches)
    .set({ runLeaseUntil: LEASE })
    .where(and(batchFilter, or(isNull(codeBatches.runLeaseUntil), lt(codeBatches.runLeaseUntil, sql`now()`))))
    .returning({ id: codeBatches.id });
  if (!leased) return 'busy';

  const itemFilter = and(eq(codeBatchItems.orgId, orgId), eq(codeBatchItems.batchId, batchId));
  // Keeps the batch and the items this run is sending held while it lives (an authorize call may wait out throttling).
  const heartbeat = startHeartbeat(async () => {
    await db.update(codeBatches).set({ runLeaseUntil: LEASE }).where(batchFilter);
    // Only the items this run holds: one a dead run left `applying` (its lease lapsed) waits for this run to claim it.
    await db
      .update(codeBatchItems)
      .set({ leaseUntil: LEASE })
      .where(and(itemFilter, eq(codeBatchItems.state, 'applying'), gt(codeBatchItems.leaseUntil, sql`now()`)));
  });
  try {
    const open: CodeItemState[] = retryFailed ? ['pending', 'previewed', 'failed'] : ['pending', 'previewed'];
    const stale = and(eq(codeBatchItems.state, 'applying'), or(isNull(codeBatchItems.leaseUntil), lt(codeBatchItems.leaseUntil, sql`now()`)));
    const work = await db
      .select()
      .from(codeBatchItems)
      .where(and(itemFilter, or(inArray(codeBatchItems.state, open), stale)))
      .orderBy(asc(codeBatchItems.position), asc(codeBatchItems.advertiserId));

    const clients = connectionClients(env, orgId);
    const advertisers = [...new Set(work.map((i) => i.advertiserId))];
    const preApplied = await ledgerCodes(db, orgId, advertisers, [...new Set(work.map((i) => i.codeSha256))]);
    const applied = new Map<string, string>();

    await mapConcurrent(work, env.concurrency ?? DEFAULT_APPLY_CONCURRENCY, async (item) => {
      const state = await applyItem(db, env, await clients(item.connectionId), item, { retryFailed, preApplied: preApplied.has(`${item.advertiserId}:${item.codeSha256}`) });
      if (state === 'applied') applied.set(item.advertiserId, item.connectionId);
      await db.update(codeBatches).set({ runLeaseUntil: LEASE }).where(batchFilter);
    });
    await refreshPermissionsAfterRefusals(db, { orgId, batchId });

    const followUp: string[] = [];
    for (const [advertiserId, connectionId] of applied) {
      try {
        await refreshSparkPosts(db, { orgId, connectionId, advertiserId, client: (await clients(connectionId)).reader });
      } catch (error) {
        if (!(error instanceof TikTokApiError)) throw error;
        followUp.push(`The Spark ledger of ad account ${advertiserId} could not be re-read (${error.message}); the next sync will show the new authorizations.`);
      }
    }

    if (applied.size > 0) {
      try {
        await recomputeOrgHealth(db, { orgId });
      } catch (error) {
        followUp.push(`Ad health could not be recomputed (${error instanceof Error ? error.message : String(error)}); it will be after the next sync.`);
      }
    }

    const counts = await stateCounts(db, orgId, batchId);
    const unfinished = (counts.pending ?? 0) + (counts.previewed ?? 0) + (counts.applying ?? 0);
    await db
      .update(codeBatches)
      .set(
        work.length > 0
          ? { finishedAt: unfinished === 0 ? new Date() : null, followUpError: followUp.length > 0 ? followUp.join(' ') : null }
          : // Nothing to do (a repeated request, or every code skipped): an earlier finish stands.
            { finishedAt: sql`coalesce(${codeBatches.finishedAt}, now())` },
      )
      .where(batchFilter);
    if (work.length > 0) {
      await audit(db, orgId, actorId, retryFailed ? 'code_batch.retried' : 'code_batch.applied', batchId, {
        sent: work.length,
        applied: counts.applied ?? 0,
        alreadyApplied: counts.already_applied ?? 0,
        failed: counts.failed ?? 0,
        skipped: counts.skipped ?? 0,
      });
    }
    return unfinished === 0 ? 'finished' : 'unfinished';
  } finally {
    heartbeat.stop();
    await db.update(codeBatches).set({ runLeaseUntil: null }).where(batchFilter);
  }
}

async function stateCounts(db: Database, orgId: string, batchId: string): Promise<Partial<Record<CodeItemState, number>>> {
  const rows = await db
    .select({ state: codeBatchItems.state, n: sql<number>`count(*)::int` })
    .from(codeBatchItems)
    .where(and(eq(codeBatchItems.orgId, orgId), eq(codeBatchItems.batchId, batchId)))
    .groupBy(codeBatchItems.state);
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** Moves one item on, only from the state this run read (the trigger refuses anything else). */
async function moveItem(db: Database, item: Item, from: CodeItemState, to: CodeItemState, set: Partial<typeof codeBatchItems.$inferInsert> = {}): Promise<boolean> {
  const final = FINAL.includes(to);
  const rows = await db
    .update(codeBatchItems)
    .set({
      ...set,
      state: to,
      updatedAt: new Date(),
      ...(final ? { leaseUntil: null, finishedAt: new Date() } : {}),
      // A code that is applied (or was already) is never sent again: forget it.
      ...(to === 'applied' || to === 'already_applied' ? { codeSealed: null, tiktokCode: null, tiktokMessage: null } : {}),
    })
    .where(and(eq(codeBatchItems.orgId, item.orgId), eq(codeBatchItems.id, item.id), eq(codeBatchItems.state, from)))
    .returning({ id: codeBatchItems.id });
  return rows.length === 1;
}

/** Takes the item for this run: only one run can move it to `applying`. */
async function claimItem(db: Database, item: Item, retryFailed: boolean): Promise<boolean> {
  const from: CodeItemState[] = retryFailed ? ['pending', 'previewed', 'failed'] : ['pending', 'previewed'];
  const rows = await db
    .update(codeBatchItems)
    .set({ state: 'applying', attempts: sql`${codeBatchItems.attempts} + 1`, leaseUntil: LEASE, updatedAt: new Date() })
    .where(
      and(
        eq(codeBatchItems.orgId, item.orgId),
        eq(codeBatchItems.id, item.id),
        or(inArray(codeBatchItems.state, from), and(eq(codeBatchItems.state, 'applying'), or(isNull(codeBatchItems.leaseUntil), lt(codeBatchItems.leaseUntil, sql`now()`)))),
      ),
    )
    .returning({ id: codeBatchItems.id });
  return rows.length === 1;
}

/**
 * Whether TikTok's ledger for the ad account lists the code's post authorized with this very code.
 * Throws when TikTok cannot be read; false when TikTok refuses the code (then it is not applied).
 */
async function ledgerHasCode(client: TikTokClient, advertiserId: string, code: string, knownItemId: string | null): Promise<boolean> {
  let itemId = knownItemId;
  if (itemId === null) {
    try {
      itemId = (await client.getSparkPost({ advertiser_id: advertiserId, auth_code: code })).item_info.item_id;
    } catch (error) {
      if (error instanceof TikTokApiError && (error.kind === 'invalid' || error.kind === 'not_found')) return false;
      throw error;
    }
  }
  const page = await client.listSparkPosts({ advertiser_id: advertiserId, keyword: itemId, page: 1, page_size: 50 });
  return page.list.some((post) => post.item_info.item_id === itemId && post.item_info.auth_code === code);
}

async function applyItem(
  db: Database,
  env: CodesEnv,
  { reader, writer, sleep }: Awaited<ReturnType<ReturnType<typeof connectionClients>>>,
  item: Item,
  { retryFailed, preApplied }: { retryFailed: boolean; preApplied: boolean },
): Promise<CodeItemState | null> {
  if (item.codeSealed === null) throw new Error(`creator-code item ${item.id} is ${item.state} but its code is gone`);
  const code = openToken(env.keyring, item.codeSealed, itemCodeContext({ orgId: item.orgId, itemId: item.id }));
  let facts: CodePreviewFacts | null = item.preview;
  let state = item.state;

  if (state === 'pending') {
    const info = await readCodeInfo(reader, item.advertiserId, code);
    if (info.refusal !== null) {
      // TikTok refuses the code itself (malformed, unknown, deleted post…): sending it would fail the same way.
      return (await moveItem(db, item, 'pending', 'failed', { tiktokCode: info.refusal.code, tiktokMessage: info.refusal.message })) ? 'failed' : null;
    }
    if (info.facts !== null) {
      facts = info.facts;
      if (!(await moveItem(db, item, 'pending', 'previewed', { preview: facts }))) return null;
      state = 'previewed';
    }
  }

  // A run that died mid-call, or a failure without an answer, may have applied the code already.
  let uncertain = state === 'applying' || (state === 'failed' && mayHaveApplied(item.tiktokCode));
  if (!(await claimItem(db, { ...item, state }, retryFailed))) return null;
  const known = preApplied || facts?.authStatus === 'AUTHORIZED';
  const done = (outcome: 'applied' | 'already_applied') => moveItem(db, item, 'applying', outcome).then((moved) => (moved ? outcome : null));
  // Confirmed on TikTok after an uncertain call: ours, unless the code was there before this batch.
  const confirmed = () => done(known ? 'already_applied' : 'applied');

  if (uncertain) {
    try {
      if (await ledgerHasCode(reader, item.advertiserId, code, facts?.itemId ?? null)) return confirmed();
    } catch (error) {
      if (!(error instanceof TikTokApiError)) throw error;
    }
  }

  let last: TikTokApiError | null = null;
  for (let attempt = 1; attempt <= AUTHORIZE_ATTEMPTS; attempt++) {
    if (attempt > 1)
      await db
        .update(codeBatchItems)
        .set({ attempts: sql`${codeBatchItems.attempts} + 1`, updatedAt: new Date() })
        .where(and(eq(codeBatchItems.orgId, item.orgId), eq(codeBatchItems.id, item.id)));
    try {
      await writer.authorizeSparkPost({ advertiser_id: item.advertiserId, auth_code: code });
      return done('applied');
    } catch (error) {
      if (!(error instanceof TikTokApiError)) throw error;
      last = error;
      if (isAlreadyAppliedAnswer(error.message)) return uncertain ? confirmed() : done('already_applied');
      if (error.kind === 'rate_limited') {
        // Throttled: TikTok did nothing; wait and send again.
        await sleep(backoffDelay(attempt, DEFAULT_RETRY, Math.random));
        continue;
      }
      if (mayHaveApplied(error.code) || error.kind === 'protocol') {
        uncertain = true;
        try {
          if (await ledgerHasCode(reader, item.advertiserId, code, facts?.itemId ?? null)) return confirmed();
        } catch (readError) {
          if (!(readError instanceof TikTokApiError)) throw readError;
        }
        await sleep(backoffDelay(attempt, DEFAULT_RETRY, Math.random));
        continue;
      }
      break;
    }
  }
  const failure = last as TikTokApiError;
  return (await moveItem(db, item, 'applying', 'failed', { tiktokCode: failure.code, tiktokMessage: failure.message })) ? 'failed' : null;
}
