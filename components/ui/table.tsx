import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { cn } from './cn';

/** The first cell of every row stays in view while a wide table scrolls sideways inside its box (on a phone). */
export const STICKY_FIRST_COLUMN =
  '[&_tr>:first-child]:sticky [&_tr>:first-child]:left-0 [&_tr>:first-child]:z-10 [&_tr>:first-child]:bg-white [&_tr>:first-child]:shadow-[1px_0_0_0_var(--color-slate-200)]';

/**
 * A box a wide table scrolls in sideways, so the page itself never does. Keyboard users reach it
 * with Tab and scroll it with the arrow keys; `label` names it for screen readers.
 */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500">
      {children}
    </div>
  );
}

export function Table({ label = 'Table', children }: { label?: string; children: ReactNode }) {
  return (
    <ScrollBox label={label}>
      <table className={cn('min-w-full divide-y divide-slate-100 text-sm', STICKY_FIRST_COLUMN)}>{children}</table>
    </ScrollBox>
  );
}

export function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={cn('px-5 py-2.5 text-left text-xs font-medium uppercase tracking-wide text-slate-500', className)} {...props} />;
}

export function Td({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn('px-5 py-3 align-middle text-slate-700', className)} {...props} />;
}

/** The header row; `actions` adds an unlabeled (screen-reader only) column for row buttons. */
export function TableHead({ columns, actions = false }: { columns: string[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <Th key={c}>{c}</Th>
        ))}
        {actions ? (
          <Th className="text-right">
            <span className="sr-only">Actions</span>
          </Th>
        ) : null}
      </tr>
    </thead>
  );
}
