import 'server-only';
import { and, asc, eq, gt, ne, or } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { tiktokConnections } from '@/db/schema';
import type { Keyring } from './keyring';
import { connectionTokenContext, needsRotation, rotateSealed, TokenDecryptionError } from './tokens';

export type TokenRotationReport = {
  /** Stored tokens looked at (disconnected connections hold none). */
  checked: number;
  /** Re-sealed with the active key. */
  rotated: number;
  /** Tokens that could not be opened: their key is missing from the keyring, or the value is damaged. */
  failed: { orgId: string; connectionId: string; message: string }[];
};

/**
 * Re-seals with the keyring's active key every stored TikTok access token sealed by another key,
 * so the old keys can then be dropped from TOKEN_ENCRYPTION_KEYS. Each row is its own update, and it
 * applies only if the row still holds the value that was read: a token replaced meanwhile (a
 * reconnect, a disconnect) is left as it is. A token that cannot be opened is reported and the
 * others go on. Rows are read `batchSize` at a time, in key order.
 */
export async function rotateConnectionTokens(db: Database, keyring: Keyring, { batchSize = 200 }: { batchSize?: number } = {}): Promise<TokenRotationReport> {
  const report: TokenRotationReport = { checked: 0, rotated: 0, failed: [] };
  let after: { orgId: string; id: string } | undefined;
  for (;;) {
    const rows = await db
      .select({ orgId: tiktokConnections.orgId, id: tiktokConnections.id, sealed: tiktokConnections.accessTokenSealed })
      .from(tiktokConnections)
      .where(and(ne(tiktokConnections.accessTokenSealed, ''), after && or(gt(tiktokConnections.orgId, after.orgId), and(eq(tiktokConnections.orgId, after.orgId), gt(tiktokConnections.id, after.id)))))
      .orderBy(asc(tiktokConnections.orgId), asc(tiktokConnections.id))
      .limit(batchSize);
    for (const row of rows) {
      report.checked += 1;
      let resealed: string;
      try {
        if (!needsRotation(keyring, row.sealed)) continue;
        resealed = rotateSealed(keyring, row.sealed, connectionTokenContext({ orgId: row.orgId, connectionId: row.id }));
      } catch (error) {
        if (!(error instanceof TokenDecryptionError)) throw error;
        report.failed.push({ orgId: row.orgId, connectionId: row.id, message: error.message });
        continue;
      }
      const updated = await db
        .update(tiktokConnections)
        .set({ accessTokenSealed: resealed })
        .where(and(eq(tiktokConnections.orgId, row.orgId), eq(tiktokConnections.id, row.id), eq(tiktokConnections.accessTokenSealed, row.sealed)))
        .returning({ id: tiktokConnections.id });
      report.rotated += updated.length;
    }
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return report;
    after = { orgId: last.orgId, id: last.id };
  }
}
