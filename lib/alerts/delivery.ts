import 'server-only';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database, Queryable } from '@/db/client';
import { alertDeliveries } from '@/db/schema';
import type { Keyring } from '@/lib/crypto/keyring';
import { sendSmtp } from '@/lib/mail/smtp';
import { getChannelTarget, webhookUrlProblem, type ChannelTarget } from './channels';
import type { AlertTransportConfig } from './config';
import type { AlertMessage } from './render';

export type Delivery = typeof alertDeliveries.$inferSelect;
export type AlertKind = Delivery['kind'];

/** Attempts before a delivery is given up; a test is tried once, so its result shows right away. */
export const MAX_ATTEMPTS = 5;
/** Wait after the 1st, 2nd, 3rd and 4th failed attempt. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000];
/** How long a claimed delivery stays with its worker before another may pick it up again. */
const CLAIM_MS = 2 * 60_000;
const CLAIM_BATCH = 50;

/** A failed delivery's next attempt: due at `at`, worked as the delivery's organization. */
export type DeliveryRetry = { orgId: string; deliveryId: string; at: Date };

export type DeliveryEnvironment = {
  config: AlertTransportConfig;
  keyring: Keyring;
  /** The fetch used for Slack (tests may count calls). */
  fetch?: typeof fetch;
  /**
   * Puts a failed delivery's next attempt on the job queue (pg-boss with `startAfter` on Postgres,
   * the in-process runner on PGlite), at most one waiting job per delivery. Without it (a command
   * run once) the next attempt waits for the alerts tick's sweep of stranded deliveries.
   */
  scheduleRetry?: (retry: DeliveryRetry) => Promise<void>;
};

/** A failed attempt; `permanent` when trying again cannot help (a deleted webhook, an address the server refuses). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** Queues a message to a channel. Without SMTP an e-mail is kept in the outbox (delivered there at once). */
export async function queueDelivery(
  db: Queryable,
  {
    orgId,
    id = crypto.randomUUID(),
    channel,
    kind,
    message,
    createdBy = null,
    config,
    now,
  }: { orgId: string; id?: string; channel: ChannelTarget; kind: AlertKind; message: AlertMessage; createdBy?: string | null; config: AlertTransportConfig; now: Date },
): Promise<Delivery> {
  const transport = channel.kind === 'slack' ? 'slack' : config.smtpUrl ? 'smtp' : 'outbox';
  const outbox = transport === 'outbox';
  const [row] = await db
    .insert(alertDeliveries)
    .values({
      orgId,
      id,
      channelId: channel.id,
      kind,
      transport,
      recipient: channel.kind === 'slack' ? `${channel.label} · ${channel.detail ?? ''}` : channel.address,
      subject: message.subject,
      textBody: message.text,
      htmlBody: channel.kind === 'email' ? message.html : null,
      slackBlocks: channel.kind === 'slack' ? message.slack.blocks : null,
      status: outbox ? 'sent' : 'pending',
      attempts: outbox ? 1 : 0,
      nextAttemptAt: now,
      createdBy,
      createdAt: now,
      sentAt: outbox ? now : null,
    })
    .returning();
  return row!;
}

