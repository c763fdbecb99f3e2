'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ScriptButton } from '@/components/ui/script-button';

/** Revokes an open renewal link after a confirmation. */
export function RevokeRenewalButton({ orgSlug, id, what }: { orgSlug: string; id: string; what: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function revoke() {
    if (!window.confirm(`Revoke the renewal link for ${what}? The creator's page stops taking codes at once.`)) return;
    setPending(true);
    setError(null);
    const response = await fetch(`/api/orgs/${encodeURIComponent(orgSlug)}/renewals/${encodeURIComponent(id)}/revoke`, { method: 'POST' }).catch(() => null);
    setPending(false);
    if (!response?.ok) {
      const body = (await response?.json().catch(() => ({}))) as { error?: string } | undefined;
      setError(body?.error ?? 'The link could not be revoked.');
      return;
    }
    router.refresh();
  }
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <ScriptButton type="button" variant="secondary" size="sm" onClick={revoke} disabled={pending} aria-label={`Revoke the renewal link for ${what}`}>
        {pending ? 'Revoking…' : 'Revoke'}
      </ScriptButton>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
