import 'server-only';
import { auditLog } from '@/db/schema';
import type { Queryable } from '@/db/client';

export type AuditAction =
  | 'org.created'
  | 'org.settings_changed'
  | 'org.renamed'
  | 'org.deleted'
  | 'member.role_changed'
  | 'member.removed'
  | 'member.left'
  | 'invitation.created'
  | 'invitation.revoked'
  | 'invitation.accepted'
  | 'connection.created'
  | 'connection.updated'
  | 'connection.reconnected'
  | 'connection.disconnected'
  | 'alerts.settings_changed'
  | 'alerts.channel_added'
  | 'alerts.channel_removed'
  | 'alerts.test_sent'
  | 'code_batch.submitted'
  | 'code_batch.applied'
  | 'code_batch.retried'
  | 'renewal.created'
  | 'renewal.revoked'
  | 'renewal.applied'
  | 'renewal.failed'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'api_key.use_denied';

/** Appends one entry to the organization's audit log (inside the caller's transaction when given one). */
export async function audit(db: Queryable, orgId: string, actorId: string | null, action: AuditAction, target: string | null, meta: Record<string, unknown> = {}): Promise<void> {
  await db.insert(auditLog).values({ orgId, actorId, action, target, meta });
}
