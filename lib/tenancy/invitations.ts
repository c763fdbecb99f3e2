import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { invitations, memberships, organizations, users } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '@/lib/errors';
import type { Actor } from './members';
import { hasRole, roleSchema, type Role } from './roles';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const emailSchema = z
  .string({ error: 'Email is required' })
  .trim()
  .toLowerCase()
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email({ error: 'Enter a valid email address' }));

export const newInvitationSchema = z.object({ email: emailSchema, role: roleSchema });

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type PendingInvitation = { id: string; email: string; role: Role; expiresAt: Date; createdAt: Date; invitedBy: string | null };

export async function listPendingInvitations(db: Database, { orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<PendingInvitation[]> {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      invitedBy: users.email,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt));
}

/**
 * Creates an invitation and returns the one-time token for the link (only its hash is stored).
 * Inviting an address that already has a pending invitation replaces it, so the newest link is the one that works.
 */
export async function createInvitation(
  db: Database,
  { orgId, actor, email, role, now = new Date() }: { orgId: string; actor: Actor; email: string; role: Role; now?: Date },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  if (!hasRole(actor.role, 'admin')) throw new ForbiddenError('Only admins and owners can invite members');
  if (role === 'owner' && actor.role !== 'owner') throw new ForbiddenError('Only an owner can invite another owner');
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ userId: users.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), eq(users.email, email)));
    if (member) throw new ConflictError(`${email} is already a member of this organization`);
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.orgId, orgId), eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    const [row] = await tx
      .insert(invitations)
      .values({ orgId, email, role, tokenHash: hashToken(token), invitedBy: actor.userId, expiresAt, createdAt: now })
      .returning({ id: invitations.id });
    if (!row) throw new Error('insert returned no invitation');
    await audit(tx, orgId, actor.userId, 'invitation.created', email, { role, invitationId: row.id });
    return { id: row.id, token, expiresAt };
  });
}

export async function revokeInvitation(db: Database, { orgId, actor, invitationId, now = new Date() }: { orgId: string; actor: Actor; invitationId: string; now?: Date }) {
  if (!hasRole(actor.role, 'admin')) throw new ForbiddenError('Only admins and owners can revoke invitations');
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.orgId, orgId), eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ email: invitations.email });
    if (!row) throw new NotFoundError('No pending invitation with that id');
    await audit(tx, orgId, actor.userId, 'invitation.revoked', row.email, { invitationId });
  });
}

type InvitationTimes = { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date };

function invitationState(row: InvitationTimes, now: Date): InvitationView['state'] {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt <= now ? 'expired' : 'pending';
}

export type InvitationView = {
  orgName: string;
  orgSlug: string;
  email: string;
  role: Role;
  state: 'pending' | 'expired' | 'revoked' | 'accepted';
};

/** What the invitation link shows; an unknown token is a 404. */
export async function findInvitationByToken(db: Database, token: string, now = new Date()): Promise<InvitationView> {
  const [row] = await db
    .select({
      orgName: organizations.name,
      orgSlug: organizations.slug,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!row) throw new NotFoundError('This invitation link is not valid');
  return { orgName: row.orgName, orgSlug: row.orgSlug, email: row.email, role: row.role, state: invitationState(row, now) };
}

const STATE_MESSAGES = {
  accepted: 'This invitation has already been used',
  revoked: 'This invitation was revoked by an admin of the organization',
  expired: 'This invitation has expired: ask an admin for a new one',
} as const;

/**
 * Accepts the invitation for the signed-in user. The invitation is bound to the invited address:
 * a leaked link cannot add somebody else.
 */
export async function acceptInvitation(db: Database, { token, user, now = new Date() }: { token: string; user: { id: string; email: string }; now?: Date }): Promise<{ orgSlug: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, hashToken(token)))
      .for('update');
    if (!row) throw new NotFoundError('This invitation link is not valid');
    const state = invitationState(row, now);
    if (state !== 'pending') throw new AppError(410, STATE_MESSAGES[state]);
    if (row.email !== user.email.toLowerCase()) {
      throw new ForbiddenError(`This invitation is for ${row.email}; you are signed in as ${user.email}`);
    }
    const [account] = await tx.select({ emailVerified: users.emailVerified }).from(users).where(eq(users.id, user.id));
    if (!account?.emailVerified) {
      throw new ForbiddenError(`Confirm ${user.email} first: open the link we e-mailed you (your profile page sends a new one)`);
    }
    await tx.insert(memberships).values({ orgId: row.orgId, userId: user.id, role: row.role }).onConflictDoNothing();
    await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: user.id })
      .where(and(eq(invitations.orgId, row.orgId), eq(invitations.id, row.id)));
    await audit(tx, row.orgId, user.id, 'invitation.accepted', user.email, { role: row.role, invitationId: row.id });
    const [org] = await tx.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, row.orgId));
    if (!org) throw new NotFoundError('This invitation link is not valid');
    return { orgSlug: org.slug };
  });
}
