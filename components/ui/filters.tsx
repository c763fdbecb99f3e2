import type { ReactNode } from 'react';
import { buttonClass } from './button';
import { cn } from './cn';

/** The fragment filter and question forms submit to, so the page they load opens on the answer (see Results). */
export const RESULTS_ID = 'results';

/** A GET form's action that lands on its results. */
export const toResults = (path: string) => `${path}#${RESULTS_ID}`;

/** One control of a GET filter form with its small label above it. */
export function FilterField({ label, className, children }: { label: ReactNode; className?: string; children: ReactNode }) {
  return (
    <label className={cn('space-y-1', className)}>
      <span className="block text-xs font-medium text-slate-600">{label}</span>
      {children}
    </label>
  );
}

/**
 * The end of a GET filter form: submit, and "Clear" back to `clearHref` while any filter is set. Clear
 * loads the unfiltered page on its results, as Apply does, so focus lands on the list (Results) instead
 * of being lost with the Clear link that disappears.
 */
export function FilterActions({ clearHref, active, className }: { clearHref: string; active: boolean; className?: string }) {
  return (
    <div className={cn('flex items-end gap-2', className)}>
      <button type="submit" className={cn(buttonClass('primary', 'md'), 'whitespace-nowrap')}>
        Apply filters
      </button>
      {active ? (
        <a href={toResults(clearHref)} className={buttonClass('ghost', 'md')}>
          Clear
        </a>
      ) : null}
    </div>
  );
}
