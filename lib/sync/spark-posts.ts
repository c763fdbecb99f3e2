import 'server-only';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ttSparkPosts, type StreamCounters } from '@/db/schema';
import type { TikTokClient } from '@/lib/tiktok';
import { fetchSparkPosts } from './fetch';
import { sparkPostRow } from './rows';
import { syncRows } from './upsert';

/**
 * Re-reads one ad account's Spark ledger (`/tt_video/list/`) and writes it exactly as a full sync
 * would (same rows, same removal marks), e.g. right after creator codes were applied, so the ledger
 * shows the new authorizations without waiting for the next sync.
 */
export async function refreshSparkPosts(
  db: Database,
  { orgId, connectionId, advertiserId, client, now = new Date() }: { orgId: string; connectionId: string; advertiserId: string; client: TikTokClient; now?: Date },
): Promise<StreamCounters> {
  const posts = await fetchSparkPosts(client, advertiserId);
  return db.transaction((tx) => syncRows(tx, ttSparkPosts, { orgId, connectionId, now, rows: posts.map((p) => sparkPostRow(advertiserId, p)), scope: eq(ttSparkPosts.advertiserId, advertiserId) }));
}
