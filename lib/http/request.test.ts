import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '@/lib/errors';
import { assertSameOrigin, clientIp, MAX_BODY_BYTES, PayloadTooLargeError, readJsonBody, UnsupportedMediaTypeError } from './request';

const APP = 'http://127.0.0.1:3000';

function post(headers: Record<string, string>, body?: BodyInit, method = 'POST'): Request {
  return new Request(`${APP}/api/orgs/acme/invitations`, { method, headers: { host: '127.0.0.1:3000', ...headers }, body, duplex: 'half' } as RequestInit);
}

/** A body streamed in 64 KB chunks without a Content-Length, as a chunked upload arrives. */
function streamed(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = new Uint8Array(Math.min(65_536, bytes - sent)).fill(0x20);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe('the Origin check on state-changing requests', () => {
  it('accepts our own origin and requests with no Origin at all (not a browser page)', () => {
    expect(() => assertSameOrigin(post({ origin: APP }))).not.toThrow();
    expect(() => assertSameOrigin(post({}))).not.toThrow();
  });

  it('refuses a foreign origin, a null origin and a cross-site fetch without Origin with 403', () => {
    const refused: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: 'http://127.0.0.1:3001' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of refused) {
      expect(() => assertSameOrigin(post(headers)), JSON.stringify(headers)).toThrow(ForbiddenError);
    }
    for (const method of ['PUT', 'PATCH', 'DELETE']) expect(() => assertSameOrigin(post({ origin: 'https://evil.example' }, undefined, method))).toThrow(ForbiddenError);
  });

  it('leaves reads alone', () => {
    const get = new Request(`${APP}/api/orgs/acme/ads`, { headers: { host: '127.0.0.1:3000', origin: 'https://evil.example' } });
    expect(() => assertSameOrigin(get)).not.toThrow();
  });
});

describe('request bodies', () => {
  it('parses JSON, and a bodiless POST or DELETE has no body', async () => {
    await expect(readJsonBody(post({ 'content-type': 'application/json' }, '{"email":"a@b.c"}'))).resolves.toEqual({ email: 'a@b.c' });
    await expect(readJsonBody(post({ 'content-type': 'application/merge-patch+json' }, '{"a":1}'))).resolves.toEqual({ a: 1 });
    await expect(readJsonBody(post({}))).resolves.toBeUndefined();
    await expect(readJsonBody(post({ 'content-length': '0' }, undefined, 'DELETE'))).resolves.toBeUndefined();
  });

  it('refuses text/plain and form bodies with 415 (what a foreign page can send without a preflight)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      await expect(readJsonBody(post({ 'content-type': type }, '{"email":"a@b.c"}')), type).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    }
    await expect(readJsonBody(post({}, '{"email":"a@b.c"}'))).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
  });

  it('refuses a body over 1 MB with 413, by its Content-Length or while streaming, and accepts 1 MB', async () => {
    await expect(readJsonBody(post({ 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) }, '{}'))).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(readJsonBody(post({ 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, streamed(MAX_BODY_BYTES + 1)))).rejects.toBeInstanceOf(PayloadTooLargeError);
    const exactly = `"${'x'.repeat(MAX_BODY_BYTES - 2)}"`;
    await expect(readJsonBody(post({ 'content-type': 'application/json' }, exactly))).resolves.toHaveLength(MAX_BODY_BYTES - 2);
  });

  it('answers broken JSON with a 422 in words', async () => {
    await expect(readJsonBody(post({ 'content-type': 'application/json' }, '{"email":'))).rejects.toThrow(new ValidationError('The request body is not valid JSON'));
  });
});

describe('clientIp', () => {
  it('is the last X-Forwarded-For hop (the one our front server appends), or null', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '6.6.6.6, 10.0.0.7' }))).toBe('10.0.0.7');
    expect(clientIp(new Headers())).toBeNull();
  });
});
