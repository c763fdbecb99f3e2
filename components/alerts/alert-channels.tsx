'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { sendJson, useApiMutation } from '@/components/api-client';
import { Badge } from '@/components/ui/badge';
import { ScriptButton } from '@/components/ui/script-button';
import { Field, FormError, Input, Select } from '@/components/ui/field';
import { Table, TableHead, Td } from '@/components/ui/table';
import { DeliveryStatus } from './delivery-status';

type Result = { status: 'pending' | 'sending' | 'sent' | 'failed'; transport: 'smtp' | 'outbox' | 'slack'; attempts: number; lastError: string | null };
/** The newest message to the channel (ISO time), if any. */
/** `when`: the moment it was queued, already written in the organization's timezone. */
type LastMessage = Result & { kind: 'digest' | 'blocking' | 'test' | 'renewal'; when: string };
export type Channel = { id: string; kind: 'email' | 'slack'; label: string; detail: string | null; active: boolean; last: LastMessage | null };
type Member = { userId: string; name: string | null; email: string };

const KIND_LABELS = { digest: 'Digest', blocking: 'Blocking alert', test: 'Test', renewal: 'Creator renewed' } as const;

function LastResult({ result, outboxHref }: { result: Result & { label: string }; outboxHref: string }) {
  return (
    <div className="space-y-1" data-testid="test-result">
      <div className="flex flex-wrap items-center gap-2">
        <DeliveryStatus delivery={result} />
        <span className="text-xs text-slate-500">{result.label}</span>
      </div>
      {result.lastError ? <p className="max-w-md text-xs text-red-600">{result.lastError}</p> : null}
      {result.transport === 'outbox' ? (
        <Link href={outboxHref} className="block text-xs text-slate-500 underline hover:text-slate-900">
          Open the outbox
        </Link>
      ) : null}
    </div>
  );
}

