'use client';

import { useSyncExternalStore, type ComponentProps } from 'react';
import { Button } from './button';

const noSubscription = () => () => {};

/** False in the server's HTML and until React has taken over the page, true after. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * A button whose work is done by script (a submit handler or a click handler that calls the API).
 * It stays disabled in the server's HTML until React has taken over the page, so a tap on a slow
 * phone is neither lost nor sent as a plain page reload that puts the form's fields (a creator's
 * code, an access token) in the address bar.
 */
export function ScriptButton({ disabled, ...props }: ComponentProps<typeof Button>) {
  const hydrated = useHydrated();
  return <Button {...props} disabled={!hydrated || disabled} />;
}
