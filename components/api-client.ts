'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';

/** A JSON route's refusal: its message in words and, for bad input (422), what was wrong per field. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Calls one of our JSON route handlers; a non-2xx answer throws an ApiError with the server's message and field errors. */
export async function sendJson<T = unknown>(url: string, method: 'POST' | 'PATCH' | 'DELETE', body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await response.json().catch(() => ({}))) as { error?: string; fields?: Record<string, string[]> };
  if (!response.ok) throw new ApiError(data.error ?? `Request failed (${response.status})`, response.status, data.fields ?? {});
  return data as T;
}

export type ApiMutationOptions<V, T> = {
  onSuccess?: (data: T, variables: V) => void;
  /** Re-render the page's server data after success (default); off when onSuccess navigates away. */
  refresh?: boolean;
  /** The fields this form shows: their errors go under them (`fieldError`), not in `formError`. */
  fields?: readonly string[];
};

/**
 * The one way a form or button writes: `sendJson` (or any call) through TanStack Query, the page's
 * server data refreshed after success, and the error split into what goes under each field and
 * what goes above the form.
 */
export function useApiMutation<V, T = unknown>(mutationFn: (variables: V) => Promise<T>, { onSuccess, refresh = true, fields = [] }: ApiMutationOptions<V, T> = {}) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn,
    onSuccess: (data, variables) => {
      onSuccess?.(data, variables);
      if (refresh) router.refresh();
    },
  });
  const error = mutation.error;
  const fieldErrors = error instanceof ApiError ? error.fields : {};
  const wrong = Object.keys(fieldErrors);
  const allShown = wrong.length > 0 && wrong.every((f) => fields.includes(f));
  return {
    ...mutation,
    /** The first problem with a field this form shows, if the last attempt had one. */
    fieldError: (name: string): string | undefined => (fields.includes(name) ? fieldErrors[name]?.[0] : undefined),
    /** The message above the form: null when every problem is already shown next to its field. */
    formError: error && !allShown ? error.message : null,
  };
}
