import type { z } from 'zod';

/** Errors that carry their HTTP meaning; the route wrapper turns them into responses. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Field names people would not recognise, in the words of the page or command they typed into. */
const FIELD_WORDS: Record<string, string> = {
  q: 'search',
  orgSlug: 'organization',
  advertiser: 'ad account',
  advertiserId: 'ad account',
  advertiserIds: 'ad accounts',
  accessToken: 'access token',
  ttAccountId: 'TikTok account',
  bcId: 'Business Center',
};

/** A zod issue path in words for a message: `advertiserIds.2` → “ad accounts (item 3)”, `skipCodes` → “skip codes”. */
export function fieldWords(path: readonly PropertyKey[]): string {
  const names = path.filter((p): p is string => typeof p === 'string');
  const items = path.filter((p): p is number => typeof p === 'number');
  const last = names.at(-1);
  const words = last === undefined ? 'value' : (FIELD_WORDS[last] ?? last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase());
  return items.length > 0 ? `${words} (item ${items.at(-1)! + 1})` : words;
}

export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(422, message, { fields: fieldErrors });
  }

  static fromZod(error: z.ZodError, what = 'request'): ValidationError {
    const fields: Record<string, string[]> = {};
    for (const issue of error.issues) {
      const key = issue.path.join('.') || '_';
      (fields[key] ??= []).push(issue.message);
    }
    const first = error.issues[0];
    // The field in words, never its id: people read these messages on the page and in the CLI.
    const where = first?.path.length ? `${fieldWords(first.path)}: ` : '';
    return new ValidationError(`Invalid ${what} — ${where}${first?.message ?? 'bad input'}`, fields);
  }

  static field(field: string, message: string): ValidationError {
    return new ValidationError(message, { [field]: [message] });
  }
}

export class UnauthenticatedError extends AppError {
  constructor() {
    super(401, 'Sign in to continue');
  }
}

/** Also what a foreign organization's object looks like: indistinguishable from a missing one. */
export class NotFoundError extends AppError {
  constructor(what = 'Not found') {
    super(404, what);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Your role in this organization does not allow that') {
    super(403, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, message);
  }
}

export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, message, { retryAfterSeconds });
  }
}
