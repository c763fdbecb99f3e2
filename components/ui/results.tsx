'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { RESULTS_ID } from './filters';

/**
 * Where a GET form's answer starts. When the page was loaded by submitting the form (its action
 * ends in `#results`), focus moves here, so a keyboard or screen-reader user lands on the result of
 * "Apply" or "Compare" instead of the top of the page.
 */
export function Results({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (window.location.hash === `#${RESULTS_ID}`) ref.current?.focus();
  }, []);
  return (
    <div ref={ref} id={RESULTS_ID} tabIndex={-1} role="region" aria-label={label} className="scroll-mt-4 outline-none">
      {children}
    </div>
  );
}
