import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DatabaseHandle } from '@/db/client';
import { runCodeBatch, submitCodeBatch } from '@/lib/codes/apply';
import { describeEntry, MAX_CODES_PER_BATCH, parseCodes } from '@/lib/codes/parse';
import { getCodeBatch, type CodeBatchView } from '@/lib/codes/queries';
import { codeBatchRequestSchema } from '@/lib/codes/schemas';
import { codesEnv } from '@/lib/codes/tiktok';
import { ValidationError } from '@/lib/errors';
import { findOrganizationBySlug, type OrganizationRef } from '@/lib/tenancy/operator';
import { getTikTokApp } from '@/lib/wiring/tiktok';

export type CodesApplyResult = { org: OrganizationRef; batch: CodeBatchView; flagged: string[]; resumed: boolean };

/**
 * `codes apply`: the page's rules from a file. The idempotency key is derived from the organization,
 * ad account and codes, so running the same command again (after a crash, or by mistake) continues
 * the same batch instead of sending any code twice.
 */
export async function applyCodesFromFile(
  databases: Pick<DatabaseHandle, 'db' | 'forOrganization'>,
  { orgSlug, advertiserId, file }: { orgSlug: string; advertiserId: string; file: string },
): Promise<CodesApplyResult> {
  const org = await findOrganizationBySlug(databases.db, orgSlug);
  const db = databases.forOrganization(org.id);
  const parsed = parseCodes(await readFile(file, 'utf8'));
  const flagged = parsed.entries.filter((e) => e.problem !== null).map((e) => `line ${e.line}: ${e.code || '(empty)'} — ${describeEntry(e)}`);
  if (parsed.tooMany) {
    throw ValidationError.field(
      'file',
      `${parsed.codes.length} codes in ${file}: a batch takes at most ${MAX_CODES_PER_BATCH}. Split the file into ${parsed.batches.length} files of up to ${MAX_CODES_PER_BATCH} codes and apply them one after the other.`,
    );
  }
  if (parsed.codes.length === 0) throw ValidationError.field('file', `No creator codes found in ${file}${flagged.length > 0 ? ` (${flagged.join('; ')})` : ''}`);
  const body = codeBatchRequestSchema.safeParse({ codes: parsed.codes, advertiserIds: [advertiserId] });
  if (!body.success) throw ValidationError.fromZod(body.error, 'batch');
  const env = codesEnv(db, getTikTokApp(databases.db));
  const key = `cli:${createHash('sha256')
    .update(JSON.stringify([org.id, body.data.advertiserIds, body.data.codes]))
    .digest('hex')}`;
  const { batchId, created } = await submitCodeBatch(db, env, { orgId: org.id, actorId: null, idempotencyKey: key, request: body.data, source: 'cli' });
  await runCodeBatch(db, env, { orgId: org.id, batchId });
  const batch = await getCodeBatch(db, { orgId: org.id, batchId });
  if (!batch) throw new Error(`batch ${batchId} disappeared`);
  return { org, batch, flagged, resumed: !created };
}

export function codesApplySucceeded({ batch }: CodesApplyResult): boolean {
  return batch.finishedAt !== null && batch.counts.failed === 0;
}

export function describeCodesApply({ batch, flagged, resumed }: CodesApplyResult): string {
  const c = batch.counts;
  const lines = [
    ...(resumed ? [`This file was submitted before: batch ${batch.id} continued, nothing applied twice.`] : [`Batch ${batch.id}`]),
    ...flagged.map((f) => `  ! ${f}`),
    ...batch.items.map((item) => {
      const who = item.preview?.handle ? ` @${item.preview.handle.replace(/^@/, '')}` : '';
      const detail =
        item.state === 'failed'
          ? `\n      ${item.reason ?? ''} (TikTok ${item.tiktokCode ?? 'no answer'}: ${item.tiktokMessage ?? ''})${item.askCreator ? `\n      Ask the creator for: ${item.askCreator}` : ''}`
          : '';
      return `  ${item.codeMasked.padEnd(10)} ${item.advertiserId}${who}  ${item.state.replace('_', ' ')}${detail}`;
    }),
    `${c.applied} applied, ${c.already_applied} already applied, ${c.failed} failed, ${c.skipped} skipped${batch.finishedAt === null ? ` — ${c.pending + c.previewed + c.applying} not finished; run the same command again to continue` : ''}.`,
    ...(batch.followUpError ? [`Note: ${batch.followUpError}`] : []),
  ];
  return lines.join('\n');
}

export function codesApplyJson(result: CodesApplyResult) {
  const { batch } = result;
  return {
    ok: codesApplySucceeded(result),
    org: result.org.slug,
    resumed: result.resumed,
    flagged: result.flagged,
    batch: {
      id: batch.id,
      finished: batch.finishedAt !== null,
      counts: batch.counts,
      followUpError: batch.followUpError,
      items: batch.items.map((i) => ({
        code: i.codeMasked,
        advertiserId: i.advertiserId,
        state: i.state,
        creator: i.preview?.handle ?? null,
        itemId: i.preview?.itemId ?? null,
        authEnd: i.preview?.authEnd ?? null,
        tiktokCode: i.tiktokCode,
        tiktokMessage: i.tiktokMessage,
        reason: i.reason,
        askCreator: i.askCreator,
      })),
    },
  };
}
