import 'server-only';
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { adHealth, renewalRequests, type RenewalStatus } from '@/db/schema';

/** An open renewal request as the digest lists it. */
export type OpenRenewal = { itemId: string; handle: string | null; status: RenewalStatus; createdAt: Date; expiresAt: Date };

/** Requests the creator can still act on (sent, opened, code received, code not applied), newest first. */
export async function queryOpenRenewals(db: Queryable, { orgId, now, limit = 50 }: { orgId: string; now: Date; limit?: number }): Promise<OpenRenewal[]> {
  return db
    .select({
      itemId: renewalRequests.itemId,
      handle: sql<string | null>`(select max(${adHealth.postHandle}) from ${adHealth} where ${adHealth.orgId} = ${renewalRequests.orgId} and ${adHealth.itemId} = ${renewalRequests.itemId})`,
      status: renewalRequests.status,
      createdAt: renewalRequests.createdAt,
      expiresAt: renewalRequests.expiresAt,
    })
    .from(renewalRequests)
    .where(and(eq(renewalRequests.orgId, orgId), inArray(renewalRequests.status, ['sent', 'opened', 'code_received', 'failed']), gt(renewalRequests.expiresAt, now)))
    .orderBy(desc(renewalRequests.createdAt))
    .limit(limit);
}
