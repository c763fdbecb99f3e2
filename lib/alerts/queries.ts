import 'server-only';
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/db/client';
import { alertDeliveries } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';

export const DELIVERIES_SHOWN = 100;

export const deliveriesQuerySchema = z.object({
  status: z.enum(alertDeliveries.status.enumValues, { error: `status must be one of: ${alertDeliveries.status.enumValues.join(', ')}` }).optional(),
});

export type DeliveryListItem = Omit<typeof alertDeliveries.$inferSelect, 'slackBlocks' | 'htmlBody'>;

/** The newest deliveries of an organization (the outbox and delivery log), without the rendered HTML and Slack blocks. */
export async function listDeliveries(db: Queryable, { orgId, status, limit = DELIVERIES_SHOWN }: { orgId: string; status?: DeliveryListItem['status']; limit?: number }): Promise<DeliveryListItem[]> {
  return db
    .select({
      orgId: alertDeliveries.orgId,
      id: alertDeliveries.id,
      channelId: alertDeliveries.channelId,
      kind: alertDeliveries.kind,
      transport: alertDeliveries.transport,
      recipient: alertDeliveries.recipient,
      subject: alertDeliveries.subject,
      textBody: alertDeliveries.textBody,
      status: alertDeliveries.status,
      attempts: alertDeliveries.attempts,
      nextAttemptAt: alertDeliveries.nextAttemptAt,
      lastError: alertDeliveries.lastError,
      createdBy: alertDeliveries.createdBy,
      createdAt: alertDeliveries.createdAt,
      sentAt: alertDeliveries.sentAt,
    })
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.orgId, orgId), status === undefined ? undefined : eq(alertDeliveries.status, status)))
    .orderBy(desc(alertDeliveries.createdAt), desc(alertDeliveries.id))
    .limit(limit);
}

/** A channel id from the URL; anything that is not a UUID names no channel (404, not a database error). */
export function channelIdParam(id: string): string {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError('No such alert channel');
  return id;
}

export type LastDelivery = Pick<DeliveryListItem, 'kind' | 'status' | 'transport' | 'attempts' | 'lastError' | 'createdAt'>;

/** The newest delivery to each channel, for the settings page's "last message" column. */
export async function lastDeliveryByChannel(db: Queryable, { orgId }: { orgId: string }): Promise<Map<string, LastDelivery>> {
  const rows = await db
    .selectDistinctOn([alertDeliveries.channelId], {
      channelId: alertDeliveries.channelId,
      kind: alertDeliveries.kind,
      status: alertDeliveries.status,
      transport: alertDeliveries.transport,
      attempts: alertDeliveries.attempts,
      lastError: alertDeliveries.lastError,
      createdAt: alertDeliveries.createdAt,
    })
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.orgId, orgId), isNotNull(alertDeliveries.channelId)))
    .orderBy(alertDeliveries.channelId, desc(alertDeliveries.createdAt));
  return new Map(rows.map(({ channelId, ...last }) => [channelId!, last]));
}
