import 'server-only';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { tiktokConnections, ttAdvertisers } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';

/** An ad account codes can be applied to, and the connection whose token applies them. */
export type CodeTarget = { advertiserId: string; name: string | null; connectionId: string; connectionLabel: string };

/** Every ad account of the organization's active TikTok connections (the first connection wins when two reach one). */
export async function listCodeTargets(db: Queryable, { orgId }: { orgId: string }): Promise<CodeTarget[]> {
  const connections = await db
    .select({ id: tiktokConnections.id, label: tiktokConnections.label, advertiserIds: tiktokConnections.advertiserIds })
    .from(tiktokConnections)
    .where(and(eq(tiktokConnections.orgId, orgId), eq(tiktokConnections.status, 'active')))
    .orderBy(asc(tiktokConnections.createdAt));
  const ids = [...new Set(connections.flatMap((c) => c.advertiserIds))];
  const names = new Map<string, string | null>();
  if (ids.length > 0) {
    const rows = await db
      .select({ advertiserId: ttAdvertisers.advertiserId, name: ttAdvertisers.name })
      .from(ttAdvertisers)
      .where(and(eq(ttAdvertisers.orgId, orgId), inArray(ttAdvertisers.advertiserId, ids), isNull(ttAdvertisers.removedAt)));
    for (const row of rows) if (row.name !== null || !names.has(row.advertiserId)) names.set(row.advertiserId, row.name);
  }
  const targets = new Map<string, CodeTarget>();
  for (const connection of connections) {
    for (const advertiserId of connection.advertiserIds) {
      if (!targets.has(advertiserId)) {
        targets.set(advertiserId, { advertiserId, name: names.get(advertiserId) ?? null, connectionId: connection.id, connectionLabel: connection.label });
      }
    }
  }
  return [...targets.values()].sort((a, b) => (a.name ?? a.advertiserId).localeCompare(b.name ?? b.advertiserId));
}

/** The targets for the given ad accounts; one that is not the organization's is a 404 (never another org's). */
export async function resolveCodeTargets(db: Queryable, { orgId, advertiserIds }: { orgId: string; advertiserIds: readonly string[] }): Promise<CodeTarget[]> {
  const all = new Map((await listCodeTargets(db, { orgId })).map((t) => [t.advertiserId, t]));
  return advertiserIds.map((id) => {
    const target = all.get(id);
    if (!target) throw new NotFoundError(`Ad account ${id} is not connected to this organization`);
    return target;
  });
}

export function targetLabel(target: Pick<CodeTarget, 'advertiserId' | 'name'>): string {
  return target.name ? `${target.name} (${target.advertiserId})` : target.advertiserId;
}
