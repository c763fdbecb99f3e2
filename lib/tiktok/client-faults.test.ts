import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTikTokClient, type TikTokClientOptions } from './client';
import { TikTokPermissionError, TikTokProtocolError, TikTokRateLimitError, TikTokTimeoutError, TikTokTransientError } from './errors';
import { createMemoryLimiter } from './limiter';

// A real HTTP server on 127.0.0.1 plays a misbehaving TikTok, one scripted fault per request.

type Fault =
  | { code: number }
  | { status: number; body: string }
  | { truncated: string }
  | { cutAfter: string }
  /** Never answers: only the client's timeout ends the request. */
  | { hang: true };

const okList = { code: 0, message: 'OK', request_id: 'req-ok', data: { list: [{ bc_info: { bc_id: '7' } }] } };

let server: http.Server;
let baseUrl: string;
let script: Fault[] = [];
let seen: { url: string; token: string | undefined }[] = [];

function answer(fault: Fault | undefined, res: http.ServerResponse): void {
  if (!fault) {
    res.setHeader('Content-Type', 'application/json').end(JSON.stringify(okList));
  } else if ('code' in fault) {
    // TikTok reports throttling and application errors with HTTP 200.
    res.end(JSON.stringify({ code: fault.code, message: `fault ${fault.code}`, request_id: 'req-f', data: {} }));
  } else if ('status' in fault) {
    res.writeHead(fault.status, { 'Content-Type': 'text/html' }).end(fault.body);
  } else if ('truncated' in fault) {
    res.end(fault.truncated);
  } else if ('cutAfter' in fault) {
    res.writeHead(200, { 'Content-Length': '10000', 'Content-Type': 'application/json' });
    res.write(fault.cutAfter, () => res.destroy());
  }
  // A hang leaves the response open until the client gives up and closes the socket.
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', token: req.headers['access-token'] as string | undefined });
    answer(script.shift(), res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open_api/v1.3/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  script = [];
  seen = [];
});

function client(options: Partial<TikTokClientOptions> = {}) {
  return createTikTokClient({
    baseUrl,
    accessToken: 'tok',
    orgId: 'org-faults',
    limiter: createMemoryLimiter({ ratePerSecond: 500, burst: 10 }),
    // Generous: a real answer must not time out on a busy machine; a scripted hang costs this once.
    timeoutMs: 3_000,
    retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
}

describe('the client against a faulty server', () => {
  it('rides out throttling, server errors, a cut connection and a timeout, then succeeds', async () => {
    script = [{ code: 40100 }, { code: 50000 }, { status: 503, body: '<html><body>Service Unavailable</body></html>' }, { cutAfter: '{"code":0,"message":"OK","data":{"li' }, { hang: true }];
    const page = await client().listBusinessCenters();
    expect(page.list.map((bc) => bc.bc_info.bc_id)).toEqual(['7']);
    expect(seen).toHaveLength(6);
    expect(seen.every((r) => r.url.startsWith('/open_api/v1.3/bc/get/') && r.token === 'tok')).toBe(true);
  });

  it('gives up after maxAttempts with the typed error of the last attempt', async () => {
    script = Array.from({ length: 10 }, () => ({ code: 40100 }));
    await expect(client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } }).listBusinessCenters()).rejects.toBeInstanceOf(TikTokRateLimitError);
    expect(seen).toHaveLength(3);
  });

  it('does not retry a permission error: the server sees exactly one request', async () => {
    script = [{ code: 40001 }];
    const error = await client()
      .getSparkPost({ advertiser_id: '1', auth_code: '#x+y' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokPermissionError);
    expect(error).toMatchObject({ code: 40001, endpoint: 'tt_video/info/', requestId: 'req-f' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('/open_api/v1.3/tt_video/info/?advertiser_id=1&auth_code=%23x%2By');
  });

  it('reports a complete but truncated JSON body as a protocol error, without retrying', async () => {
    script = [{ truncated: '{"code":0,"message":"OK","data":{"list":[' }];
    const error = await client()
      .listBusinessCenters()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokProtocolError);
    expect((error as TikTokProtocolError).bodySnippet).toBe('{"code":0,"message":"OK","data":{"list":[');
    expect(seen).toHaveLength(1);
  });

  it('reports an HTML error page (wrong path or proxy) as a protocol error', async () => {
    script = [{ status: 404, body: '<html>404 page not found</html>' }];
    await expect(client().listBusinessCenters()).rejects.toMatchObject({ kind: 'protocol', httpStatus: 404 });
  });

  it('times out every attempt of a server that never answers in time', async () => {
    script = Array.from({ length: 5 }, () => ({ hang: true as const }));
    const error = await client({ timeoutMs: 150, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } })
      .listBusinessCenters()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokTimeoutError);
    expect(error).toBeInstanceOf(TikTokTransientError);
    expect(seen).toHaveLength(2);
  });

  it('reports an unreachable server as a transient error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(client({ baseUrl: `http://127.0.0.1:${port}/open_api/v1.3/`, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).listBusinessCenters()).rejects.toMatchObject({
      kind: 'transient',
      code: null,
    });
  });
});
