'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { ScriptButton } from '@/components/ui/script-button';
import { FormError } from '@/components/ui/field';

type Created = { id: string; url: string; expiresAt: string };

/**
 * "Request renewal": makes a renewal link for the post (its ad accounts default to those whose ads
 * run it), optionally e-mails it to the creator, and shows it once to copy.
 */
export function RequestRenewalButton({ orgSlug, itemId, handle, size = 'sm' }: { orgSlug: string; itemId: string; handle: string | null; size?: 'sm' | 'md' }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const who = handle ? `@${handle}'s post` : `post ${itemId}`;

  async function create() {
    setPending(true);
    setError(null);
    try {
      const response = await fetch(`/api/orgs/${encodeURIComponent(orgSlug)}/renewals`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ itemId, ...(email.trim() ? { creatorEmail: email.trim() } : {}) }),
      });
      const body = (await response.json().catch(() => ({}))) as Partial<Created> & { error?: string };
      if (!response.ok || !body.url) {
        setError(body.error ?? 'The renewal link could not be created.');
        return;
      }
      setCreated(body as Created);
      router.refresh();
    } catch {
      setError('Sparkcheck could not be reached; no link was created.');
    } finally {
      setPending(false);
    }
  }

  if (!open) {
    return (
      <ScriptButton type="button" variant="secondary" size={size} onClick={() => setOpen(true)} aria-label={`Request renewal for ${who}`}>
        Request renewal
      </ScriptButton>
    );
  }
  return (
    <div className="mt-2 space-y-2 rounded-lg bg-slate-50 p-3 text-sm ring-1 ring-slate-200" data-testid="renewal-request">
      {created ? (
        <>
          <p className="text-slate-700">Send this link to the creator. It works for 14 days and is shown only now{email.trim() ? `; it was also e-mailed to ${email.trim()}` : ''}.</p>
          <p className="flex flex-wrap items-center gap-2">
            <span className="break-all font-mono text-xs text-slate-900" data-testid="renewal-url">
              {created.url}
            </span>
            <CopyButton text={created.url} label="Copy link" name={`Copy the renewal link for ${who}`} />
          </p>
        </>
      ) : (
        <>
          <p className="text-slate-700">A link for the creator to paste a new code for {who}; Sparkcheck applies it to the ad accounts whose ads run the post.</p>
          <label htmlFor={`renewal-email-${itemId}`} className="block text-xs font-medium text-slate-700">
            Creator’s e-mail (optional: we send the link and one reminder)
          </label>
          <input
            id={`renewal-email-${itemId}`}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            className="block h-9 w-full rounded-md border-0 bg-white px-3 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-slate-900"
          />
          <FormError message={error} />
          <div className="flex gap-2">
            <Button type="button" size="sm" onClick={create} disabled={pending}>
              {pending ? 'Creating…' : 'Create link'}
            </Button>
            <Button type="button" size="sm" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
