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
    const where = first?.path.length ? `${first.path.join('.')}: ` : '';
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
