'use client';

import { useState } from 'react';
import { sendJson, useApiMutation } from '@/components/api-client';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input, Select } from '@/components/ui/field';
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

export function MembersTable({ orgSlug, members, me }: { orgSlug: string; members: Member[]; me: { userId: string; role: Role } }) {
  const base = `/api/orgs/${orgSlug}/members`;
  const changeRole = useApiMutation(({ userId, role }: { userId: string; role: Role }) => sendJson(`${base}/${userId}`, 'PATCH', { role }));
  const remove = useApiMutation((userId: string) => sendJson(`${base}/${userId}`, 'DELETE'));
  const error = changeRole.error ?? remove.error;
  const canManage = hasRole(me.role, 'admin');
  // Owners are managed by owners only; the server enforces the same rule.
  const manageable = (m: Member) => canManage && m.userId !== me.userId && (m.role !== 'owner' || me.role === 'owner');
  const roleChoices = ROLES.filter((r) => r !== 'owner' || me.role === 'owner');
  return (
    <>
      <CardError error={error} />
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
                    className="w-32"
                    value={m.role}
                    disabled={changeRole.isPending}
                    onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as Role })}
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
              <Td className="text-slate-500">{formatDate(m.joinedAt)}</Td>
              <Td className="text-right">
                {manageable(m) || m.userId === me.userId ? (
                  <Button
                    size="sm"
                    variant="danger"
                    disabled={remove.isPending}
                    onClick={() => {
                      const leaving = m.userId === me.userId;
                      if (window.confirm(leaving ? 'Leave this organization?' : `Remove ${m.email} from this organization?`)) remove.mutate(m.userId);
                    }}
                  >
                    {m.userId === me.userId ? 'Leave' : 'Remove'}
                  </Button>
                ) : null}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}

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
        <Field label="Role" htmlFor="invite-role" error={invite.fieldError('role')}>
          <Select id="invite-role" name="role" defaultValue="member">
            {ROLES.filter((r) => r !== 'owner' || canInviteOwner).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabled={invite.isPending}>
          {invite.isPending ? 'Inviting…' : 'Create invitation'}
        </Button>
      </div>
      {link ? (
        <div className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-emerald-200">
          <p className="font-medium">Invitation e-mailed. You can also send them this link:</p>
          <div className="mt-2 flex gap-2">
            <Input readOnly value={link} aria-label="Invitation link" data-testid="invitation-link" onFocus={(e) => e.currentTarget.select()} />
            <Button type="button" variant="secondary" onClick={() => navigator.clipboard?.writeText(link)}>
              Copy
            </Button>
          </div>
        </div>
      ) : null}
    </form>
  );
}

export function PendingInvitations({ orgSlug, invitations }: { orgSlug: string; invitations: Invitation[] }) {
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
              <Td className="text-slate-500">{formatDate(i.expiresAt)}</Td>
              <Td className="text-right">
                <Button size="sm" variant="danger" disabled={revoke.isPending} onClick={() => revoke.mutate(i.id)}>
                  Revoke
                </Button>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
