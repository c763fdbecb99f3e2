'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ScriptButton } from '@/components/ui/script-button';
import { CopyButton } from '@/components/ui/copy-button';
import { FormError } from '@/components/ui/field';

/** The form the ads list's post checkboxes belong to (`form` attribute), so the table stays a server component. */
export const RENEWAL_SELECTION_FORM = 'renewal-selection';

type Link = { itemId: string; url: string };

/** "Request renewal" for the posts ticked in the ads list: one link per post, shown to copy. */
export function RequestRenewalsForm({ orgSlug }: { orgSlug: string }) {
  const router = useRouter();
  const [links, setLinks] = useState<Link[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const itemIds = [...new Set(new FormData(event.currentTarget).getAll('itemId').map(String))];
    if (itemIds.length === 0) {
      setErrors(['Tick the posts to renew in the list first.']);
      return;
    }
    setPending(true);
    setErrors([]);
    const made: Link[] = [];
    const failed: string[] = [];
    for (const itemId of itemIds) {
      const response = await fetch(`/api/orgs/${encodeURIComponent(orgSlug)}/renewals`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ itemId }),
      }).catch(() => null);
      const body = (await response?.json().catch(() => ({}))) as { url?: string; error?: string } | undefined;
      if (response?.ok && body?.url) made.push({ itemId, url: body.url });
      else failed.push(`Post ${itemId}: ${body?.error ?? 'Sparkcheck could not be reached'}`);
    }
    setLinks(made);
    setErrors(failed);
    setPending(false);
    router.refresh();
  }

  return (
    <form id={RENEWAL_SELECTION_FORM} onSubmit={submit} className="space-y-2 border-b border-slate-100 px-5 py-3 text-sm" data-testid="renewal-selection">
      <div className="flex flex-wrap items-center gap-3">
        <ScriptButton type="submit" variant="secondary" size="sm" disabled={pending}>
          {pending ? 'Creating links…' : 'Request renewal for ticked posts'}
        </ScriptButton>
        <span className="text-xs text-slate-600">Tick posts in the list: each gets a link for its creator to paste a new code.</span>
      </div>
      <FormError message={errors.length > 0 ? errors.join(' ') : null} />
      {links.length > 0 ? (
        <ul className="space-y-1" data-testid="renewal-links">
          {links.map((l) => (
            <li key={l.itemId} className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-xs text-slate-500">{l.itemId}</span>
              <span className="break-all font-mono text-xs text-slate-900">{l.url}</span>
              <CopyButton text={l.url} label="Copy link" name={`Copy the renewal link for post ${l.itemId}`} />
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
