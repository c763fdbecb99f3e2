'use client';

import { usePathname } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { Logo } from './logo';
import { cn } from './ui/cn';
import { useHydrated } from './ui/script-button';

/**
 * The sidebar at 768 px and wider; below, a top bar whose "Menu" button opens the same links.
 * The menu closes by itself on navigation: it is open only for the page it was opened on.
 */
export function AppShellMenu({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const hydrated = useHydrated();
  return (
    <aside className="border-b border-slate-200 bg-slate-100/70 px-3 py-2 md:flex md:w-64 md:shrink-0 md:flex-col md:border-b-0 md:border-r md:py-4">
      <div className="flex items-center justify-between gap-3 md:block md:px-2 md:pb-4">
        <Logo />
        <button
          type="button"
          aria-expanded={open}
          aria-controls="app-menu"
          disabled={!hydrated}
          onClick={() => setOpenOn(open ? null : pathname)}
          className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-white focus-visible:outline-2 focus-visible:outline-brand-500 md:hidden"
        >
          {open ? 'Close menu' : 'Menu'}
        </button>
      </div>
      <div id="app-menu" className={cn('flex-1 flex-col pb-2 pt-3 md:flex md:pb-0 md:pt-0', open ? 'flex' : 'hidden')}>
        {children}
      </div>
    </aside>
  );
}
