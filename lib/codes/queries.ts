import 'server-only';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { codeBatches, codeBatchItems, ttSparkPosts, users, type CodeItemState, type CodePreviewFacts } from '@/db/schema';
import { explainFailure, explainSkip } from './outcomes';
import { listCodeTargets } from './targets';

export const CODE_BATCHES_PAGE_SIZE = 20;

export type CodeItemView = {
  id: string;
  position: number;
  advertiserId: string;
  advertiserName: string | null;
  codeMasked: string;
  state: CodeItemState;
  preview: CodePreviewFacts | null;
  tiktokCode: number | null;
  tiktokMessage: string | null;
  /** For failed and skipped items: the reason in plain words and what to ask the creator for. */
  reason: string | null;
  askCreator: string | null;
  attempts: number;
  finishedAt: string | null;
  /** For applied codes: when the authorization ends, as the re-read ledger (tt_spark_posts) says. */
  authorizedUntil: string | null;
};

export type CodeBatchCounts = Record<CodeItemState, number>;

export type CodeBatchSummary = {
  id: string;
  createdAt: string;
  createdBy: { name: string | null; email: string } | null;
  source: 'web' | 'cli';
  advertisers: { advertiserId: string; name: string | null }[];
  finishedAt: string | null;
  /** A run is working on it now. */
  running: boolean;
  followUpError: string | null;
  counts: CodeBatchCounts;
  total: number;
};

export type CodeBatchView = CodeBatchSummary & { items: CodeItemView[] };

const EMPTY_COUNTS: CodeBatchCounts = { pending: 0, previewed: 0, applying: 0, applied: 0, already_applied: 0, failed: 0, skipped: 0 };

async function advertiserNames(db: Database, orgId: string): Promise<Map<string, string | null>> {
  return new Map((await listCodeTargets(db, { orgId })).map((t) => [t.advertiserId, t.name]));
}

const batchColumns = {
  id: codeBatches.id,
  createdAt: codeBatches.createdAt,
  source: codeBatches.source,
  advertiserIds: codeBatches.advertiserIds,
  finishedAt: codeBatches.finishedAt,
  running: sql<boolean>`coalesce(${codeBatches.runLeaseUntil} > now(), false)`,
  followUpError: codeBatches.followUpError,
  userName: users.name,
  userEmail: users.email,
};

type BatchRow = {
  id: string;
  createdAt: Date;
  source: 'web' | 'cli';
  advertiserIds: string[];
  finishedAt: Date | null;
  running: boolean;
  followUpError: string | null;
  userName: string | null;
  userEmail: string | null;
};

function summary(row: BatchRow, names: Map<string, string | null>, counts: CodeBatchCounts): CodeBatchSummary {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.userEmail === null ? null : { name: row.userName, email: row.userEmail },
    source: row.source,
    advertisers: row.advertiserIds.map((advertiserId) => ({ advertiserId, name: names.get(advertiserId) ?? null })),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    running: row.running,
    followUpError: row.followUpError,
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
  };
}

async function countsOf(db: Database, orgId: string, batchIds: string[]): Promise<Map<string, CodeBatchCounts>> {
  const out = new Map<string, CodeBatchCounts>(batchIds.map((id) => [id, { ...EMPTY_COUNTS }]));
  if (batchIds.length === 0) return out;
  const rows = await db
    .select({ batchId: codeBatchItems.batchId, state: codeBatchItems.state, n: sql<number>`count(*)::int` })
    .from(codeBatchItems)
    .where(and(eq(codeBatchItems.orgId, orgId), inArray(codeBatchItems.batchId, batchIds)))
    .groupBy(codeBatchItems.batchId, codeBatchItems.state);
  for (const row of rows) {
    const counts = out.get(row.batchId);
    if (counts) counts[row.state] = row.n;
  }
  return out;
}

