import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/db/client';
import { alertSettings, organizations } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { NotFoundError, ValidationError } from '@/lib/errors';

/** A week covers the shortest (7-day) code; beyond 90 days the digest would list most 365-day codes for months. */
export const EXPIRY_WINDOW_MIN = 1;
export const EXPIRY_WINDOW_MAX = 90;

export const alertSettingsSchema = z
  .object({
    expiryWindowDays: z.coerce
      .number({ error: 'expiryWindowDays must be a number of days' })
      .int('expiryWindowDays must be whole days')
      .min(EXPIRY_WINDOW_MIN, `The expiry window is ${EXPIRY_WINDOW_MIN} to ${EXPIRY_WINDOW_MAX} days`)
      .max(EXPIRY_WINDOW_MAX, `The expiry window is ${EXPIRY_WINDOW_MIN} to ${EXPIRY_WINDOW_MAX} days`),
    dailyDigest: z.boolean({ error: 'dailyDigest must be true or false' }),
    digestHourUtc: z.coerce
      .number({ error: 'digestHourUtc must be an hour' })
      .int('digestHourUtc must be a whole hour')
      .min(0, 'digestHourUtc is an hour from 0 to 23 (UTC)')
      .max(23, 'digestHourUtc is an hour from 0 to 23 (UTC)'),
    immediateBlocking: z.boolean({ error: 'immediateBlocking must be true or false' }),
  })
  .partial()
  .strict();
export type AlertSettingsInput = z.infer<typeof alertSettingsSchema>;

export type AlertSettings = {
  expiryWindowDays: number;
  dailyDigest: boolean;
  digestHourUtc: number;
  immediateBlocking: boolean;
  immediateSince: Date;
  lastDigestAt: Date | null;
};

/** The organization's alert settings; defaults (digest at 08:00 UTC, immediate alerts on) until someone saves. */
export async function getAlertSettings(db: Queryable, { orgId }: { orgId: string }): Promise<AlertSettings> {
  const [row] = await db
    .select({
      expiryWindowDays: organizations.expiryWindowDays,
      orgCreatedAt: organizations.createdAt,
      dailyDigest: alertSettings.dailyDigest,
      digestHourUtc: alertSettings.digestHourUtc,
      immediateBlocking: alertSettings.immediateBlocking,
      immediateSince: alertSettings.immediateSince,
      lastDigestAt: alertSettings.lastDigestAt,
    })
    .from(organizations)
    .leftJoin(alertSettings, eq(alertSettings.orgId, organizations.id))
    .where(eq(organizations.id, orgId));
  if (!row) throw new NotFoundError();
  return {
    expiryWindowDays: row.expiryWindowDays,
    dailyDigest: row.dailyDigest ?? true,
    digestHourUtc: row.digestHourUtc ?? 8,
    immediateBlocking: row.immediateBlocking ?? true,
    immediateSince: row.immediateSince ?? row.orgCreatedAt,
    lastDigestAt: row.lastDigestAt ?? null,
  };
}

/** Saves the given settings (others unchanged) and audits what changed. Turning immediate alerts on starts them from now. */
export async function updateAlertSettings(
  db: Queryable,
  { orgId, actorId, input, now = new Date() }: { orgId: string; actorId: string | null; input: AlertSettingsInput; now?: Date },
): Promise<AlertSettings> {
  if (Object.keys(input).length === 0) throw new ValidationError('Nothing to change: send expiryWindowDays, dailyDigest, digestHourUtc or immediateBlocking');
  return db.transaction(async (tx) => {
    const before = await getAlertSettings(tx, { orgId });
    const { expiryWindowDays, ...rest } = input;
    if (expiryWindowDays !== undefined) await tx.update(organizations).set({ expiryWindowDays }).where(eq(organizations.id, orgId));
    const switchedOn = rest.immediateBlocking === true && !before.immediateBlocking;
    const values = { ...rest, updatedAt: now, ...(switchedOn ? { immediateSince: now } : {}) };
    await tx
      .insert(alertSettings)
      .values({ orgId, immediateSince: before.immediateSince, ...values })
      .onConflictDoUpdate({ target: alertSettings.orgId, set: values });
    const changed = Object.fromEntries(Object.entries(input).filter(([key, value]) => before[key as keyof AlertSettingsInput] !== value));
    if (Object.keys(changed).length > 0) await audit(tx, orgId, actorId, 'alerts.settings_changed', null, changed);
    return getAlertSettings(tx, { orgId });
  });
}
