import 'server-only';
import { createHash } from 'node:crypto';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/db/client';
import { alertChannels, memberships, users } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import type { Keyring } from '@/lib/crypto/keyring';
import { needsRotation, openToken, rotateSealed, sealToken, TokenDecryptionError } from '@/lib/crypto/tokens';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { emailSchema } from '@/lib/tenancy/invitations';

export type WebhookPolicy = { allowLoopbackWebhooks: boolean };

const SLACK_HOSTS = new Set(['hooks.slack.com', 'hooks.slack-gov.com']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why a Slack webhook URL is refused, or null when it is acceptable. The server posts to it, so only
 * Slack's own webhook hosts over https are allowed: any other host would let an admin make the
 * server call internal addresses. Loopback http is allowed only when the policy says so (tests).
 */
export function webhookUrlProblem(value: string, policy: WebhookPolicy): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter the full webhook URL, e.g. https://hooks.slack.com/services/T000/B000/XXXX';
  }
  if (policy.allowLoopbackWebhooks && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return null;
  if (url.protocol !== 'https:') return 'The webhook URL must start with https://';
  if (!SLACK_HOSTS.has(url.hostname) || url.port !== '' || url.username !== '' || url.password !== '') {
    return 'Use a Slack incoming-webhook URL (https://hooks.slack.com/services/…); other hosts are not accepted';
  }
  if (!/^\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+$/.test(url.pathname)) return 'That is not an incoming-webhook URL: it should look like https://hooks.slack.com/services/T000/B000/XXXX';
  return null;
}

/** What the page shows instead of the secret: host, an ellipsis and the last four characters. */
export function webhookHint(value: string): string {
  const url = new URL(value);
  return `${url.host}/…/${value.slice(-4)}`;
}

export const newChannelSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('email'), email: emailSchema }),
    z.object({ kind: z.literal('member'), userId: z.string().min(1, 'Pick a member') }),
    z.object({
      kind: z.literal('slack'),
      url: z.string().trim().min(1, 'Paste the webhook URL').max(500, 'That URL is too long for a Slack webhook'),
      name: z.string().trim().max(80, 'Keep the name under 80 characters').optional(),
    }),
  ],
  { error: 'kind must be email, member or slack' },
);
export type NewChannel = z.infer<typeof newChannelSchema>;

export type ChannelView = {
  id: string;
  kind: 'email' | 'slack';
  /** The address, or the Slack channel's name. */
  label: string;
  /** The member's name for member recipients; the webhook hint for Slack. */
  detail: string | null;
  /** False for a member recipient who has left the organization: nothing is sent to them. */
  active: boolean;
  createdAt: Date;
};

/** The context a webhook URL is sealed with: its organization and channel row. */
function webhookContext(orgId: string, channelId: string) {
  return `alert_channels:${orgId}:${channelId}`;
}

/** Adds a recipient or a Slack webhook; audits it. A duplicate is a 409 naming it. */
export async function addChannel(
  db: Queryable,
  { orgId, actorId, input, keyring, policy, now = new Date() }: { orgId: string; actorId: string | null; input: NewChannel; keyring: Keyring; policy: WebhookPolicy; now?: Date },
): Promise<ChannelView> {
  return db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    let values: typeof alertChannels.$inferInsert;
    if (input.kind === 'slack') {
      const problem = webhookUrlProblem(input.url, policy);
      if (problem) throw ValidationError.field('url', problem);
      values = {
        orgId,
        id,
        kind: 'slack',
        name: input.name || null,
        webhookSealed: sealToken(keyring, input.url, webhookContext(orgId, id)),
        webhookHint: webhookHint(input.url),
        webhookSha256: createHash('sha256').update(input.url).digest('hex'),
      };
    } else if (input.kind === 'member') {
      const [member] = await tx
        .select({ email: users.email })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, input.userId)));
      if (!member) throw ValidationError.field('userId', 'That person is not a member of this organization');
      values = { orgId, id, kind: 'email', email: member.email.toLowerCase(), userId: input.userId };
    } else {
      values = { orgId, id, kind: 'email', email: input.email };
    }
    const [row] = await tx
      .insert(alertChannels)
      .values({ ...values, createdBy: actorId, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: alertChannels.id });
    if (!row) throw new ConflictError(values.kind === 'slack' ? 'That Slack webhook is already a channel' : `${values.email} already receives alerts`);
    const label = values.kind === 'slack' ? (values.webhookHint ?? 'Slack') : (values.email ?? '');
    await audit(tx, orgId, actorId, 'alerts.channel_added', label, { kind: values.kind });
    const [view] = (await listChannels(tx, { orgId })).filter((c) => c.id === id);
    return view!;
  });
}

export async function removeChannel(db: Queryable, { orgId, actorId, channelId }: { orgId: string; actorId: string | null; channelId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(alertChannels)
      .where(and(eq(alertChannels.orgId, orgId), eq(alertChannels.id, channelId)))
      .returning({ kind: alertChannels.kind, email: alertChannels.email, webhookHint: alertChannels.webhookHint });
    if (!row) throw new NotFoundError('No such alert channel');
    await audit(tx, orgId, actorId, 'alerts.channel_removed', row.email ?? row.webhookHint, { kind: row.kind });
  });
}

