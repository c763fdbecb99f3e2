import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, DatabaseHandle, Queryable } from '@/db/client';
import { alertChannels, alertDeliveries, alertEvents, alertSettings, organizations } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { isoDay } from '@/lib/dates';
import { env as processEnv } from '@/lib/env';
import { ValidationError } from '@/lib/errors';
import { sendRenewalReminders } from '@/lib/renewals/renewals';
import { getChannelTarget, listChannelTargets, type ChannelTarget } from './channels';
import { deliverDue, listStrandedDeliveries, queueDelivery, retryDelivery, type Delivery, type DeliveryEnvironment } from './delivery';
import { buildDigest, groupBlockingAds, queryNewlyBlocking, type Digest } from './digest';
import { blockingMessage, digestMessage, testMessage, type AlertMessage } from './render';
import { getAlertSettings, type AlertSettings } from './settings';

const DAY_MS = 86_400_000;

/** What a digest covers when there was none before: the last day. */
function digestSince(settings: AlertSettings, now: Date): Date {
  return settings.lastDigestAt ?? new Date(now.getTime() - DAY_MS);
}

/** The daily digest is due once the organization's hour has come and none went out today (UTC). */
export function digestDue(settings: AlertSettings, now: Date): boolean {
  if (!settings.dailyDigest || now.getUTCHours() < settings.digestHourUtc) return false;
  return settings.lastDigestAt === null || isoDay(settings.lastDigestAt) < isoDay(now);
}

/** Serializes alert work of one organization (its settings row, created if missing). */
async function lockOrgAlerts(tx: Queryable, orgId: string) {
  await tx.insert(alertSettings).values({ orgId }).onConflictDoNothing();
  await tx.select({ orgId: alertSettings.orgId }).from(alertSettings).where(eq(alertSettings.orgId, orgId)).for('update');
}

/**
 * Claims `eventKey` for the channel and queues its message in the same transaction: an event
 * already claimed (by an earlier run or another process) queues nothing. Returns the delivery id.
 */
async function claimAndQueue(
  tx: Queryable,
  args: { orgId: string; channel: ChannelTarget; eventKeys: string[]; kind: 'digest' | 'blocking'; message: (claimed: Set<string>) => AlertMessage; env: DeliveryEnvironment; now: Date },
): Promise<string | null> {
  const deliveryId = crypto.randomUUID();
  const claimed = await tx
    .insert(alertEvents)
    .values(args.eventKeys.map((eventKey) => ({ orgId: args.orgId, channelId: args.channel.id, eventKey, deliveryId, createdAt: args.now })))
    .onConflictDoNothing()
    .returning({ eventKey: alertEvents.eventKey });
  if (claimed.length === 0) return null;
  const message = args.message(new Set(claimed.map((c) => c.eventKey)));
  await queueDelivery(tx, { orgId: args.orgId, id: deliveryId, channel: args.channel, kind: args.kind, message, config: args.env.config, now: args.now });
  return deliveryId;
}

export type ChannelOutcome = { channel: Pick<ChannelTarget, 'id' | 'kind' | 'label' | 'detail'>; delivery: Delivery | null };

export type DigestRun = { digest: Digest; message: AlertMessage; outcomes: ChannelOutcome[] };

const channelSummary = ({ id, kind, label, detail }: ChannelTarget) => ({ id, kind, label, detail });

/**
 * Builds the organization's digest now and delivers it to every channel that has not had today's
 * digest (UTC day) yet; ads that turned blocking since the previous digest are in it. Running it
 * twice the same day sends once. `delivery: null` in an outcome means "already sent today".
 */
export async function runDigest(db: Database, env: DeliveryEnvironment, { orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<DigestRun> {
  const { digest, message, queued } = await db.transaction(async (tx) => {
    await lockOrgAlerts(tx, orgId);
    const settings = await getAlertSettings(tx, { orgId });
    const digest = await buildDigest(tx, { orgId, now, blockingSince: digestSince(settings, now), firstDigest: settings.lastDigestAt === null });
    const message = digestMessage(digest);
    const queued = new Map<ChannelTarget, string | null>();
    for (const channel of await listChannelTargets(tx, { orgId, keyring: env.keyring })) {
      queued.set(channel, await claimAndQueue(tx, { orgId, channel, eventKeys: [`digest:${isoDay(now)}`], kind: 'digest', message: () => message, env, now }));
    }
    if ([...queued.values()].some((id) => id !== null)) await tx.update(alertSettings).set({ lastDigestAt: now }).where(eq(alertSettings.orgId, orgId));
    return { digest, message, queued };
  });
  const ids = [...queued.values()].filter((id): id is string => id !== null);
  const delivered = ids.length > 0 ? await deliverDue(db, env, { orgId, ids, now }) : [];
  const outbox = ids.length > 0 ? await deliveriesById(db, orgId, ids) : new Map<string, Delivery>();
  const outcomes = [...queued.entries()].map(([channel, id]) => ({
    channel: channelSummary(channel),
    delivery: id === null ? null : (delivered.find((d) => d.id === id) ?? outbox.get(id) ?? null),
  }));
  return { digest, message, outcomes };
}

async function deliveriesById(db: Database, orgId: string, ids: string[]): Promise<Map<string, Delivery>> {
  const rows = await db
    .select()
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.orgId, orgId), inArray(alertDeliveries.id, ids)));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Immediate alerts: running Spark ads that turned blocking since immediate alerts were switched on
 * (and since the channel was added). One event per (ad, moment it turned blocking) and channel,
 * so an ad is reported once per time it breaks; ads found together go out as one message.
 */
