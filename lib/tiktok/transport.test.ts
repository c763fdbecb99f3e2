import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { TikTokApiError, TikTokAuthError, TikTokPermissionError, TikTokProtocolError, TikTokRateLimitError, TikTokTransientError, kindOfCode } from './errors';
import { createMemoryLimiter, type Limiter } from './limiter';
import { sparkPostPageSchema } from './schemas';
import { backoffDelay, buildUrl, createTransport, DEFAULT_RETRY, type TransportOptions } from './transport';

const BASE = 'https://api.test/open_api/v1.3/';
const noLimit: Limiter = { acquire: async () => {} };

type Call = { url: URL; init: RequestInit };

function envelope(code: number, data: unknown = {}, message = code === 0 ? 'OK' : 'failed') {
  return JSON.stringify({ code, message, request_id: `req-${code}`, data });
}

/** A fetch that answers from a script, one entry per call (the last one repeats), and records calls. */
function scriptedFetch(...answers: (string | { status: number; body: string } | Error)[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: new URL(String(input)), init: init ?? {} });
    const answer = answers[Math.min(calls.length, answers.length) - 1];
    if (answer instanceof Error) throw answer;
    const { status, body } = typeof answer === 'string' ? { status: 200, body: answer } : answer!;
    return new Response(body, { status });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

function transport(options: Partial<TransportOptions> & Pick<TransportOptions, 'fetch'>) {
  return createTransport({
    baseUrl: BASE,
    accessToken: 'tok-123',
    orgId: 'org-1',
    limiter: noLimit,
    sleep: async () => {},
    ...options,
  });
}

const anySchema = z.unknown();

