export type TikTokErrorKind = 'rate_limited' | 'auth' | 'permission' | 'invalid' | 'not_found' | 'transient' | 'unknown' | 'protocol';

export type TikTokErrorDetails = {
  endpoint: string;
  /** The envelope `code`; null when no envelope arrived (network, timeout, HTTP 5xx, bad body). */
  code?: number | null;
  requestId?: string | null;
  httpStatus?: number | null;
  cause?: unknown;
};

/** Every failure of a TikTok call is one of these; `kind` says what the caller can do about it. */
export class TikTokApiError extends Error {
  readonly kind: TikTokErrorKind;
  readonly code: number | null;
  readonly requestId: string | null;
  /** The path called, e.g. `tt_video/info/`; never the full URL, which may carry the app secret. */
  readonly endpoint: string;
  readonly httpStatus: number | null;

  constructor(kind: TikTokErrorKind, message: string, details: TikTokErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.code = details.code ?? null;
    this.requestId = details.requestId ?? null;
    this.endpoint = details.endpoint;
    this.httpStatus = details.httpStatus ?? null;
  }

  /** Only throttling and server-side faults are worth repeating; everything else fails the same way again. */
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'transient';
  }
}

export class TikTokRateLimitError extends TikTokApiError {
  constructor(message: string, details: TikTokErrorDetails) {
    super('rate_limited', message, details);
  }
}

export class TikTokAuthError extends TikTokApiError {
  constructor(message: string, details: TikTokErrorDetails) {
    super('auth', message, details);
  }
}

export class TikTokPermissionError extends TikTokApiError {
  constructor(message: string, details: TikTokErrorDetails) {
    super('permission', message, details);
  }
}

export class TikTokInvalidRequestError extends TikTokApiError {
  constructor(message: string, details: TikTokErrorDetails) {
    super('invalid', message, details);
  }
}

export class TikTokNotFoundError extends TikTokApiError {
  constructor(message: string, details: TikTokErrorDetails) {
    super('not_found', message, details);
  }
}

export class TikTokTransientError extends TikTokApiError {
  constructor(message: string, details: TikTokErrorDetails) {
    super('transient', message, details);
  }
}

/** The call did not finish within the client's timeout; transient, so it is retried. */
export class TikTokTimeoutError extends TikTokTransientError {}

export class TikTokUnknownError extends TikTokApiError {
  constructor(message: string, details: TikTokErrorDetails) {
    super('unknown', message, details);
  }
}

export const BODY_SNIPPET_LENGTH = 200;

/** The server answered with something that is not a TikTok envelope, or data that fails its schema. */
export class TikTokProtocolError extends TikTokApiError {
  /** The first bytes of the body as received, for diagnosis. */
  readonly bodySnippet: string;

  constructor(message: string, details: TikTokErrorDetails & { body: string }) {
    super('protocol', message, details);
    this.bodySnippet = details.body.slice(0, BODY_SNIPPET_LENGTH);
  }
}

// Return codes by what the caller can do (reference §6.2 and its Corrections, from the SDK's tiktok_code.py).
const codeKinds: ReadonlyMap<number, TikTokErrorKind> = new Map([
  ...[40100, 40016, 40133, 40132, 61000].map((c) => [c, 'rate_limited'] as const),
  ...[40101, 40102, 40104, 40105, 40106, 40110, 40113, 40114, 40130, 40131].map((c) => [c, 'auth'] as const),
  ...[40001, 40003, 40117, 40118, 40119, 40124, 40125, 40301, 41000].map((c) => [c, 'permission'] as const),
  ...[40000, 40002, 40006, 40011, 40051, 40400, 40700, 41001, 41002].map((c) => [c, 'invalid'] as const),
  ...[40007, 40300, 40302].map((c) => [c, 'not_found'] as const),
  ...[40201, 40202, 50000, 50002, 53102, 53103, 60001].map((c) => [c, 'transient'] as const),
]);

export function kindOfCode(code: number): TikTokErrorKind {
  if ((code >= 51000 && code <= 51099) || (code >= 52000 && code <= 52204)) return 'transient';
  return codeKinds.get(code) ?? 'unknown';
}

/** The typed error for a non-zero envelope `code` (TikTok reports most failures as HTTP 200). */
export function errorForCode(code: number, message: string, details: Omit<TikTokErrorDetails, 'code'>): TikTokApiError {
  const all = { ...details, code };
  switch (kindOfCode(code)) {
    case 'rate_limited':
      return new TikTokRateLimitError(message, all);
    case 'auth':
      return new TikTokAuthError(message, all);
    case 'permission':
      return new TikTokPermissionError(message, all);
    case 'invalid':
      return new TikTokInvalidRequestError(message, all);
    case 'not_found':
      return new TikTokNotFoundError(message, all);
    case 'transient':
      return new TikTokTransientError(message, all);
    default:
      return new TikTokUnknownError(message, all);
  }
}
