'use client';

import { useState } from 'react';
import { sendJson, useApiMutation } from '@/components/api-client';
import { Badge } from '@/components/ui/badge';
import { ScriptButton } from '@/components/ui/script-button';
import { Field, FormError, Input, SelectField } from '@/components/ui/field';
import { ShownOnce } from '@/components/ui/shown-once';
import { Table, TableHead, Td } from '@/components/ui/table';
import { formatDate, formatDateTime } from '@/lib/dates';

type KeyRole = 'viewer' | 'member' | 'admin';
type KeyRow = {
  id: string;
  name: string;
  role: KeyRole;
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  state: 'active' | 'revoked' | 'expired';
};

const ROLE_CHOICES: { value: KeyRole; label: string }[] = [
  { value: 'viewer', label: 'Viewer — reads ads, health and team' },
  { value: 'member', label: 'Member — also previews and applies creator codes' },
  { value: 'admin', label: 'Admin — also settings, members and connections' },
];
const ROLE_WORDS: Record<KeyRole, string> = { viewer: 'Viewer', member: 'Member', admin: 'Admin' };
const EXPIRY_CHOICES = [
  { value: '', label: 'Never' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
];

export function NewApiKeyForm({ orgSlug }: { orgSlug: string }) {
  const [made, setMade] = useState<string | null>(null);
  const create = useApiMutation((input: { name: string; role: KeyRole; expiresAt?: string }) => sendJson<{ key: string }>(`/api/orgs/${orgSlug}/api-keys`, 'POST', input), {
    onSuccess: ({ key }) => setMade(key),
    fields: ['name', 'role', 'expiresAt'],
  });
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const days = String(form.get('expires') ?? '');
        setMade(null);
        create.mutate({
          name: String(form.get('name') ?? ''),
          role: String(form.get('role')) as KeyRole,
          ...(days ? { expiresAt: new Date(Date.now() + Number(days) * 86_400_000).toISOString() } : {}),
        });
      }}
    >
      <FormError message={create.formError} />
      <div className="grid gap-3 sm:grid-cols-[1fr_1fr_9rem_auto] sm:items-end">
        <Field label="Name" htmlFor="key-name" error={create.fieldError('name')}>
          <Input id="key-name" name="name" placeholder="Looker Studio report" required aria-invalid={create.fieldError('name') ? true : undefined} />
        </Field>
        <SelectField label="Role" id="key-role" name="role" defaultValue="viewer" error={create.fieldError('role')} choices={ROLE_CHOICES} />
        <SelectField label="Expires" id="key-expires" name="expires" defaultValue="90" error={create.fieldError('expiresAt')} choices={EXPIRY_CHOICES} />
        <ScriptButton type="submit" disabled={create.isPending}>
          {create.isPending ? 'Making…' : 'Make key'}
        </ScriptButton>
      </div>
      {made ? <ShownOnce message="Your new key. Copy it now: it is not shown again." value={made} name="New API key" testId="new-api-key" /> : null}
    </form>
  );
}

export function ApiKeysTable({ orgSlug, keys, timeZone }: { orgSlug: string; keys: KeyRow[]; timeZone: string }) {
  const revoke = useApiMutation((id: string) => sendJson(`/api/orgs/${orgSlug}/api-keys/${id}`, 'DELETE'));
  return (
    <>
      {revoke.error ? (
        <div className="px-5 pt-4">
          <FormError message={revoke.error.message} />
        </div>
      ) : null}
      <Table>
        <TableHead columns={['Key', 'Role', 'Made by', 'Last used', 'Expires']} actions />
        <tbody className="divide-y divide-slate-100">
          {keys.map((k) => (
            <tr key={k.id} data-testid={`api-key-${k.name}`}>
              <Td>
                <div className="font-medium text-slate-900">{k.name}</div>
                <div className="font-mono text-xs text-slate-500">{k.prefix}…</div>
              </Td>
              <Td>
                <Badge tone={k.role === 'admin' ? 'blue' : 'neutral'}>{ROLE_WORDS[k.role]}</Badge>
              </Td>
              <Td className="text-slate-500">
                {k.createdBy ?? '—'}
                <div className="text-xs">{formatDate(k.createdAt, timeZone)}</div>
              </Td>
              <Td className="text-slate-500">{k.lastUsedAt ? formatDateTime(k.lastUsedAt, timeZone) : 'Never'}</Td>
              <Td className="text-slate-500">{k.state === 'revoked' ? 'Revoked' : k.state === 'expired' ? 'Expired' : k.expiresAt ? formatDate(k.expiresAt, timeZone) : 'Never'}</Td>
              <Td className="text-right">
                {k.state === 'active' ? (
                  <ScriptButton
                    size="sm"
                    variant="danger"
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (window.confirm(`Revoke the key “${k.name}”? Anything using it stops working.`)) revoke.mutate(k.id);
                    }}
                  >
                    Revoke
                  </ScriptButton>
                ) : null}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
