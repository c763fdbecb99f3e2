'use client';

import { Button } from './button';
import { Input } from './field';

/**
 * A value the server hands out once (an invitation link, an API key): a sentence, the value ready to
 * select, and a Copy button. `name` is what a screen reader calls the field.
 */
export function ShownOnce({ message, value, name, testId }: { message: string; value: string; name: string; testId: string }) {
  return (
    <div className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-emerald-200">
      <p className="font-medium">{message}</p>
      <div className="mt-2 flex gap-2">
        <Input readOnly value={value} aria-label={name} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
        <Button type="button" variant="secondary" onClick={() => navigator.clipboard?.writeText(value)}>
          Copy
        </Button>
      </div>
    </div>
  );
}
