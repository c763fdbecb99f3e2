import { env } from '@/lib/env';
import { AppError, ForbiddenError, ValidationError } from '@/lib/errors';

/** Request bodies larger than this are refused before any of it is parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type HeaderSource = { headers: Headers; url: string };

/**
 * The origin the browser used (Host / X-Forwarded-* as the proxy set them). `nextUrl.origin` can
 * differ (Next may normalize 127.0.0.1 to localhost), and a link to another host loses the session.
 */
export function requestOrigin(request: HeaderSource): string {
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (!host) return new URL(request.url).origin;
  const proto = request.headers.get('x-forwarded-proto') ?? new URL(request.url).protocol.replace(/:$/, '');
  return `${proto.split(',')[0]!.trim()}://${host.split(',')[0]!.trim()}`;
}

/**
 * The one origin pages and API calls may come from, and links we send out point to: `APP_URL`, or
 * (dev and demo, where it is unset) the origin the request itself was addressed to.
 */
export function appOrigin(request: HeaderSource): string {
  return env.APP_URL ? new URL(env.APP_URL).origin : requestOrigin(request);
}

/**
 * The client's address as the front server in front of `next start` reports it: the last hop of
 * X-Forwarded-For, the one that server appends, so a client cannot choose it. Null when absent.
 * The one place that reads it: per-IP limits (sign-ups) go through here.
 */
export function clientIp(headers: Headers): string | null {
  const hops =
    headers
      .get('x-forwarded-for')
      ?.split(',')
      .map((h) => h.trim())
      .filter(Boolean) ?? [];
  return hops.at(-1) ?? null;
}

/**
 * Cross-site request forgery guard for every state-changing request: a browser always sends
 * `Origin` on POST/PUT/PATCH/DELETE, so a foreign or `null` one is refused. A request with neither
 * `Origin` nor a cross-site `Sec-Fetch-Site` is not from a browser page (curl, the CLI, a server) and
 * carries no ambient credentials an attacker could borrow. A Bearer-authenticated request (API keys)
 * carries no cookie and may skip this check.
 */
export function assertSameOrigin(request: HeaderSource & { method: string }): void {
  if (!STATE_CHANGING.has(request.method)) return;
  const origin = request.headers.get('origin');
  if (origin === null) {
    const site = request.headers.get('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') throw new ForbiddenError('This request came from another site and was refused');
    return;
  }
  if (origin !== appOrigin(request)) throw new ForbiddenError(`This request came from another site (${origin === 'null' ? 'an opaque origin' : origin}) and was refused`);
}

export class PayloadTooLargeError extends AppError {
  constructor() {
    super(413, `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor() {
    super(415, 'Send the request body as JSON (Content-Type: application/json)');
  }
}

const isJson = (contentType: string | null) => contentType !== null && /^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(contentType.trim());

/** The body's text, read up to MAX_BODY_BYTES: 413 as soon as it is larger, without reading the rest. */
async function readLimitedText(body: ReadableStream<Uint8Array>): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The request's JSON body (undefined when it has none). Non-JSON bodies are a 415 (no text/plain
 * or form posts, which a foreign page can send without a preflight), oversized ones a 413.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const length = request.headers.get('content-length');
  if (length === '0' || !request.body) return undefined;
  const json = isJson(request.headers.get('content-type'));
  if (Number(length) > MAX_BODY_BYTES) throw new PayloadTooLargeError();
  // An announced body of the wrong type is refused unread; an unannounced one once we see it is there.
  if (length !== null && !json) throw new UnsupportedMediaTypeError();
  const text = await readLimitedText(request.body);
  if (text === '') return undefined;
  if (!json) throw new UnsupportedMediaTypeError();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('The request body is not valid JSON');
  }
}