describe('buildUrl', () => {
  it('keeps the trailing slash and JSON-encodes arrays and objects', () => {
    const url = buildUrl('https://api.test/open_api/v1.3', 'ad/get/', {
      advertiser_id: '42',
      fields: ['ad_id', 'ad_name'],
      filtering: { campaign_ids: ['1'] },
      page: 2,
      skipped: undefined,
      none: null,
    });
    expect(url.pathname).toBe('/open_api/v1.3/ad/get/');
    expect(url.searchParams.get('fields')).toBe('["ad_id","ad_name"]');
    expect(url.searchParams.get('filtering')).toBe('{"campaign_ids":["1"]}');
    expect(url.searchParams.get('page')).toBe('2');
    expect([...url.searchParams.keys()]).toEqual(['advertiser_id', 'fields', 'filtering', 'page']);
  });

  it('round-trips any auth code through the query string, # and + percent-encoded', () => {
    const codeChars = fc.constantFrom('#', '+', '/', '=', '&', '%', ' ', '?', 'a', 'Z', '9', 'é', '😀');
    const authCode = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.array(codeChars).map((chars) => chars.join('')),
      fc.string({ unit: 'grapheme-ascii' }),
    );
    fc.assert(
      fc.property(authCode, (code) => {
        const url = buildUrl(BASE, 'tt_video/info/', { advertiser_id: '1', auth_code: code });
        expect(new URLSearchParams(url.search).get('auth_code')).toBe(code);
        const rawValue = url.search.split('auth_code=')[1] ?? '';
        expect(rawValue).not.toMatch(/[#+&]/);
        if (code.includes('#')) expect(rawValue).toContain('%23');
        if (code.includes('+')) expect(rawValue).toContain('%2B');
      }),
    );
  });
});

describe('transport', () => {
  it('sends the bare token in Access-Token and GET parameters in the query', async () => {
    const { fetch, calls } = scriptedFetch(envelope(0, { list: [] }));
    const response = await transport({ fetch }).request({
      method: 'GET',
      path: 'tt_video/info/',
      params: { advertiser_id: '1', auth_code: '#a+b' },
      schema: anySchema,
    });
    expect(response).toEqual({ data: { list: [] }, requestId: 'req-0' });
    const [call] = calls;
    expect(new Headers(call?.init.headers).get('Access-Token')).toBe('tok-123');
    expect(call?.init.body).toBeUndefined();
    expect(call?.url.search).toBe('?advertiser_id=1&auth_code=%23a%2Bb');
  });

  it('sends POST parameters as a JSON body, and no token when the call is unauthenticated', async () => {
    const { fetch, calls } = scriptedFetch(envelope(0));
    await transport({ fetch }).request({
      method: 'POST',
      path: 'oauth2/access_token/',
      params: { app_id: 'a', secret: 's', auth_code: 'c' },
      schema: anySchema,
      authenticated: false,
    });
    const headers = new Headers(calls[0]?.init.headers);
    expect(headers.get('Access-Token')).toBeNull();
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ app_id: 'a', secret: 's', auth_code: 'c' });
    expect(calls[0]?.url.search).toBe('');
  });

  it('turns a gateway’s HTML error page into words, never markup', async () => {
    const page = { status: 503, body: '<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>' };
    const { fetch } = scriptedFetch(page);
    const failure = transport({ fetch, retry: { ...DEFAULT_RETRY, maxAttempts: 1 } }).request({ method: 'GET', path: 'bc/get/', params: {}, schema: anySchema });
    await expect(failure).rejects.toThrow(/^TikTok did not answer \(HTTP 503\)$/);
    const text = scriptedFetch({ status: 502, body: 'upstream connect error' });
    await expect(transport({ fetch: text.fetch, retry: { ...DEFAULT_RETRY, maxAttempts: 1 } }).request({ method: 'GET', path: 'bc/get/', params: {}, schema: anySchema })).rejects.toThrow(
      'TikTok did not answer (HTTP 502: upstream connect error)',
    );
  });

  it('refuses an authenticated call without a token before spending a request', async () => {
    const { fetch, calls } = scriptedFetch(envelope(0));
    await expect(transport({ fetch, accessToken: undefined }).request({ method: 'GET', path: 'bc/get/', params: {}, schema: anySchema })).rejects.toBeInstanceOf(TikTokAuthError);
    expect(calls).toHaveLength(0);
  });

  it('treats a non-zero code in an HTTP 200 as an error of the right kind', async () => {
    const { fetch } = scriptedFetch(envelope(40001, {}, 'advertiser does not grant you /tt_video/info/:GET permission'));
    const error = await transport({ fetch })
      .request({ method: 'GET', path: 'tt_video/info/', params: {}, schema: anySchema })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokPermissionError);
    expect(error).toMatchObject({
      kind: 'permission',
      code: 40001,
      requestId: 'req-40001',
      endpoint: 'tt_video/info/',
      httpStatus: 200,
      message: 'advertiser does not grant you /tt_video/info/:GET permission',
    });
  });

  it('accepts an envelope with a numeric request_id and no message', async () => {
    const { fetch } = scriptedFetch(JSON.stringify({ code: 40100, request_id: 123, data: {} }));
    const error = await transport({ fetch, retry: { maxAttempts: 1 } })
      .request({ method: 'GET', path: 'bc/get/', params: {}, schema: anySchema })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rate_limited', requestId: '123', message: 'TikTok error 40100' });
  });

  it('reads a partial success (20001) as data, not as an error', async () => {
    const { fetch } = scriptedFetch(JSON.stringify({ code: 20001, message: 'partially successful', request_id: 'r', data: { list: [], page_info: {} } }));
    const result = await transport({ fetch }).request({ method: 'GET', path: 'tt_video/list/', params: {}, schema: sparkPostPageSchema });
    expect(result.data.list).toEqual([]);
  });

  it('leaves out an unreadable row with a warning and keeps the rest of the page', async () => {
    const body = envelope(0, { list: [{ item_info: { item_id: true } }, { item_info: { item_id: '7300000000000000001' } }] });
    const { fetch } = scriptedFetch(body);
    const { data } = await transport({ fetch }).request({ method: 'GET', path: 'tt_video/list/', params: {}, schema: sparkPostPageSchema });
    expect(data.list.map((p) => p.item_info.item_id)).toEqual(['7300000000000000001']);
    expect(data.warnings).toEqual([expect.objectContaining({ rowId: null, field: 'item_info.item_id', raw: 'true', kept: false })]);
  });

  it('reports a body that fails its schema as a protocol error with the start of the body', async () => {
    const body = envelope(0, { list: [{ item_info: { item_id: true } }], page_info: 'page one' });
    const { fetch } = scriptedFetch(body);
    const error = await transport({ fetch })
      .request({ method: 'GET', path: 'tt_video/list/', params: {}, schema: sparkPostPageSchema })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokProtocolError);
    expect((error as TikTokProtocolError).message).toContain('page_info');
    expect((error as TikTokProtocolError).bodySnippet).toBe(body.slice(0, 200));
  });

  it('retries rate limits and server faults, then succeeds', async () => {
    const { fetch, calls } = scriptedFetch(envelope(40100), envelope(50000), { status: 502, body: '<html>' }, { status: 429, body: 'Too Many Requests' }, envelope(0));
    const acquire = vi.fn(async () => {});
    const response = await transport({ fetch, limiter: { acquire } }).request({
      method: 'GET',
      path: 'bc/get/',
      params: { advertiser_id: 'adv-9' },
      schema: anySchema,
    });
    expect(response.data).toEqual({});
    expect(calls).toHaveLength(5);
    // Every attempt waits for its own token.
    expect(acquire).toHaveBeenCalledTimes(5);
    expect(acquire).toHaveBeenCalledWith({ orgId: 'org-1', endpoint: 'bc/get/', advertiserId: 'adv-9' });
  });

  it('does not retry permission, parameter, auth or protocol errors', async () => {
    for (const answer of [envelope(40001), envelope(40002), envelope(40105), 'not json']) {
      const { fetch, calls } = scriptedFetch(answer, envelope(0));
      await expect(transport({ fetch }).request({ method: 'GET', path: 'bc/get/', params: {}, schema: anySchema })).rejects.toBeInstanceOf(TikTokApiError);
      expect(calls).toHaveLength(1);
    }
  });

  it('stops at maxAttempts with growing, capped, jittered delays', async () => {
    const { fetch, calls } = scriptedFetch(envelope(40100));
    const sleeps: number[] = [];
    const error = await transport({
      fetch,
      retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000 },
      random: () => 0.999,
      sleep: async (ms) => void sleeps.push(ms),
    })
      .request({ method: 'GET', path: 'bc/get/', params: {}, schema: anySchema })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokRateLimitError);
    expect(calls).toHaveLength(6);
    expect(sleeps).toEqual([99, 199, 399, 799, 999]);
  });

  it('turns a thrown fetch into a transient error that keeps the cause', async () => {
    const cause = new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
    const { fetch, calls } = scriptedFetch(cause);
    const error = await transport({ fetch, retry: { maxAttempts: 2 } })
      .request({ method: 'GET', path: 'bc/get/', params: {}, schema: anySchema })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokTransientError);
    expect((error as Error).message).toContain('ECONNRESET');
    expect((error as Error).cause).toBe(cause);
    expect(calls).toHaveLength(2);
  });
});

