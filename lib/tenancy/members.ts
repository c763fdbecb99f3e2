import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database, Transaction } from '@/db/client';
import { memberships, users } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/errors';
import { hasRole, type Role } from './roles';

export type Actor = { userId: string; role: Role };

export type MemberRow = { userId: string; name: string | null; email: string; role: Role; joinedAt: Date };

export async function listMembers(db: Database, { orgId }: { orgId: string }): Promise<MemberRow[]> {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(sql`case ${memberships.role} when 'owner' then 0 when 'admin' then 1 when 'member' then 2 else 3 end`, asc(users.email));
}

/** Locks the org's membership rows so concurrent changes cannot remove the last owner between check and write. */
async function lockMembers(tx: Transaction, orgId: string) {
  return tx
    .select({ userId: memberships.userId, role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .for('update', { of: memberships });
}

function assertMayManage(actor: Actor, target: { role: Role }, newRole?: Role) {
  if (!hasRole(actor.role, 'admin')) throw new ForbiddenError('Only admins and owners can change members');
  // Owners are managed by owners only: an admin can neither touch an owner nor create one.
  if ((target.role === 'owner' || newRole === 'owner') && actor.role !== 'owner') {
    throw new ForbiddenError('Only an owner can grant or change the owner role');
  }
}

export async function changeMemberRole(db: Database, { orgId, actor, userId, role }: { orgId: string; actor: Actor; userId: string; role: Role }): Promise<void> {
  await db.transaction(async (tx) => {
    const members = await lockMembers(tx, orgId);
    const target = members.find((m) => m.userId === userId);
    if (!target) throw new NotFoundError('No such member in this organization');
    assertMayManage(actor, target, role);
    if (target.role === role) return;
    if (target.role === 'owner' && members.filter((m) => m.role === 'owner').length === 1) {
      throw new ConflictError('The last owner cannot be demoted: make another member owner first');
    }
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
    await audit(tx, orgId, actor.userId, 'member.role_changed', userId, { email: target.email, from: target.role, to: role });
  });
}

/** Removes a member; removing yourself is leaving, which any role may do unless it leaves the org without an owner. */
export async function removeMember(db: Database, { orgId, actor, userId }: { orgId: string; actor: Actor; userId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const members = await lockMembers(tx, orgId);
    const target = members.find((m) => m.userId === userId);
    if (!target) throw new NotFoundError('No such member in this organization');
    const leaving = userId === actor.userId;
    if (!leaving) assertMayManage(actor, target);
    if (target.role === 'owner' && members.filter((m) => m.role === 'owner').length === 1) {
      throw new ConflictError(leaving ? 'You are the last owner: make another member owner before leaving' : 'The last owner cannot be removed');
    }
    await tx.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
    await audit(tx, orgId, actor.userId, leaving ? 'member.left' : 'member.removed', userId, { email: target.email, role: target.role });
  });
}
