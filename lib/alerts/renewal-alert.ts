import 'server-only';
import type { Database } from '@/db/client';
import { alertEvents } from '@/db/schema';
import { formatLongDate } from '@/lib/dates';
import type { RenewedEvent } from '@/lib/renewals/renewals';
import { listChannelTargets } from './channels';
import { deliverDue, queueDelivery, type DeliveryEnvironment } from './delivery';
import type { AlertMessage } from './render';

const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const escapeSlack = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** "@mia renewed post 123 until 6 December 2027 through the renewal link." */
export function renewalAlertMessage({ brand, itemId, handle, newEndTime }: Pick<RenewedEvent, 'brand' | 'itemId' | 'handle' | 'newEndTime'>): AlertMessage {
  const who = handle ? `@${handle}` : 'A creator';
  const until = newEndTime ? ` until ${formatLongDate(newEndTime)}` : '';
  const line = `${who} renewed the Spark authorization of post ${itemId}${until} through the renewal link. The code is applied; the ads keep running.`;
  return {
    subject: `${brand}: ${who} renewed post ${itemId}`,
    text: line,
    html: `<p style="margin:0;font-family:system-ui,sans-serif;font-size:14px;color:#0f172a">${escapeHtml(line)}</p>`,
    slack: { text: line, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: ${escapeSlack(line)}` } }] },
  };
}

/** Tells every alert channel once (event `renewal:<request id>`) that a creator renewed through a renewal link. */
export async function alertRenewed(db: Database, env: DeliveryEnvironment, event: RenewedEvent): Promise<void> {
  const message = renewalAlertMessage(event);
  const ids = await db.transaction(async (tx) => {
    const queued: string[] = [];
    for (const channel of await listChannelTargets(tx, { orgId: event.orgId, keyring: env.keyring })) {
      const deliveryId = crypto.randomUUID();
      const claimed = await tx
        .insert(alertEvents)
        .values({ orgId: event.orgId, channelId: channel.id, eventKey: `renewal:${event.requestId}`, deliveryId, createdAt: event.now })
        .onConflictDoNothing()
        .returning({ key: alertEvents.eventKey });
      if (claimed.length === 0) continue;
      await queueDelivery(tx, { orgId: event.orgId, id: deliveryId, channel, kind: 'renewal', message, config: env.config, now: event.now });
      queued.push(deliveryId);
    }
    return queued;
  });
  if (ids.length > 0) await deliverDue(db, env, { orgId: event.orgId, ids, now: event.now });
}
