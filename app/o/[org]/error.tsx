'use client';

import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';

/** A page of the organization failed: say so inside the app's shell (menu and sync bar stay), and offer to try again. */
export default function OrgPageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <Card className="p-6">
      <h1 ref={heading} tabIndex={-1} className="text-lg font-semibold text-slate-900 outline-none">
        This page could not be shown
      </h1>
      <p className="mt-2 text-sm text-slate-600">Something went wrong on our side while reading it. Nothing you did was lost. Try again; if it keeps failing, send us the reference below.</p>
      {error.digest ? <p className="mt-2 font-mono text-xs text-slate-600">Reference: {error.digest}</p> : null}
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </Card>
  );
}