export async function runBlockingAlerts(db: Database, env: DeliveryEnvironment, { orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<Delivery[]> {
  const ids = await db.transaction(async (tx) => {
    await lockOrgAlerts(tx, orgId);
    const settings = await getAlertSettings(tx, { orgId });
    if (!settings.immediateBlocking) return [];
    const channels = await listChannelTargets(tx, { orgId, keyring: env.keyring });
    if (channels.length === 0) return [];
    const org = await orgName(tx, orgId);
    const earliest = new Date(Math.min(...channels.map((c) => Math.max(settings.immediateSince.getTime(), c.createdAt.getTime()))));
    const rows = await queryNewlyBlocking(tx, { orgId, since: earliest, now, runningOnly: true });
    const keyOf = (row: (typeof rows)[number]) => `blocking:${row.connectionId}:${row.adId}:${row.blockingSince!.toISOString()}`;
    const queued: string[] = [];
    for (const channel of channels) {
      const floor = Math.max(settings.immediateSince.getTime(), channel.createdAt.getTime());
      const mine = rows.filter((r) => r.blockingSince!.getTime() > floor);
      if (mine.length === 0) continue;
      const id = await claimAndQueue(tx, {
        orgId,
        channel,
        eventKeys: mine.map(keyOf),
        kind: 'blocking',
        message: (claimed) => blockingMessage({ org, groups: groupBlockingAds(mine.filter((r) => claimed.has(keyOf(r)))), now }),
        env,
        now,
      });
      if (id) queued.push(id);
    }
    return queued;
  });
  return ids.length > 0 ? deliverDue(db, env, { orgId, ids, now }) : [];
}

async function orgName(tx: Queryable, orgId: string) {
  const [org] = await tx.select({ name: organizations.name, timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
  return { name: org?.name ?? 'your organization', timeZone: org?.timeZone ?? 'UTC' };
}

/** "Send test": the current digest, marked as a test, to one channel, sent now (one attempt) and audited. */
export async function sendTestAlert(
  db: Database,
  env: DeliveryEnvironment,
  { orgId, channelId, actorId, now = new Date() }: { orgId: string; channelId: string; actorId: string | null; now?: Date },
): Promise<Delivery> {
  const channel = await getChannelTarget(db, { orgId, channelId, keyring: env.keyring });
  if (!channel.active) throw new ValidationError(`${channel.label} has left the organization: alerts are not sent to them`);
  const settings = await getAlertSettings(db, { orgId });
  const message = testMessage(digestMessage(await buildDigest(db, { orgId, now, blockingSince: digestSince(settings, now), firstDigest: settings.lastDigestAt === null })));
  const queued = await db.transaction(async (tx) => {
    const delivery = await queueDelivery(tx, { orgId, channel, kind: 'test', message, createdBy: actorId, config: env.config, now });
    await audit(tx, orgId, actorId, 'alerts.test_sent', channel.kind === 'slack' ? (channel.detail ?? channel.label) : channel.address, { kind: channel.kind });
    return delivery;
  });
  if (queued.status === 'sent') return queued;
  const [delivered] = await deliverDue(db, env, { orgId, ids: [queued.id], now });
  return delivered ?? queued;
}

/** Organizations with at least one alert channel: the only ones the schedule looks at. */
export async function listOrgsWithChannels(db: Queryable): Promise<string[]> {
  const rows = await db
    .selectDistinct({ orgId: alertChannels.orgId })
    .from(alertChannels)
    .orderBy(sql`1`);
  return rows.map((r) => r.orgId);
}

/**
 * The schedule's work (every minute): immediate alerts and the day's digest where due, each
 * organization as itself (`forOrganization`: row-level security on Postgres); one organization
 * failing does not stop the others. Retries are jobs of their own (`env.scheduleRetry`); the tick
 * only puts back on the queue a delivery whose retry is long overdue (a process died), or, with
 * no queue, attempts it itself. Its two cross-organization reads — which organizations have
 * channels, which deliveries are stranded — go through `databases.db`. Failures are returned.
 */
export async function runAlertsTick(
  databases: Pick<DatabaseHandle, 'db' | 'forOrganization'>,
  env: DeliveryEnvironment,
  { now = new Date(), appUrl = processEnv.APP_URL }: { now?: Date; appUrl?: string } = {},
): Promise<string[]> {
  const failures: string[] = [];
  const failed = (orgId: string, error: unknown) => failures.push(`organization ${orgId}: ${error instanceof Error ? error.message : String(error)}`);
  for (const orgId of await listOrgsWithChannels(databases.db)) {
    const db = databases.forOrganization(orgId);
    try {
      await runBlockingAlerts(db, env, { orgId, now });
      if (digestDue(await getAlertSettings(db, { orgId }), now)) await runDigest(db, env, { orgId, now });
    } catch (error) {
      failed(orgId, error);
    }
  }
  for (const stranded of await listStrandedDeliveries(databases.db, now)) {
    try {
      if (env.scheduleRetry) await env.scheduleRetry({ ...stranded, at: now });
      else await retryDelivery(databases.forOrganization(stranded.orgId), env, { ...stranded, now });
    } catch (error) {
      failed(stranded.orgId, error);
    }
  }
  // Renewal links' one reminder e-mail; the link in it needs APP_URL (never a request's Host).
  if (appUrl) {
    try {
      await sendRenewalReminders(databases, { mailer: { smtpUrl: env.config.smtpUrl, from: env.config.from }, keyring: env.keyring, base: new URL(appUrl).origin }, { now });
    } catch (error) {
      failures.push(`renewal reminders: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures;
}