const channelColumns = {
  id: alertChannels.id,
  kind: alertChannels.kind,
  email: alertChannels.email,
  userId: alertChannels.userId,
  name: alertChannels.name,
  webhookHint: alertChannels.webhookHint,
  webhookSealed: alertChannels.webhookSealed,
  createdAt: alertChannels.createdAt,
  memberEmail: users.email,
  memberName: users.name,
  memberRole: memberships.role,
};

async function channelRows(db: Queryable, orgId: string, channelId?: string) {
  return db
    .select(channelColumns)
    .from(alertChannels)
    .leftJoin(users, eq(users.id, alertChannels.userId))
    .leftJoin(memberships, and(eq(memberships.orgId, alertChannels.orgId), eq(memberships.userId, alertChannels.userId)))
    .where(and(eq(alertChannels.orgId, orgId), channelId === undefined ? undefined : eq(alertChannels.id, channelId)))
    .orderBy(asc(alertChannels.kind), asc(alertChannels.createdAt));
}

type ChannelRow = Awaited<ReturnType<typeof channelRows>>[number];

function toView(row: ChannelRow): ChannelView {
  if (row.kind === 'slack') return { id: row.id, kind: 'slack', label: row.name ?? 'Slack', detail: row.webhookHint, active: true, createdAt: row.createdAt };
  const member = row.userId !== null;
  return {
    id: row.id,
    kind: 'email',
    label: member ? (row.memberEmail ?? row.email ?? '') : (row.email ?? ''),
    detail: member ? (row.memberName ?? 'Member') : null,
    active: !member || row.memberRole !== null,
    createdAt: row.createdAt,
  };
}

/** Channels as the settings page shows them: no webhook URL, ever. */
export async function listChannels(db: Queryable, { orgId }: { orgId: string }): Promise<ChannelView[]> {
  return (await channelRows(db, orgId)).map(toView);
}

/** A channel with where to send: the e-mail address, or the opened webhook URL (server-side only). */
export type ChannelTarget = ChannelView & { address: string; createdAt: Date };

function toTarget(row: ChannelRow, orgId: string, keyring: Keyring): ChannelTarget {
  const view = toView(row);
  const address = row.kind === 'slack' ? openToken(keyring, row.webhookSealed ?? '', webhookContext(orgId, row.id)) : view.label;
  return { ...view, address };
}

/**
 * For queueing: a webhook that cannot be opened (its key left the keyring) still gets its message
 * queued, so the failure shows in the delivery log where the send opens it again and says why.
 */
function toQueueTarget(row: ChannelRow, orgId: string, keyring: Keyring): ChannelTarget {
  try {
    return toTarget(row, orgId, keyring);
  } catch (error) {
    if (!(error instanceof TokenDecryptionError)) throw error;
    return { ...toView(row), address: '' };
  }
}

/** Every channel that receives alerts now (members who left are skipped). */
export async function listChannelTargets(db: Queryable, { orgId, keyring }: { orgId: string; keyring: Keyring }): Promise<ChannelTarget[]> {
  return (await channelRows(db, orgId)).map((row) => toQueueTarget(row, orgId, keyring)).filter((c) => c.active);
}

export async function getChannelTarget(db: Queryable, { orgId, channelId, keyring }: { orgId: string; channelId: string; keyring: Keyring }): Promise<ChannelTarget> {
  const [row] = await channelRows(db, orgId, channelId);
  if (!row) throw new NotFoundError('No such alert channel');
  return toTarget(row, orgId, keyring);
}

export type WebhookRotationReport = { checked: number; rotated: number; failed: { orgId: string; channelId: string; message: string }[] };

/**
 * `keys rotate` for Slack webhooks: re-seals every webhook sealed by a key other than the active
 * one, so old keys can leave TOKEN_ENCRYPTION_KEYS. An update applies only if the row still holds
 * the value read; a webhook that cannot be opened is reported and the others go on.
 */
export async function rotateWebhookSecrets(db: Queryable, keyring: Keyring): Promise<WebhookRotationReport> {
  const report: WebhookRotationReport = { checked: 0, rotated: 0, failed: [] };
  const rows = await db
    .select({ orgId: alertChannels.orgId, id: alertChannels.id, sealed: alertChannels.webhookSealed })
    .from(alertChannels)
    .where(and(eq(alertChannels.kind, 'slack'), isNotNull(alertChannels.webhookSealed)));
  for (const row of rows) {
    report.checked += 1;
    const sealed = row.sealed!;
    let resealed: string;
    try {
      if (!needsRotation(keyring, sealed)) continue;
      resealed = rotateSealed(keyring, sealed, webhookContext(row.orgId, row.id));
    } catch (error) {
      if (!(error instanceof TokenDecryptionError)) throw error;
      report.failed.push({ orgId: row.orgId, channelId: row.id, message: error.message });
      continue;
    }
    const updated = await db
      .update(alertChannels)
      .set({ webhookSealed: resealed })
      .where(and(eq(alertChannels.orgId, row.orgId), eq(alertChannels.id, row.id), eq(alertChannels.webhookSealed, sealed)))
      .returning({ id: alertChannels.id });
    report.rotated += updated.length;
  }
  return report;
}
