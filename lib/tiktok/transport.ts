import { z } from 'zod';
import { BODY_SNIPPET_LENGTH, TikTokApiError, TikTokAuthError, TikTokProtocolError, TikTokRateLimitError, TikTokTimeoutError, TikTokTransientError, errorForCode } from './errors';
import type { CallCounter } from './calls';
import type { Limiter } from './limiter';
import { parseTolerantly } from './tolerant';

/** Every v1.3 path ends in a slash; without it TikTok answers with an HTML 404 page. */
export type ApiPath = `${string}/`;

export type RetryOptions = {
  /** Attempts in total, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
};

export type TransportOptions = {
  /** e.g. `https://business-api.tiktok.com/open_api/v1.3/`, or a sandbox's equivalent. */
  baseUrl: string;
  accessToken?: string;
  /** The organization the calls are made for (or SYSTEM_ORG); the limiter shares tokens fairly between them. */
  orgId: string;
  limiter: Limiter;
  /** Counts every request sent (retries included) per endpoint, e.g. for the sync run that spends them. */
  calls?: CallCounter;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retry?: RetryOptions;
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for backoff jitter. */
  random?: () => number;
};

export type ApiRequest<T> = {
  method: 'GET' | 'POST';
  path: ApiPath;
  /** GET: query string; POST: JSON body. */
  params: Record<string, unknown>;
  schema: z.ZodType<T>;
  /** `oauth2/access_token/` is the one call made without an Access-Token header. */
  authenticated?: boolean;
};

const PARTIAL_SUCCESS = 20001;

export type ApiResponse<T> = { data: T; requestId: string | null };

export type Transport = {
  request<T>(request: ApiRequest<T>): Promise<ApiResponse<T>>;
};

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_RETRY: Required<RetryOptions> = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 20_000 };

// Only a numeric `code` makes an envelope; an odd message or request_id must not hide TikTok's answer.
const envelopeSchema = z.object({
  code: z.number().int(),
  message: z.string().nullish().catch(null),
  request_id: z.union([z.string(), z.number()]).transform(String).nullish().catch(null),
  data: z.unknown(),
});

/**
 * GET parameters go in the query string with arrays and objects JSON-encoded (`filtering={"…"}`);
 * the repeated-key form is rejected with 40002. URLSearchParams percent-encodes every value, so `#`
 * and `+` inside Spark auth codes survive.
 */
export function buildUrl(baseUrl: string, path: ApiPath, params: Record<string, unknown> = {}): URL {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    query.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  // URLSearchParams writes a space as '+' (and a real '+' as %2B); %20 is a space to every decoder,
  // so a '+' never reaches TikTok where a Spark code could be misread.
  url.search = query.toString().replaceAll('+', '%20');
  return url;
}

export function backoffDelay(attempt: number, retry: Required<RetryOptions>, random: () => number): number {
  // Full jitter: spreads the retries of many waiting calls instead of firing them in lockstep.
  return Math.floor(random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)));
}

function oneLine(text: string, length: number): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, length);
}

/**
 * What an HTTP error says, for messages people read: a gateway's HTML error page is markup, not
 * words, so it becomes “TikTok did not answer (HTTP 503)”; a short text body is kept.
 */
function httpFailure(status: number, body: string): string {
  if (/^\s*</.test(body) || body.trim() === '') return `TikTok did not answer (HTTP ${status})`;
  return `TikTok did not answer (HTTP ${status}: ${oneLine(body, BODY_SNIPPET_LENGTH)})`;
}