function ChannelRows({ orgSlug, channels, outboxHref }: { orgSlug: string; channels: Channel[]; outboxHref: string }) {
  const [results, setResults] = useState<Record<string, Result>>({});
  const base = `/api/orgs/${orgSlug}/alerts/channels`;
  const test = useApiMutation((id: string) => sendJson<{ delivery: Result }>(`${base}/${id}/test`, 'POST'), {
    onSuccess: ({ delivery }, id) => setResults((r) => ({ ...r, [id]: delivery })),
    refresh: false,
  });
  const remove = useApiMutation((id: string) => sendJson(`${base}/${id}`, 'DELETE'));
  const error = test.error ?? remove.error;
  return (
    <>
      {error ? (
        <div className="px-5 pt-4">
          <FormError message={error.message} />
        </div>
      ) : null}
      <Table>
        <TableHead columns={['Channel', 'Last message']} actions />
        <tbody className="divide-y divide-slate-100">
          {channels.map((c) => {
            const result = results[c.id];
            return (
              <tr key={c.id} data-testid={`channel-${c.label}`}>
                <Td>
                  <div className="font-medium text-slate-900">{c.label}</div>
                  <div className="text-xs text-slate-500">
                    {c.kind === 'slack' ? <span className="font-mono">{c.detail}</span> : (c.detail ?? 'External address')}
                    {!c.active ? (
                      <span className="ml-2">
                        <Badge tone="amber">Left the organization — not sent</Badge>
                      </span>
                    ) : null}
                  </div>
                </Td>
                <Td>
                  {result ? (
                    <LastResult result={{ ...result, label: 'Test just now' }} outboxHref={outboxHref} />
                  ) : c.last ? (
                    <LastResult result={{ ...c.last, label: `${KIND_LABELS[c.last.kind]} · ${c.last.when}` }} outboxHref={outboxHref} />
                  ) : (
                    <span className="text-xs text-slate-500">Nothing sent yet</span>
                  )}
                </Td>
                <Td className="whitespace-nowrap text-right">
                  <div className="inline-flex gap-2">
                    <ScriptButton size="sm" variant="secondary" disabled={!c.active || (test.isPending && test.variables === c.id)} onClick={() => test.mutate(c.id)}>
                      {test.isPending && test.variables === c.id ? 'Sending…' : 'Send test'}
                    </ScriptButton>
                    <ScriptButton size="sm" variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(c.id)} aria-label={`Remove ${c.label}`}>
                      Remove
                    </ScriptButton>
                  </div>
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </>
  );
}

function Empty({ children }: { children: string }) {
  return <p className="px-5 py-4 text-sm text-slate-500">{children}</p>;
}

export function EmailChannels({ orgSlug, channels, members, outboxHref }: { orgSlug: string; channels: Channel[]; members: Member[]; outboxHref: string }) {
  const [email, setEmail] = useState('');
  const [userId, setUserId] = useState('');
  const add = useApiMutation((body: { kind: 'email'; email: string } | { kind: 'member'; userId: string }) => sendJson(`/api/orgs/${orgSlug}/alerts/channels`, 'POST', body), {
    onSuccess: () => {
      setEmail('');
      setUserId('');
    },
    fields: ['email', 'userId'],
  });
  const submit = (body: Parameters<typeof add.mutate>[0]) => (e: FormEvent) => {
    e.preventDefault();
    add.mutate(body);
  };
  return (
    <>
      {channels.length === 0 ? <Empty>No e-mail recipients yet.</Empty> : <ChannelRows orgSlug={orgSlug} channels={channels} outboxHref={outboxHref} />}
      <div className="space-y-3 border-t border-slate-100 px-5 py-4">
        <FormError message={add.formError} />
        <div className="grid gap-4 md:grid-cols-2">
          <form className="flex items-end gap-2" onSubmit={submit({ kind: 'member', userId })}>
            <div className="flex-1">
              <Field label="A member of this organization" htmlFor="alert-member" error={add.fieldError('userId')}>
                <Select id="alert-member" value={userId} onChange={(e) => setUserId(e.target.value)} disabled={members.length === 0}>
                  <option value="">{members.length === 0 ? 'Every member already receives alerts' : 'Choose a member…'}</option>
                  {members.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.name ? `${m.name} (${m.email})` : m.email}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            <ScriptButton type="submit" variant="secondary" disabled={!userId || add.isPending}>
              Add member
            </ScriptButton>
          </form>
          <form className="flex items-end gap-2" noValidate onSubmit={submit({ kind: 'email', email })}>
            <div className="flex-1">
              <Field label="Or any e-mail address" htmlFor="alert-email" error={add.fieldError('email')}>
                <Input
                  id="alert-email"
                  type="email"
                  placeholder="client@example.com"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  aria-invalid={add.fieldError('email') ? true : undefined}
                />
              </Field>
            </div>
            <ScriptButton type="submit" variant="secondary" disabled={!email.trim() || add.isPending}>
              Add address
            </ScriptButton>
          </form>
        </div>
      </div>
    </>
  );
}

export function SlackChannels({ orgSlug, channels, outboxHref }: { orgSlug: string; channels: Channel[]; outboxHref: string }) {
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const add = useApiMutation(() => sendJson(`/api/orgs/${orgSlug}/alerts/channels`, 'POST', { kind: 'slack', url, name: name || undefined }), {
    onSuccess: () => {
      setUrl('');
      setName('');
    },
    fields: ['url', 'name'],
  });
  return (
    <>
      {channels.length === 0 ? <Empty>No Slack channels yet.</Empty> : <ChannelRows orgSlug={orgSlug} channels={channels} outboxHref={outboxHref} />}
      <form
        className="space-y-3 border-t border-slate-100 px-5 py-4"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate(undefined);
        }}
      >
        <FormError message={add.formError} />
        <div className="grid items-end gap-3 md:grid-cols-[12rem_1fr_auto]">
          <Field label="Name (optional)" htmlFor="slack-name" error={add.fieldError('name')}>
            <Input id="slack-name" placeholder="#paid-social" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={add.fieldError('name') ? true : undefined} />
          </Field>
          <Field label="Incoming-webhook URL" htmlFor="slack-url" error={add.fieldError('url')}>
            <Input
              id="slack-url"
              type="password"
              autoComplete="off"
              placeholder="https://hooks.slack.com/services/…"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              aria-invalid={add.fieldError('url') ? true : undefined}
            />
          </Field>
          <ScriptButton type="submit" variant="secondary" disabled={!url.trim() || add.isPending}>
            Add Slack channel
          </ScriptButton>
        </div>
        <p className="text-xs text-slate-500">
          In Slack: Apps → Incoming Webhooks → Add to Slack → pick a channel → copy the URL. Sparkcheck stores it encrypted and shows only its last four characters.
        </p>
      </form>
    </>
  );
}
