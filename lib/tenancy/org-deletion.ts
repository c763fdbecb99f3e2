import 'server-only';
import { and, eq, getTableColumns, is, isNotNull, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { alertChannels, auditLog, codeBatchItems, invitations, memberships, organizations, tiktokConnections } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import type { Role } from './roles';

/**
 * An owner deletes the organization, confirming by typing its name. At once, in one transaction:
 * nobody is a member any more (every page and route of it answers 404), pending invitations end,
 * TikTok tokens, sealed creator codes and Slack webhooks are erased, connections stop syncing, and
 * the audit log records who deleted it. The rest of its data is removed by purgeDeletedOrganization,
 * run as a job.
 */
export async function deleteOrganization(db: Database, { orgId, actor, confirmName }: { orgId: string; actor: { userId: string; role: Role }; confirmName: unknown }): Promise<void> {
  if (actor.role !== 'owner') throw new ForbiddenError('Only owners can delete the organization');
  await db.transaction(async (tx) => {
    const [org] = await tx.select({ name: organizations.name, slug: organizations.slug }).from(organizations).where(eq(organizations.id, orgId)).for('update');
    if (!org) throw new NotFoundError();
    if (typeof confirmName !== 'string' || confirmName.trim() !== org.name) {
      throw ValidationError.field('confirmName', `Type the organization's name, ${org.name}, to confirm that it and all its data are deleted`);
    }
    const now = new Date();
    // The slug is freed for a new organization; the row stays as the audit log's owner.
    await tx
      .update(organizations)
      .set({ deletedAt: now, slug: `deleted-${orgId}`, syncIntervalMinutes: 0 })
      .where(eq(organizations.id, orgId));
    await tx.delete(memberships).where(eq(memberships.orgId, orgId));
    await tx.delete(invitations).where(eq(invitations.orgId, orgId));
    await tx
      .update(tiktokConnections)
      .set({ accessTokenSealed: '', status: 'disconnected', statusReason: 'The organization was deleted', disconnectedAt: now })
      .where(eq(tiktokConnections.orgId, orgId));
    await tx
      .update(codeBatchItems)
      .set({ codeSealed: null })
      .where(and(eq(codeBatchItems.orgId, orgId), isNotNull(codeBatchItems.codeSealed)));
    await tx
      .update(alertChannels)
      .set({ webhookSealed: null })
      .where(and(eq(alertChannels.orgId, orgId), isNotNull(alertChannels.webhookSealed)));
    await audit(tx, orgId, actor.userId, 'org.deleted', org.name, { slug: org.slug });
  });
}

/** Every table holding an organization's rows (an `org_id` column), except the audit log it keeps. */
function organizationDataTables(): PgTable[] {
  return (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable) && value !== auditLog && 'orgId' in getTableColumns(value));
}

/**
 * Removes a deleted organization's data: every row of every table with its `org_id` (synced TikTok
 * data, health, batches, alerts, sync runs…). What stays is the organization's row (name, deletion
 * time) and its audit log. Runs as a job (lib/jobs) on the cross-organization connection; repeating
 * it is harmless. Returns false when the organization was not deleted.
 */
export async function purgeDeletedOrganization(db: Database, orgId: string): Promise<boolean> {
  const [org] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.id, orgId), isNotNull(organizations.deletedAt)));
  if (!org) return false;
  await db.transaction(async (tx) => {
    for (const table of organizationDataTables()) await tx.execute(sql`delete from ${table} where org_id = ${orgId}`);
  });
  return true;
}

/** Deleted organizations whose data may remain (a job lost to a restart): purged again at start. */
export async function listDeletedOrganizations(db: Database): Promise<string[]> {
  const rows = await db.select({ id: organizations.id }).from(organizations).where(isNotNull(organizations.deletedAt));
  return rows.map((r) => r.id);
}
