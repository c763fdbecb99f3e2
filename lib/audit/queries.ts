import 'server-only';
import { desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditLog, users } from '@/db/schema';

export type AuditEntry = {
  id: number;
  action: string;
  target: string | null;
  meta: Record<string, unknown>;
  actorEmail: string | null;
  actorName: string | null;
  createdAt: Date;
};

export async function listAuditEntries(db: Database, { orgId, limit = 20 }: { orgId: string; limit?: number }): Promise<AuditEntry[]> {
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      target: auditLog.target,
      meta: auditLog.meta,
      actorEmail: users.email,
      actorName: users.name,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(eq(auditLog.orgId, orgId))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
}