/** One batch with every item (codes masked), or null when it is not this organization's. */
export async function getCodeBatch(db: Database, { orgId, batchId }: { orgId: string; batchId: string }): Promise<CodeBatchView | null> {
  if (!z.uuid().safeParse(batchId).success) return null;
  const [row] = await db
    .select(batchColumns)
    .from(codeBatches)
    .leftJoin(users, eq(users.id, codeBatches.createdBy))
    .where(and(eq(codeBatches.orgId, orgId), eq(codeBatches.id, batchId)));
  if (!row) return null;
  const [names, counts, items] = await Promise.all([
    advertiserNames(db, orgId),
    countsOf(db, orgId, [batchId]),
    db
      .select()
      .from(codeBatchItems)
      .where(and(eq(codeBatchItems.orgId, orgId), eq(codeBatchItems.batchId, batchId)))
      .orderBy(asc(codeBatchItems.position), asc(codeBatchItems.advertiserId)),
  ]);
  const hashes = [...new Set(items.map((i) => i.codeSha256))];
  const ledger = new Map(
    hashes.length === 0
      ? []
      : (
          await db
            .select({ advertiserId: ttSparkPosts.advertiserId, hash: ttSparkPosts.authCodeSha256, end: ttSparkPosts.authEndTime })
            .from(ttSparkPosts)
            .where(and(eq(ttSparkPosts.orgId, orgId), inArray(ttSparkPosts.authCodeSha256, hashes), isNull(ttSparkPosts.removedAt)))
        ).map((r) => [`${r.advertiserId}:${r.hash}`, r.end]),
  );
  return {
    ...summary(row, names, counts.get(batchId) ?? { ...EMPTY_COUNTS }),
    items: items.map((item) => {
      const inLedger = ledger.has(`${item.advertiserId}:${item.codeSha256}`);
      const failure =
        item.state === 'failed' && item.tiktokMessage !== null
          ? explainFailure(item.tiktokCode, item.tiktokMessage)
          : item.state === 'skipped'
            ? explainSkip({ tiktokCode: item.tiktokCode, tiktokMessage: item.tiktokMessage, facts: item.preview, alreadyApplied: inLedger, skippedAt: item.finishedAt })
            : null;
      return {
        id: item.id,
        position: item.position,
        advertiserId: item.advertiserId,
        advertiserName: names.get(item.advertiserId) ?? null,
        codeMasked: item.codeMasked,
        state: item.state,
        preview: item.preview,
        tiktokCode: item.tiktokCode,
        tiktokMessage: item.tiktokMessage,
        reason: failure?.reason ?? null,
        askCreator: failure?.askCreator ?? null,
        attempts: item.attempts,
        finishedAt: item.finishedAt?.toISOString() ?? null,
        authorizedUntil: item.state === 'applied' || item.state === 'already_applied' ? (ledger.get(`${item.advertiserId}:${item.codeSha256}`)?.toISOString() ?? null) : null,
      };
    }),
  };
}

/** The organization's batches, newest first, with per-state counts (two queries per page). */
export async function listCodeBatches(db: Database, { orgId, page = 1 }: { orgId: string; page?: number }): Promise<{ batches: CodeBatchSummary[]; total: number; pageSize: number }> {
  const [rows, [count], names] = await Promise.all([
    db
      .select(batchColumns)
      .from(codeBatches)
      .leftJoin(users, eq(users.id, codeBatches.createdBy))
      .where(eq(codeBatches.orgId, orgId))
      .orderBy(desc(codeBatches.createdAt), desc(codeBatches.id))
      .limit(CODE_BATCHES_PAGE_SIZE)
      .offset((page - 1) * CODE_BATCHES_PAGE_SIZE),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(codeBatches)
      .where(eq(codeBatches.orgId, orgId)),
    advertiserNames(db, orgId),
  ]);
  const counts = await countsOf(
    db,
    orgId,
    rows.map((r) => r.id),
  );
  return { batches: rows.map((row) => summary(row, names, counts.get(row.id) ?? { ...EMPTY_COUNTS })), total: count?.n ?? 0, pageSize: CODE_BATCHES_PAGE_SIZE };
}
