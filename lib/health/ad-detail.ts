import 'server-only';
import type { Queryable } from '@/db/client';
import { getAdHealth, type AdHealthRow } from './queries';
import { loadAdSnapshot } from './snapshots';
import type { AdSnapshot } from './types';

export type AdDetail = { health: AdHealthRow; snapshot: AdSnapshot | null };

/**
 * One ad for its page, the API and the support packet: the stored health and the synced world it
 * was computed from (null if the ad has left the synced data since), or null for an ad the
 * organization does not have.
 */
export async function getAdDetail(db: Queryable, { orgId, adId }: { orgId: string; adId: string }): Promise<AdDetail | null> {
  const health = await getAdHealth(db, { orgId, adId });
  if (!health) return null;
  return { health, snapshot: await loadAdSnapshot(db, { orgId, adId, connectionId: health.connectionId }) };
}
