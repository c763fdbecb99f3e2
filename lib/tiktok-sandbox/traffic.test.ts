import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@/tests/wait';
import { SANDBOX_ACCESS_TOKEN } from './constants';
import type { SandboxOptions } from './sandbox';
import { serveSandbox, toQuery, type TestSandbox } from './test-server';
import { DAY_MS } from './time';

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(options: SandboxOptions = {}): Promise<TestSandbox> {
  t = await serveSandbox(options);
  return t;
}

const fetchBcs = (s: TestSandbox, init: RequestInit = {}) => fetch(s.api('bc/get/'), { ...init, headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN } });
const control = async (s: TestSandbox, operation: string, body?: unknown) => {
  const response = await fetch(`${s.url}/_control/${operation}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('rate limits', () => {
  // The rate limits' clock stands still unless a test moves it: the windows do not depend on how fast this machine answers.
  let now = 1_000_000;
  const rateLimitClock = () => now;

  it('answers 40100 with HTTP 200 beyond the global QPS', async () => {
    const s = await start({ rateLimits: { globalQps: 3 }, rateLimitClock });
    const codes = await Promise.all(Array.from({ length: 6 }, () => s.get('bc/get/').then((r) => r.code)));
    expect(codes.filter((c) => c === 0).length).toBe(3);
    expect(codes.filter((c) => c === 40100).length).toBe(3);
    const limited = await fetchBcs(s);
    expect(limited.status).toBe(200);
    expect(await limited.json()).toMatchObject({ code: 40100, message: 'Requests made too frequently. Please try again later.', data: {} });
  });

  it('limits one path without touching the others', async () => {
    const s = await start({ rateLimits: { globalQps: null, pathQps: { 'bc/get': 1 } }, rateLimitClock });
    expect((await s.get('bc/get/')).code).toBe(0);
    expect((await s.get('bc/get/')).code).toBe(40100);
    expect((await s.get('ad/get/', { advertiser_id: s.sandbox.world.ref('advertiser:primary') })).code).toBe(0);
  });

  it('admits again once the one-second window has passed', async () => {
    const s = await start({ rateLimits: { globalQps: 1 }, rateLimitClock });
    expect((await s.get('bc/get/')).code).toBe(0);
    now += 999;
    expect((await s.get('bc/get/')).code).toBe(40100);
    now += 1;
    expect((await s.get('bc/get/')).code).toBe(0);
  });

  it('is on by default at the Basic tier and off by option', async () => {
    const limited = await start({ rateLimits: {}, rateLimitClock });
    const codes = await Promise.all(Array.from({ length: 15 }, () => limited.get('bc/get/').then((r) => r.code)));
    expect(codes.filter((c) => c === 40100).length).toBe(5);
    await limited.close();
    const open = await start({ rateLimits: false, rateLimitClock });
    const all = await Promise.all(Array.from({ length: 30 }, () => open.get('bc/get/').then((r) => r.code)));
    expect(all.every((c) => c === 0)).toBe(true);
  });
});

describe('faults', () => {
  it('returns HTTP 5xx pages', async () => {
    const s = await start({ faults: { script: [{ path: 'bc/get', faults: ['http_5xx', { kind: 'http_5xx', status: 502 }] }] } });
    expect((await fetchBcs(s)).status).toBe(503);
    expect((await fetchBcs(s)).status).toBe(502);
    expect((await fetchBcs(s)).status).toBe(200);
  });

  it('hangs until the client aborts, or answers 504 after the hang', async () => {
    const waits: number[] = [];
    let hanging: () => void = () => {};
    const s = await start({
      faults: { hangMs: 300, script: [{ path: 'bc/get', faults: ['timeout', 'timeout'] }] },
      // A hang that ends only when the client aborts or the test lets it go.
      sleep: (ms, signal) =>
        new Promise((resolve) => {
          waits.push(ms);
          hanging = () => resolve();
          signal?.addEventListener('abort', () => resolve(), { once: true });
        }),
    });
    const aborting = new AbortController();
    const first = fetchBcs(s, { signal: aborting.signal });
    await waitFor('the first request to hang', () => waits.length === 1);
    aborting.abort();
    await expect(first).rejects.toThrow();
    const second = fetchBcs(s);
    await waitFor('the second request to hang', () => waits.length === 2);
    hanging();
    expect((await second).status).toBe(504);
    expect(waits).toEqual([300, 300]);
  });

  it('answers 50000 and 60001 envelopes', async () => {
    const s = await start({ faults: { script: [{ path: '*', faults: ['error_50000', 'error_60001'] }] } });
    expect(await s.get('bc/get/')).toMatchObject({ code: 50000, data: {} });
    expect(await s.get('bc/get/')).toMatchObject({ code: 60001, data: {} });
    expect((await s.get('bc/get/')).code).toBe(0);
  });

  it('truncates the JSON body, after doing the work', async () => {
    const s = await start({ faults: { script: [{ path: 'tt_video/authorize', faults: ['truncated_json'] }] } });
    const us = s.sandbox.world.ref('advertiser:northwindUs');
    const code = s.sandbox.world.creatorCodes.find((c) => c.kind === 'valid');
    const response = await fetch(s.api('tt_video/authorize/'), {
      method: 'POST',
      headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN },
      body: JSON.stringify({ advertiser_id: us, auth_code: code?.code }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(s.sandbox.world.authorization(us, code?.itemId ?? '')).toBeDefined();
  });

  it('slows responses down', async () => {
    const waits: number[] = [];
    const s = await start({ faults: { script: [{ path: 'bc/get', faults: [{ kind: 'slow', delayMs: 200 }] }] }, sleep: async (ms) => void waits.push(ms) });
    expect((await s.get('bc/get/')).code).toBe(0);
    expect((await s.get('bc/get/')).code).toBe(0);
    expect(waits).toEqual([200]);
  });

  it('adds latency to every response', async () => {
    const waits: number[] = [];
    const s = await start({ faults: { latencyMs: 120 }, sleep: async (ms) => void waits.push(ms) });
    await s.get('bc/get/');
    await s.get('ad/get/', { advertiser_id: s.sandbox.world.ref('advertiser:primary') });
    expect(waits).toEqual([120, 120]);
  });

  it('loses the answer of a write it did: authorizes the code, then hangs', async () => {
    const s = await start({ faults: { hangMs: 50, script: [{ path: 'tt_video/authorize', faults: ['lost_response'] }] } });
    const us = s.sandbox.world.ref('advertiser:northwindUs');
    const code = s.sandbox.world.creatorCodes.find((c) => c.kind === 'valid');
    const response = await fetch(s.api('tt_video/authorize/'), {
      method: 'POST',
      headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN },
      body: JSON.stringify({ advertiser_id: us, auth_code: code?.code }),
    });
    expect(response.status).toBe(504);
    expect(s.sandbox.world.authorization(us, code?.itemId ?? '')?.authCode).toBe(code?.code);
  });

  it('answers a scripted 40100 whatever the rate limits say', async () => {
    const s = await start({ rateLimits: false, faults: { script: [{ path: 'bc/get', faults: ['rate_limited'] }] } });
    expect(await s.get('bc/get/')).toMatchObject({ code: 40100, message: 'Requests made too frequently. Please try again later.' });
    expect((await s.get('bc/get/')).code).toBe(0);
  });

  it('follows a script per path: "next 3 calls to ad/get: 50000, timeout, truncated JSON"', async () => {
    const s = await start({ faults: { hangMs: 50 } });
    const url = `${s.api('ad/get/')}?${toQuery({ advertiser_id: s.sandbox.world.ref('advertiser:primary') })}`;
    const call = () => fetch(url, { headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN } });
    await control(s, 'faults', { script: [{ path: '/ad/get/', faults: ['error_50000', 'timeout', 'truncated_json'] }] });
    expect((await s.get('bc/get/')).code).toBe(0);
    expect(((await (await call()).json()) as { code: number }).code).toBe(50000);
    expect((await call()).status).toBe(504);
    await expect(call().then((r) => r.json())).rejects.toThrow();
    expect(((await (await call()).json()) as { code: number }).code).toBe(0);
  });

  it('fails a seeded share of calls, the same ones for the same seed', async () => {
    const outcomes = async () => {
      const s = await start({ faults: { probability: 0.3, kinds: ['error_50000'] } });
      const codes: number[] = [];
      for (let i = 0; i < 40; i++) codes.push((await s.get('bc/get/')).code);
      await s.close();
      t = undefined;
      return codes;
    };
    const first = await outcomes();
    expect(first.filter((c) => c === 50000).length).toBeGreaterThan(3);
    expect(first.filter((c) => c === 0).length).toBeGreaterThan(15);
    expect(await outcomes()).toEqual(first);
  });
});

describe('control endpoints', () => {
  it('serves state and the manifest, advances the clock, mutates and resets the world', async () => {
    const s = await start();
    const state = await control(s, 'state');
    expect(state.body).toMatchObject({ ok: true, now: '2026-03-02T09:00:00.000Z', seed: 'sparkcheck', world: 'seed' });

    const manifest = await control(s, 'manifest');
    expect(manifest.body).toMatchObject({ ok: true, appId: 'sandbox-app', tokens: { full: SANDBOX_ACCESS_TOKEN } });
    expect((manifest.body.creatorCodes as unknown[]).length).toBeGreaterThanOrEqual(40);
    expect((manifest.body.expectations as unknown[]).length).toBe(s.sandbox.world.expectations.length);

    expect((await control(s, 'clock/advance', { ms: DAY_MS })).body.now).toBe('2026-03-03T09:00:00.000Z');
    expect((await control(s, 'clock/set', { time: '2026-04-01T00:00:00Z' })).body.now).toBe('2026-04-01T00:00:00.000Z');

    const bc = s.sandbox.world.ref('bc:brand');
    const marco = s.sandbox.world.ref('user:marco');
    const northwind = s.sandbox.world.ref('ttAsset:northwind');
    const roles = async () =>
      (await s.get<{ list: { asset_id: string; tt_account_roles: string[] }[] }>('bc/asset/get/', { bc_id: bc, asset_type: 'TT_ACCOUNT', filtering: { user_id: marco } })).data.list;
    // The API shows the account by its int64 asset id; a mutation may name it by that id.
    expect(await roles()).toEqual([expect.objectContaining({ asset_id: northwind, tt_account_roles: ['POST'] })]);
    expect((await control(s, 'mutate', { op: 'setMemberTtAccountRoles', bcId: bc, user: marco, ttAccountId: northwind, roles: ['LIVE'] })).status).toBe(200);
    expect(await roles()).toEqual([expect.objectContaining({ tt_account_roles: ['LIVE'] })]);
    expect((await control(s, 'mutate', { op: 'removeMember', bcId: bc, user: marco })).status).toBe(200);
    expect((await s.get('bc/asset/get/', { bc_id: bc, asset_type: 'TT_ACCOUNT', filtering: { user_id: marco } })).code).toBe(40007);

    const issued = await control(s, 'mutate', { op: 'issueCreatorCode', itemId: s.sandbox.world.ref('post:mia1'), days: 60 });
    expect(issued.body.code).toMatch(/^#/);
    expect((await control(s, 'mutate', { op: 'deleteAd', adId: 'nope' })).status).toBe(404);
    expect((await control(s, 'mutate', { op: 'flyToTheMoon' })).status).toBe(400);

    const reset = await control(s, 'reset', {});
    expect(reset.body).toMatchObject({ ok: true, now: '2026-03-02T09:00:00.000Z' });
    expect((await roles()).length).toBe(1);
  });

  it('sets faults and rate limits over HTTP', async () => {
    const s = await start();
    await control(s, 'rate-limits', { globalQps: 1 });
    expect((await s.get('bc/get/')).code).toBe(0);
    expect((await s.get('bc/get/')).code).toBe(40100);
    await control(s, 'rate-limits', { globalQps: null });
    await control(s, 'faults', { probability: 1, kinds: ['error_60001'] });
    expect((await s.get('bc/get/')).code).toBe(60001);
    await control(s, 'faults/clear', {});
    expect((await s.get('bc/get/')).code).toBe(0);
  });

  it('is not served when control is off', async () => {
    const s = await start({ control: false });
    const response = await fetch(`${s.url}/_control/state`);
    expect(response.status).toBe(404);
  });
});

describe('mounting under a prefix', () => {
  it('serves <prefix>/open_api/v1.3/… and 404s outside the prefix', async () => {
    const s = await start({ basePath: '/sandbox/' });
    expect(s.url.endsWith('/sandbox')).toBe(true);
    expect((await s.get('bc/get/')).code).toBe(0);
    const outside = await fetch(s.url.replace('/sandbox', '/open_api/v1.3/bc/get/'), { headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN } });
    expect(outside.status).toBe(404);
  });
});
