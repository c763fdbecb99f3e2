'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';

const TABS = [
  ['', 'Matrix'],
  ['/compare', 'Compare'],
  ['/explain', 'Explain a post'],
  ['/findings', 'Ineffective grants & risks'],
  ['/history', 'History'],
] as const;

/** The team section's pages; the current one is marked for the eye and for screen readers. */
export function TeamTabs({ base }: { base: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Team pages" className="mb-5 flex flex-wrap gap-1 border-b border-slate-200">
      {TABS.map(([path, label]) => {
        const href = `${base}${path}`;
        const active = pathname === href;
        return (
          <Link
            key={path}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={cn(
              '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
              active ? 'border-slate-900 text-slate-900' : 'border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800',
            )}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
