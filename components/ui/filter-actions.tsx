import Link from 'next/link';
import { buttonClass } from './button';
import { cn } from './cn';

/** The end of a GET filter form: submit, and "Clear" back to `clearHref` while any filter is set. */
export function FilterActions({ clearHref, active, className }: { clearHref: string; active: boolean; className?: string }) {
  return (
    <div className={cn('flex items-end gap-2', className)}>
      <button type="submit" className={cn(buttonClass('primary', 'md'), 'whitespace-nowrap')}>
        Apply filters
      </button>
      {active ? (
        <Link href={clearHref} className={buttonClass('ghost', 'md')}>
          Clear
        </Link>
      ) : null}
    </div>
  );
}