/** Turns one HTTP exchange into data or a typed error. */
export function parseResponse<T>(endpoint: string, status: number, body: string, schema: z.ZodType<T>): ApiResponse<T> {
  if (status >= 500) {
    throw new TikTokTransientError(httpFailure(status, body), { endpoint, httpStatus: status });
  }
  // TikTok itself throttles with HTTP 200 + 40100; a 429 can only come from a proxy in between.
  if (status === 429) {
    throw new TikTokRateLimitError(httpFailure(status, body), { endpoint, httpStatus: status });
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new TikTokProtocolError(`HTTP ${status} with a body that is not JSON`, { endpoint, httpStatus: status, body });
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw new TikTokProtocolError(`HTTP ${status} without a TikTok envelope`, { endpoint, httpStatus: status, body });
  }
  const { code, message, request_id: requestId = null, data } = envelope.data;
  // Application errors, rate limits included, arrive as HTTP 200 with a non-zero code; 20001
  // ("partially successful", SDK tiktok_code.py) carries data and is not one.
  if (code !== 0 && code !== PARTIAL_SUCCESS) {
    throw errorForCode(code, message || `TikTok error ${code}`, { endpoint, requestId, httpStatus: status });
  }
  if (status < 200 || status > 299) {
    throw new TikTokProtocolError(`HTTP ${status} with code 0`, { endpoint, requestId, httpStatus: status, body });
  }
  // An unreadable time in a single object costs that field, as it does in a list row.
  const parsed = parseTolerantly(schema, data);
  if (!parsed.ok) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`);
    throw new TikTokProtocolError(`response data does not match its schema: ${issues.join('; ')}`, {
      endpoint,
      requestId,
      httpStatus: status,
      body,
    });
  }
  return { data: parsed.data, requestId };
}

function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError';
}

/** undici reports `fetch failed` and puts the useful part (ECONNRESET, …) in `cause`. */
function describeNetworkError(error: unknown): string {
  // An injected fetch may throw anything, even a value that cannot be turned into a string.
  try {
    if (!(error instanceof Error)) return String(error);
    return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : String(error.message);
  } catch {
    return 'unprintable error';
  }
}

export function createTransport(options: TransportOptions): Transport {
  const baseUrl = new URL(options.baseUrl).toString();
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retry: Required<RetryOptions> = {
    maxAttempts: Math.max(1, options.retry?.maxAttempts ?? DEFAULT_RETRY.maxAttempts),
    baseDelayMs: options.retry?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: options.retry?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
  };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;

  async function send<T>(request: ApiRequest<T>, headers: Record<string, string>): Promise<ApiResponse<T>> {
    const endpoint = request.path;
    const isGet = request.method === 'GET';
    let status: number;
    let body: string;
    try {
      const response = await fetchImpl(buildUrl(baseUrl, request.path, isGet ? request.params : {}), {
        method: request.method,
        headers: isGet ? headers : { ...headers, 'Content-Type': 'application/json' },
        body: isGet ? undefined : JSON.stringify(request.params),
        // Covers reading the body too: a server that stalls mid-body also times out.
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      body = await response.text();
    } catch (error) {
      if (isTimeout(error)) {
        throw new TikTokTimeoutError(`no complete response within ${timeoutMs} ms`, { endpoint, cause: error });
      }
      throw new TikTokTransientError(`network error: ${describeNetworkError(error)}`, { endpoint, cause: error });
    }
    return parseResponse(endpoint, status, body, request.schema);
  }

  return {
    async request(request) {
      const authenticated = request.authenticated ?? true;
      if (authenticated && !options.accessToken) {
        throw new TikTokAuthError('no access token configured for this client', { endpoint: request.path });
      }
      // The token goes bare: `Bearer <token>` is rejected with 40105.
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (authenticated && options.accessToken) headers['Access-Token'] = options.accessToken;
      const advertiserId = typeof request.params.advertiser_id === 'string' ? request.params.advertiser_id : undefined;

      for (let attempt = 1; ; attempt++) {
        await options.limiter.acquire({ orgId: options.orgId, endpoint: request.path, advertiserId });
        options.calls?.record(request.path);
        try {
          return await send(request, headers);
        } catch (error) {
          const retryable = error instanceof TikTokApiError && error.retryable;
          if (!retryable || attempt >= retry.maxAttempts) throw error;
          await sleep(backoffDelay(attempt, retry, random));
        }
      }
    },
  };
}
