import { formatDateTime } from '@/lib/dates';
import type { DatabaseHandle } from '@/db/client';
import type { DeliveryEnvironment } from '@/lib/alerts/delivery';
import { runDigest, type ChannelOutcome, type DigestRun } from '@/lib/alerts/run';
import { findOrganizationBySlug } from '@/lib/tenancy/operator';

// `alerts run --org S`: build the organization's digest now, deliver it to its channels (once per
// channel and UTC day, like the schedule) and print it.

export async function runAlertsNow(databases: Pick<DatabaseHandle, 'db' | 'forOrganization'>, env: DeliveryEnvironment, { orgSlug, now = new Date() }: { orgSlug: string; now?: Date }) {
  const org = await findOrganizationBySlug(databases.db, orgSlug);
  return { org, run: await runDigest(databases.forOrganization(org.id), env, { orgId: org.id, now }) };
}

/** Delivered, or kept in the outbox: nothing left to do for this channel now. */
function delivered(outcome: ChannelOutcome): boolean {
  return outcome.delivery === null || outcome.delivery.status === 'sent';
}

export function alertsRunSucceeded(run: DigestRun): boolean {
  return run.outcomes.every(delivered);
}

function describeOutcome({ channel, delivery }: ChannelOutcome): string {
  const to = channel.kind === 'slack' ? `Slack ${channel.label} (${channel.detail ?? ''})` : channel.label;
  if (delivery === null) return `  = ${to}: today's digest was already delivered; not sent again`;
  if (delivery.status === 'sent') return `  ✓ ${to}: ${delivery.transport === 'outbox' ? 'kept in the outbox (SMTP_URL is not set)' : 'sent'}`;
  if (delivery.status === 'failed') return `  ✗ ${to}: failed — ${delivery.lastError ?? 'unknown error'}`;
  return `  … ${to}: not delivered yet (${delivery.lastError ?? 'queued'}); retried at ${formatDateTime(delivery.nextAttemptAt)}`;
}

export function describeAlertsRun(run: DigestRun): string {
  const deliveries = run.outcomes.length === 0 ? ['No alert channels: add recipients under Settings → Alerts. Nothing was delivered.'] : ['Delivery:', ...run.outcomes.map(describeOutcome)];
  return [run.message.text, '', ...deliveries].join('\n');
}

export function alertsRunJson(run: DigestRun) {
  return {
    digest: run.digest,
    subject: run.message.subject,
    deliveries: run.outcomes.map(({ channel, delivery }) => ({
      channel,
      status: delivery === null ? 'already_sent' : delivery.status,
      transport: delivery?.transport ?? null,
      attempts: delivery?.attempts ?? 0,
      error: delivery?.lastError ?? null,
    })),
  };
}
