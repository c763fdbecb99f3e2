'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { sendJson, useApiMutation } from '@/components/api-client';
import { ScriptButton } from '@/components/ui/script-button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, FormError, Input } from '@/components/ui/field';

export function TokenConnectForm({ orgSlug }: { orgSlug: string }) {
  const router = useRouter();
  const connect = useApiMutation((input: { accessToken: string; label?: string }) => sendJson<{ connection: { id: string } }>(`/api/orgs/${orgSlug}/connections`, 'POST', input), {
    onSuccess: ({ connection }) => router.push(`/o/${orgSlug}/connections/${connection.id}?connected=1`),
    refresh: false,
    fields: ['accessToken', 'label'],
  });
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        connect.mutate({ accessToken: String(form.get('accessToken') ?? ''), label: String(form.get('label') ?? '') || undefined });
      }}
    >
      <FormError message={connect.formError} />
      <div className="grid gap-3 sm:grid-cols-[1fr_14rem_auto] sm:items-end">
        <Field label="Access token" htmlFor="accessToken" error={connect.fieldError('accessToken')}>
          <Input id="accessToken" name="accessToken" type="password" autoComplete="off" required aria-invalid={connect.fieldError('accessToken') ? true : undefined} />
        </Field>
        <Field label="Label (optional)" htmlFor="label" error={connect.fieldError('label')}>
          <Input id="label" name="label" placeholder="e.g. Brand BC" aria-invalid={connect.fieldError('label') ? true : undefined} />
        </Field>
        <ScriptButton type="submit" disabled={connect.isPending}>
          {connect.isPending ? 'Checking with TikTok…' : 'Connect'}
        </ScriptButton>
      </div>
    </form>
  );
}

export function SelectionForm({
  orgSlug,
  connectionId,
  advertisers,
  businessCenters,
  selected,
}: {
  orgSlug: string;
  connectionId: string;
  advertisers: { id: string; name: string }[];
  businessCenters: { id: string; name: string }[];
  selected: { advertiserIds: string[]; bcIds: string[] };
}) {
  const [saved, setSaved] = useState(false);
  const save = useApiMutation((input: { advertiserIds: string[]; bcIds: string[] }) => sendJson(`/api/orgs/${orgSlug}/connections/${connectionId}`, 'PATCH', input), {
    onSuccess: () => setSaved(true),
  });
  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setSaved(false);
        save.mutate({ advertiserIds: form.getAll('advertiserIds').map(String), bcIds: form.getAll('bcIds').map(String) });
      }}
    >
      <FormError message={save.formError} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-900">Business Centers</legend>
        <Checkboxes name="bcIds" items={businessCenters} checked={selected.bcIds} />
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium text-slate-900">Ad accounts</legend>
        <Checkboxes name="advertiserIds" items={advertisers} checked={selected.advertiserIds} />
      </fieldset>
      <div className="flex items-center gap-3">
        <ScriptButton type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save selection'}
        </ScriptButton>
        {saved ? <span className="text-sm text-emerald-700">Saved. The next sync uses this selection.</span> : null}
      </div>
    </form>
  );
}

function Checkboxes({ name, items, checked }: { name: string; items: { id: string; name: string }[]; checked: string[] }) {
  if (items.length === 0) return <p className="mt-2 text-sm text-slate-500">This token reaches none.</p>;
  return (
    <div className="mt-2 grid gap-2 sm:grid-cols-2">
      {items.map((item) => (
        <label key={item.id} className="flex items-center gap-2 rounded-md px-3 py-2 text-sm ring-1 ring-slate-200 hover:bg-slate-50">
          <input type="checkbox" name={name} value={item.id} defaultChecked={checked.includes(item.id)} className="size-4 accent-slate-900" />
          <span className="font-medium text-slate-900">{item.name}</span>
          <span className="ml-auto text-xs text-slate-500">{item.id}</span>
        </label>
      ))}
    </div>
  );
}

export function DisconnectButton({ orgSlug, connectionId, label }: { orgSlug: string; connectionId: string; label: string }) {
  const router = useRouter();
  const disconnect = useApiMutation(() => sendJson(`/api/orgs/${orgSlug}/connections/${connectionId}`, 'DELETE'), {
    onSuccess: () => router.push(`/o/${orgSlug}/connections`),
    refresh: false,
  });
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <ScriptButton
        variant="danger"
        disabled={disconnect.isPending}
        onClick={() => {
          disconnect.reset();
          setConfirming(true);
        }}
      >
        Disconnect
      </ScriptButton>
      <ConfirmDialog
        open={confirming}
        title={`Disconnect ${label}?`}
        confirmLabel="Disconnect"
        pendingLabel="Disconnecting…"
        pending={disconnect.isPending}
        error={disconnect.formError}
        onConfirm={() => disconnect.mutate()}
        onClose={() => setConfirming(false)}
      >
        <p>Sparkcheck forgets its TikTok token and stops syncing it. Synced data and history stay; connect it again at any time.</p>
      </ConfirmDialog>
    </>
  );
}
