'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ScriptButton } from '@/components/ui/script-button';
import { FormError } from '@/components/ui/field';

type Answer = { outcome?: string; message?: string; error?: string; newEndsAt?: string | null };

/** The paste box: sends the code, shows TikTok's answer in words, and reloads the page when it is applied. */
export function RenewalCodeForm({ token, lastProblem }: { token: string; lastProblem: string | null }) {
  const router = useRouter();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(lastProblem ? `Your last code was not applied: ${lastProblem}` : null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    const trimmed = code.trim();
    if (trimmed === '') {
      setError('Paste the code you copied in the TikTok app.');
      return;
    }
    setPending(true);
    try {
      const response = await fetch(`/api/renewals/${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: trimmed }),
      });
      const answer = (await response.json().catch(() => ({}))) as Answer;
      if (!response.ok) {
        setError(answer.error ?? 'Something went wrong; nothing was applied. Please try again.');
        return;
      }
      setNotice(answer.message ?? 'Thank you.');
      setCode('');
      router.refresh();
    } catch {
      setError('Your phone could not reach us. Check your connection and try again; nothing was applied.');
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      <label htmlFor="creator-code" className="block text-base font-medium text-slate-900">
        Paste your new code
      </label>
      <textarea
        id="creator-code"
        name="code"
        rows={3}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'creator-code-error' : undefined}
        className="block w-full rounded-lg border-0 bg-white px-3 py-3 font-mono text-base text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-slate-900"
        placeholder="#2/…"
      />
      <div id="creator-code-error">
        <FormError message={error} />
      </div>
      {notice ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">
          {notice}
        </p>
      ) : null}
      <ScriptButton type="submit" className="w-full py-3 text-base" disabled={pending}>
        {pending ? 'Applying your code…' : 'Send code'}
      </ScriptButton>
      <p className="text-xs text-slate-500">The code is only used to renew this post’s ad authorization. It is never shown again, to anyone.</p>
    </form>
  );
}
