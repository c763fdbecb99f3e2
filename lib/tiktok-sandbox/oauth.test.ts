import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET } from './constants';
import { serveSandbox, type TestSandbox } from './test-server';
import { HOUR_MS } from './time';

let t: TestSandbox;
beforeEach(async () => {
  t = await serveSandbox();
});
afterEach(() => t.close());

const consentUrl = (params: Record<string, string>) => `${t.url}/portal/auth?${new URLSearchParams(params)}`;
const redirectUri = 'http://localhost:3000/api/tiktok/callback?org=acme';

/** Opens the consent page, then presses Authorize with the given ad accounts ticked. */
async function consent(advertiserIds: string[], state = 'st-123'): Promise<URL> {
  const page = await fetch(consentUrl({ app_id: SANDBOX_APP_ID, redirect_uri: redirectUri, state }));
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(name ?? '', (value ?? '').replace(/&amp;/g, '&'));
  }
  for (const id of advertiserIds) form.append('advertiser_ids', id);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
  const response = await fetch(new URL(action, t.url), { method: 'POST', body: form, redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

const exchange = (authCode: string, secret = SANDBOX_APP_SECRET) =>
  t.post<{ access_token: string; advertiser_ids: string[]; scope: number[] }>('oauth2/access_token/', { app_id: SANDBOX_APP_ID, secret, auth_code: authCode }, null);

describe('OAuth consent and token exchange', () => {
  it('shows the requested permissions and ad accounts with an Authorize button', async () => {
    const html = await (await fetch(consentUrl({ app_id: SANDBOX_APP_ID, redirect_uri: redirectUri, state: 'x' }))).text();
    expect(html).toContain('Authorize');
    expect(html).toContain('Authorize TikTok posts');
    expect(html).toContain('Northwind US');
  });

  it('refuses an unknown app or a bad redirect_uri', async () => {
    expect((await fetch(consentUrl({ app_id: 'other', redirect_uri: redirectUri }))).status).toBe(400);
    expect((await fetch(consentUrl({ app_id: SANDBOX_APP_ID, redirect_uri: 'javascript:alert(1)' }))).status).toBe(400);
  });

  it('redirects with auth_code and state; the code buys a token for the chosen ad accounts, once', async () => {
    const us = t.sandbox.world.ref('advertiser:northwindUs');
    const lumen = t.sandbox.world.ref('advertiser:lumenPerformance');
    const location = await consent([us, lumen]);
    expect(`${location.origin}${location.pathname}`).toBe('http://localhost:3000/api/tiktok/callback');
    expect(location.searchParams.get('org')).toBe('acme');
    expect(location.searchParams.get('state')).toBe('st-123');
    const authCode = location.searchParams.get('auth_code') ?? '';
    expect(authCode).not.toBe('');

    const token = await exchange(authCode);
    expect(token.code).toBe(0);
    expect(token.data.advertiser_ids).toEqual([us, lumen]);
    expect(token.data.scope).toEqual(expect.arrayContaining([100, 150, 153, 156, 690, 691, 693, 64]));

    const reach = await t.get<{ list: { advertiser_id: string }[] }>('oauth2/advertiser/get/', { app_id: SANDBOX_APP_ID, secret: SANDBOX_APP_SECRET }, token.data.access_token);
    expect(reach.data.list.map((a) => a.advertiser_id)).toEqual([us, lumen]);
    expect((await t.get('ad/get/', { advertiser_id: t.sandbox.world.ref('advertiser:northwindEu') }, token.data.access_token)).code).toBe(40001);

    expect(await exchange(authCode)).toMatchObject({ code: 40110, data: {} });
  });

  it('expires auth codes after an hour', async () => {
    const authCode = t.sandbox.issueAuthCode();
    t.sandbox.clock.advance(HOUR_MS);
    expect((await exchange(authCode)).code).toBe(40110);
  });

  it('checks the app credentials', async () => {
    expect((await exchange(t.sandbox.issueAuthCode(), 'wrong')).code).toBe(40101);
    expect((await exchange('never-issued')).code).toBe(40110);
  });

  it('needs at least one ad account ticked', async () => {
    const form = new URLSearchParams({ app_id: SANDBOX_APP_ID, redirect_uri: redirectUri, state: 's' });
    const response = await fetch(`${t.url}/portal/auth`, { method: 'POST', body: form, redirect: 'manual' });
    expect(response.status).toBe(400);
  });
});
