'use client';

import { useState } from 'react';
import { cn } from './cn';

/**
 * Copies `text` to the clipboard and says so (announced to screen readers). Where the browser
 * refuses the clipboard (an insecure origin, a denied permission) it says that instead of nothing.
 */
/** `label` is the visible text; `name` (“Copy ad ID”) is what a screen reader says when several sit together. */
export function CopyButton({ text, label, name, className }: { text: string; label: string; name?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className={cn('inline-flex items-center gap-1.5', className)}>
      <button
        type="button"
        aria-label={name}
        onClick={copy}
        className="rounded px-1.5 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        {label}
      </button>
      <span role="status" className={cn('text-xs', state === 'failed' ? 'text-red-700' : 'text-emerald-700')}>
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy: select the text instead' : ''}
      </span>
    </span>
  );
}
