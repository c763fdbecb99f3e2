'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { sendJson, useApiMutation } from '@/components/api-client';
import { Badge } from '@/components/ui/badge';
import { ScriptButton } from '@/components/ui/script-button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, FormError, Input, Select, SelectField } from '@/components/ui/field';
import { ShownOnce } from '@/components/ui/shown-once';
import { Table, TableHead, Td } from '@/components/ui/table';
import { formatDate } from '@/lib/dates';
import { hasRole, ROLE_LABELS, ROLES, type Role } from '@/lib/tenancy/roles';

type Member = { userId: string; name: string | null; email: string; role: Role; joinedAt: string };
type Invitation = { id: string; email: string; role: Role; expiresAt: string; invitedBy: string | null };

function CardError({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <div className="px-5 pt-4">
      <FormError message={error.message} />
    </div>
  );
}

export function MembersTable({ orgSlug, members, me, timeZone = 'UTC' }: { orgSlug: string; members: Member[]; me: { userId: string; role: Role }; timeZone?: string }) {
  const router = useRouter();
  const base = `/api/orgs/${orgSlug}/members`;
  // Nothing changes on a click alone: a role change and a removal are confirmed in a dialog, and the outcome is said.
  const [pendingRole, setPendingRole] = useState<{ member: Member; role: Role } | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const changeRole = useApiMutation(({ member, role }: { member: Member; role: Role }) => sendJson(`${base}/${member.userId}`, 'PATCH', { role }), {
    onSuccess: (_data, { member, role }) => {
      setPendingRole(null);
      setNotice(`${member.name ?? member.email} is now ${ROLE_LABELS[role].toLowerCase() === 'admin' ? 'an' : 'a'} ${ROLE_LABELS[role]}.`);
    },
  });
  const remove = useApiMutation((member: Member) => sendJson(`${base}/${member.userId}`, 'DELETE'), {
    onSuccess: (_data, member) => {
      setRemoving(null);
      // Leaving takes this organization away: go to the start page instead of a page you no longer see.
      if (member.userId === me.userId) router.push('/');
      else setNotice(`${member.name ?? member.email} was removed from the organization.`);
    },
  });
  const leaving = removing?.userId === me.userId;
  const canManage = hasRole(me.role, 'admin');
  // Owners are managed by owners only; the server enforces the same rule.
  const manageable = (m: Member) => canManage && m.userId !== me.userId && (m.role !== 'owner' || me.role === 'owner');
  const roleChoices = ROLES.filter((r) => r !== 'owner' || me.role === 'owner');
  return (
    <>
      <p role="status" className={notice ? 'px-5 pt-4 text-sm text-emerald-700' : 'sr-only'} data-testid="members-notice">
        {notice ?? ''}
      </p>
      <Table>
        <TableHead columns={['Member', 'Role', 'Joined']} actions />
        <tbody className="divide-y divide-slate-100">
          {members.map((m) => (
            <tr key={m.userId} data-testid={`member-${m.email}`}>
              <Td>
                <div className="font-medium text-slate-900">
                  {m.name ?? m.email} {m.userId === me.userId ? <span className="text-xs font-normal text-slate-500">(you)</span> : null}
                </div>
                <div className="text-xs text-slate-500">{m.email}</div>
              </Td>
              <Td>
                {manageable(m) ? (
                  <Select
                    aria-label={`Role of ${m.email}`}
                    className="min-w-32"
                    value={m.role}
                    disabled={changeRole.isPending}
                    onChange={(e) => {
                      setNotice(null);
                      changeRole.reset();
                      setPendingRole({ member: m, role: e.target.value as Role });
                    }}
                  >
                    {roleChoices.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Badge tone={m.role === 'owner' ? 'brand' : m.role === 'admin' ? 'blue' : 'neutral'}>{ROLE_LABELS[m.role]}</Badge>
                )}
              </Td>
              <Td className="text-slate-500">{formatDate(m.joinedAt, timeZone)}</Td>
              <Td className="text-right">
                {manageable(m) || m.userId === me.userId ? (
                  <ScriptButton
                    size="sm"
                    variant="danger"
                    disabled={remove.isPending}
                    onClick={() => {
                      setNotice(null);
                      remove.reset();
                      setRemoving(m);
                    }}
                  >
                    {m.userId === me.userId ? 'Leave' : 'Remove'}
                  </ScriptButton>
                ) : null}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <ConfirmDialog
        open={pendingRole !== null}
        title={pendingRole ? `Make ${pendingRole.member.name ?? pendingRole.member.email} ${ROLE_LABELS[pendingRole.role] === 'Admin' ? 'an' : 'a'} ${ROLE_LABELS[pendingRole.role]}?` : ''}
        confirmLabel="Change role"
        pendingLabel="Changing…"
        tone="primary"
        pending={changeRole.isPending}
        error={changeRole.error?.message ?? null}
        onConfirm={() => pendingRole && changeRole.mutate(pendingRole)}
        onClose={() => setPendingRole(null)}
      >
        {pendingRole ? (
          <p>
            {pendingRole.member.email} is {ROLE_LABELS[pendingRole.member.role] === 'Admin' ? 'an' : 'a'} {ROLE_LABELS[pendingRole.member.role]} now. {ROLE_POWERS[pendingRole.role]}
          </p>
        ) : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={removing !== null}
        title={leaving ? 'Leave this organization?' : `Remove ${removing?.name ?? removing?.email ?? ''}?`}
        confirmLabel={leaving ? 'Leave' : 'Remove'}
        pendingLabel={leaving ? 'Leaving…' : 'Removing…'}
        pending={remove.isPending}
        error={remove.error?.message ?? null}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      >
        <p>
          {leaving
            ? 'You lose access to its ads, batches and alerts at once. An admin has to invite you again to come back.'
            : `${removing?.email ?? ''} loses access at once; what they did stays in the history.`}
        </p>
      </ConfirmDialog>
    </>
  );
}

/** What each role may do, in a sentence (the role-change dialog says it before anything changes). */
const ROLE_POWERS: Record<Role, string> = {
  owner: 'Owners can do everything, including renaming and deleting the organization and managing other owners.',
  admin: 'Admins manage members, connections, alerts and settings.',
  member: 'Members apply creator codes and refresh data, but change no settings.',
  viewer: 'Viewers can look at everything but change nothing.',
};

export function InviteForm({ orgSlug, canInviteOwner }: { orgSlug: string; canInviteOwner: boolean }) {
  const [link, setLink] = useState<string | null>(null);
  const invite = useApiMutation((input: { email: string; role: Role }) => sendJson<{ invitation: { url: string } }>(`/api/orgs/${orgSlug}/invitations`, 'POST', input), {
    onSuccess: ({ invitation }) => setLink(invitation.url),
    fields: ['email', 'role'],
  });
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setLink(null);
        invite.mutate({ email: String(form.get('email') ?? ''), role: String(form.get('role')) as Role });
      }}
    >
      <FormError message={invite.formError} />
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
        <Field label="Email" htmlFor="invite-email" error={invite.fieldError('email')}>
          <Input id="invite-email" name="email" type="email" placeholder="teammate@company.com" required aria-invalid={invite.fieldError('email') ? true : undefined} />
        </Field>
        <SelectField
          label="Role"
          id="invite-role"
          name="role"
          defaultValue="member"
          error={invite.fieldError('role')}
          choices={ROLES.filter((r) => r !== 'owner' || canInviteOwner).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        />
        <ScriptButton type="submit" disabled={invite.isPending}>
          {invite.isPending ? 'Inviting…' : 'Create invitation'}
        </ScriptButton>
      </div>
      {link ? <ShownOnce message="Invitation e-mailed. You can also send them this link:" value={link} name="Invitation link" testId="invitation-link" /> : null}
    </form>
  );
}

export function PendingInvitations({ orgSlug, invitations, timeZone = 'UTC' }: { orgSlug: string; invitations: Invitation[]; timeZone?: string }) {
  const revoke = useApiMutation((id: string) => sendJson(`/api/orgs/${orgSlug}/invitations/${id}`, 'DELETE'));
  return (
    <>
      <CardError error={revoke.error} />
      <Table>
        <TableHead columns={['Email', 'Role', 'Invited by', 'Expires']} actions />
        <tbody className="divide-y divide-slate-100">
          {invitations.map((i) => (
            <tr key={i.id} data-testid={`invitation-${i.email}`}>
              <Td className="font-medium text-slate-900">{i.email}</Td>
              <Td>
                <Badge>{ROLE_LABELS[i.role]}</Badge>
              </Td>
              <Td className="text-slate-500">{i.invitedBy ?? '—'}</Td>
              <Td className="text-slate-500">{formatDate(i.expiresAt, timeZone)}</Td>
              <Td className="text-right">
                <ScriptButton size="sm" variant="danger" disabled={revoke.isPending} onClick={() => revoke.mutate(i.id)}>
                  Revoke
                </ScriptButton>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