async function postToSlack(url: string, delivery: Delivery, env: DeliveryEnvironment): Promise<void> {
  const problem = webhookUrlProblem(url, env.config);
  if (problem) throw new DeliveryError(`The webhook URL is not accepted: ${problem}`, true);
  let response: Response;
  try {
    response = await (env.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: delivery.subject, blocks: delivery.slackBlocks ?? [] }),
      signal: AbortSignal.timeout(env.config.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${env.config.timeoutMs / 1000} s` : error instanceof Error ? error.message : String(error);
    throw new DeliveryError(`Could not reach Slack: ${reason}`, false);
  }
  if (response.ok) return;
  // Slack names the problem in the body (no_service, invalid_token, channel_is_archived, invalid_blocks…).
  const body = (await response.text().catch(() => '')).slice(0, 200).trim();
  const transient = response.status === 429 || response.status >= 500;
  throw new DeliveryError(`Slack answered ${response.status}${body ? `: ${body}` : ''}`, !transient);
}

async function sendEmail(delivery: Delivery, env: DeliveryEnvironment): Promise<void> {
  if (!env.config.smtpUrl) throw new DeliveryError('SMTP_URL is no longer configured', false);
  try {
    await sendSmtp(
      env.config.smtpUrl,
      { from: env.config.from, to: delivery.recipient, subject: delivery.subject, text: delivery.textBody, html: delivery.htmlBody ?? undefined },
      env.config.timeoutMs,
    );
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    const message = error instanceof Error ? error.message : String(error);
    // 5xx from the mail server is a refusal (bad address, policy); anything else may pass on a retry.
    throw new DeliveryError(`The mail server did not take it: ${message}`, typeof code === 'number' && code >= 500);
  }
}

async function attempt(db: Database, delivery: Delivery, env: DeliveryEnvironment): Promise<void> {
  if (delivery.transport === 'smtp') return sendEmail(delivery, env);
  if (!delivery.channelId) throw new DeliveryError('The Slack channel was removed', true);
  let channel: ChannelTarget;
  try {
    channel = await getChannelTarget(db, { orgId: delivery.orgId, channelId: delivery.channelId, keyring: env.keyring });
  } catch (error) {
    throw new DeliveryError(error instanceof Error && error.message.startsWith('No such') ? 'The Slack channel was removed' : 'The stored webhook URL cannot be opened with the current keys', true);
  }
  return postToSlack(channel.address, delivery, env);
}

/**
 * Sends what is due (queued, or waiting for a retry) — all organizations, one, or given deliveries.
 * Each is claimed first (status `sending`, attempt counted), so two workers never send it twice;
 * a worker that dies leaves it to be picked up again after the claim runs out. A failed attempt
 * that will be tried again goes on the queue for its time (`env.scheduleRetry`): 1, 5, 30, then
 * 120 minutes later.
 */
export async function deliverDue(db: Database, env: DeliveryEnvironment, { orgId, ids, now = new Date() }: { orgId?: string; ids?: string[]; now?: Date } = {}): Promise<Delivery[]> {
  const due = db
    .select({ id: alertDeliveries.id })
    .from(alertDeliveries)
    .where(
      and(
        orgId === undefined ? undefined : eq(alertDeliveries.orgId, orgId),
        ids === undefined ? undefined : inArray(alertDeliveries.id, ids),
        inArray(alertDeliveries.status, ['pending', 'sending']),
        lte(alertDeliveries.nextAttemptAt, now),
      ),
    )
    .orderBy(asc(alertDeliveries.nextAttemptAt))
    .limit(CLAIM_BATCH);
  const claimed = await db
    .update(alertDeliveries)
    .set({ status: 'sending', attempts: sql`${alertDeliveries.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + CLAIM_MS) })
    .where(and(inArray(alertDeliveries.id, due), inArray(alertDeliveries.status, ['pending', 'sending']), lte(alertDeliveries.nextAttemptAt, now)))
    .returning();

  const results: Delivery[] = [];
  for (const delivery of claimed) {
    let update: Partial<Delivery>;
    try {
      await attempt(db, delivery, env);
      update = { status: 'sent', sentAt: new Date(), lastError: null };
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError(error instanceof Error ? error.message : String(error), false);
      const maxAttempts = delivery.kind === 'test' ? 1 : MAX_ATTEMPTS;
      const giveUp = failure.permanent || delivery.attempts >= maxAttempts;
      update = giveUp
        ? { status: 'failed', lastError: failure.message }
        : { status: 'pending', lastError: failure.message, nextAttemptAt: new Date(now.getTime() + RETRY_DELAYS_MS[Math.min(delivery.attempts, RETRY_DELAYS_MS.length) - 1]!) };
    }
    const [row] = await db
      .update(alertDeliveries)
      .set(update)
      .where(and(eq(alertDeliveries.orgId, delivery.orgId), eq(alertDeliveries.id, delivery.id)))
      .returning();
    results.push(row!);
    if (row!.status === 'pending') await queueRetry(env, row!);
  }
  return results;
}

/** The next attempt of a delivery on the queue; a queue that cannot take it now leaves it to the tick's sweep. */
async function queueRetry(env: DeliveryEnvironment, delivery: Delivery): Promise<void> {
  try {
    await env.scheduleRetry?.({ orgId: delivery.orgId, deliveryId: delivery.id, at: delivery.nextAttemptAt });
  } catch (error) {
    console.error(`[sparkcheck] the retry of alert delivery ${delivery.id} was not queued (the alerts tick will find it):`, error instanceof Error ? error.message : error);
  }
}

/**
 * A retry job's work: the delivery's next attempt, claimed first like every attempt, so a job that
 * runs twice (or alongside the sweep's) sends once. A job that arrives before the attempt is due
 * (clocks apart) puts it back on the queue for its time. Returns the delivery after the attempt,
 * or null when there was nothing to send (already sent, given up, or claimed by another worker).
 */
export async function retryDelivery(db: Database, env: DeliveryEnvironment, { orgId, deliveryId, now = new Date() }: { orgId: string; deliveryId: string; now?: Date }): Promise<Delivery | null> {
  const [attempted] = await deliverDue(db, env, { orgId, ids: [deliveryId], now });
  if (attempted) return attempted;
  const [waiting] = await db
    .select()
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.orgId, orgId), eq(alertDeliveries.id, deliveryId), eq(alertDeliveries.status, 'pending')));
  if (waiting && waiting.nextAttemptAt > now) await queueRetry(env, waiting);
  return null;
}

/** A delivery whose retry job should long have run (a process died, the queue refused it) is stranded after this. */
export const STRANDED_AFTER_MS = 2 * 60_000;

/**
 * The alerts tick's one cross-organization read of deliveries: those still to send whose next
 * attempt (or a dead worker's claim) is more than STRANDED_AFTER_MS overdue. Each goes back on
 * the queue (one waiting job per delivery, so one already queued is not doubled).
 */
export async function listStrandedDeliveries(db: Database, now: Date): Promise<DeliveryRetry[]> {
  const rows = await db
    .select({ orgId: alertDeliveries.orgId, deliveryId: alertDeliveries.id, at: alertDeliveries.nextAttemptAt })
    .from(alertDeliveries)
    .where(and(inArray(alertDeliveries.status, ['pending', 'sending']), lte(alertDeliveries.nextAttemptAt, new Date(now.getTime() - STRANDED_AFTER_MS))))
    .orderBy(asc(alertDeliveries.nextAttemptAt))
    .limit(CLAIM_BATCH);
  return rows;
}