describe('backoffDelay', () => {
  it('never exceeds the cap, whatever the attempt', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const delay = backoffDelay(attempt, DEFAULT_RETRY, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(DEFAULT_RETRY.maxDelayMs);
      }),
    );
  });
});

describe('whatever a server answers', () => {
  const truncatedJson = fc.json().chain((text) => fc.nat({ max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n)));
  const randomEnvelope = fc
    .record(
      {
        code: fc.oneof(fc.integer(), fc.constantFrom(0, 40100, 40001, 40002, 50000, 51042, 60001, 20001), fc.double()),
        message: fc.oneof(fc.string(), fc.constant(null)),
        request_id: fc.oneof(fc.string(), fc.integer()),
        data: fc.oneof(fc.anything(), fc.constant({ list: [], page_info: {} })),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value));
  const body = fc.oneof(fc.json(), truncatedJson, randomEnvelope, fc.string(), fc.constantFrom('<html><body>502 Bad Gateway</body></html>', '', 'null', '[]', '{"code":"0"}'));
  const status = fc.constantFrom(200, 200, 200, 201, 400, 403, 404, 429, 500, 502, 503, 504);

  it('the client throws only TikTokApiError subclasses, with the envelope code when there was one', async () => {
    await fc.assert(
      fc.asyncProperty(status, body, async (httpStatus, text) => {
        const { fetch } = scriptedFetch({ status: httpStatus, body: text });
        const result = await transport({ fetch, retry: { maxAttempts: 2 } })
          .request({ method: 'GET', path: 'tt_video/list/', params: {}, schema: sparkPostPageSchema })
          .then(
            () => null,
            (e: unknown) => e,
          );
        if (result === null) return;
        expect(result).toBeInstanceOf(TikTokApiError);
        const error = result as TikTokApiError;
        if (error.code !== null) expect(error.kind).toBe(kindOfCode(error.code));
      }),
      { numRuns: 500 },
    );
  });

  it('the client throws only TikTokApiError subclasses when fetch itself throws anything', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true }), async (thrown) => {
        const fetch = (async () => {
          throw thrown;
        }) as unknown as typeof globalThis.fetch;
        const error = await transport({ fetch, retry: { maxAttempts: 1 } })
          .request({ method: 'GET', path: 'bc/get/', params: {}, schema: anySchema })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TikTokTransientError);
      }),
      // `{ toString: false }` once escaped as a TypeError from String().
      { numRuns: 2000, examples: [[{ toString: false }], [Object.create(null)]] },
    );
  });

  it('works with the in-memory limiter in the loop', async () => {
    const { fetch, calls } = scriptedFetch(envelope(40100), envelope(0));
    const limiter = createMemoryLimiter({ ratePerSecond: 1000, burst: 5 });
    await transport({ fetch, limiter }).request({ method: 'GET', path: 'bc/get/', params: {}, schema: anySchema });
    expect(calls).toHaveLength(2);
  });
});

describe('kindOfCode', () => {
  it('classifies the official return codes by what the caller can do', () => {
    const kinds = (codes: number[]) => codes.map(kindOfCode);
    expect(kinds([40101, 40113, 40114, 40131])).toEqual(Array(4).fill('auth'));
    expect(kinds([40003, 40117, 40119, 40124, 40301, 41000])).toEqual(Array(6).fill('permission'));
    expect(kinds([40006, 40051, 40700, 41001, 41002, 40400])).toEqual(Array(6).fill('invalid'));
    expect(kindOfCode(40302)).toBe('not_found');
    expect(kinds([52000, 52100, 52204, 53102, 53103, 40201, 40202])).toEqual(Array(7).fill('transient'));
    expect(kinds([52205, 49999])).toEqual(['unknown', 'unknown']);
  });
});
