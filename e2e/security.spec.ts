import { expect, test } from '@playwright/test';
import { PASSWORD, signUp, uniqueEmail } from './fixtures';

// The hardened HTTP surface on the production build (issue 13): origins, body limits, query
// strings, headers, the sign-in redirect and an abuse limit, as a browser or an attacker meets them.

test('state-changing requests from another site, a null origin or with a non-JSON body are refused', async ({ request, baseURL }) => {
  const credentials = { email: uniqueEmail('origin'), password: PASSWORD };
  for (const origin of ['https://evil.example', 'null']) {
    const session = await request.post('/api/session', { data: credentials, headers: { Origin: origin } });
    expect(session.status(), origin).toBe(403);
    expect((await session.json()).error).toMatch(/another site/);
    const signup = await request.post('/api/signup', { data: { name: 'x', ...credentials, orgName: 'Evil Co', orgKind: 'brand' }, headers: { Origin: origin } });
    expect(signup.status(), origin).toBe(403);
  }
  // Auth.js's own form endpoint keeps its CSRF token and also gets the Origin check.
  const signOut = await request.post('/api/auth/signout', { form: { csrfToken: 'x' }, headers: { Origin: 'https://evil.example' } });
  expect(signOut.status()).toBe(403);
  // A text/plain "simple request" (what a foreign form or fetch can send without a preflight): 415.
  const plain = await request.post('/api/session', { data: JSON.stringify(credentials), headers: { 'Content-Type': 'text/plain', Origin: baseURL! } });
  expect(plain.status()).toBe(415);
  expect((await plain.json()).error).toMatch(/JSON/);
  // Over 1 MB: 413 before it is parsed.
  const huge = await request.post('/api/session', { data: { email: 'x@example.com', password: 'p'.repeat(1_100_000) }, headers: { Origin: baseURL! } });
  expect(huge.status()).toBe(413);
  // Our own origin works, and a bodiless DELETE (sign out) too.
  const account = await signUp(request, { prefix: 'origin-ok', orgName: 'Origin Ok Co' });
  expect((await request.post('/api/session', { data: { email: account.email, password: PASSWORD }, headers: { Origin: baseURL! } })).status()).toBe(200);
  expect((await request.delete('/api/session', { headers: { Origin: baseURL! } })).status()).toBe(200);
});

test('a NUL byte or an out-of-range page number is named in words, never a 500', async ({ browser }) => {
  const context = await browser.newContext();
  const account = await signUp(context.request, { prefix: 'query', orgName: 'Query Co' });
  const slug = account.orgSlug!;
  const api = context.request;

  const ads = await api.get(`/api/orgs/${slug}/ads?q=%00`);
  expect(ads.status()).toBe(422);
  expect((await ads.json()).error).toMatch(/^The search \(q\) contains a NUL character/);
  const batches = await api.get(`/api/orgs/${slug}/code-batches?page=99999999999999999999`);
  expect(batches.status()).toBe(422);
  expect(await batches.json()).toMatchObject({ error: 'Invalid query — page: Page is too large (at most 100,000)', fields: { page: expect.arrayContaining(['Page is too large (at most 100,000)']) } });

  const page = await context.newPage();
  for (const path of [`/o/${slug}/ads?q=%00`, `/o/${slug}/team?q=%00`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(422);
    await expect(page.getByText('The search (q) contains a NUL character')).toBeVisible();
  }
  for (const path of [`/o/${slug}/sync?page=99999999999999999999`, `/o/${slug}/codes/history?page=99999999999999999999`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByText('Page is too large (at most 100,000). Showing the first page instead.')).toBeVisible();
  }
  await context.close();
});

test('pages carry a nonce CSP that forbids framing, and the app still runs its scripts', async ({ page }) => {
  const response = await page.goto('/sign-in');
  const headers = response!.headers();
  const csp = headers['content-security-policy']!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['strict-transport-security']).toContain('max-age=');
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  // Every script Next rendered carries this request's nonce, so none is blocked.
  const scripts = await page.locator('script').evaluateAll((nodes) => nodes.map((n) => (n as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((n) => n === nonce)).toBe(true);
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/.test(m.text())) violations.push(m.text());
  });
  // The sign-in form is interactive (hydrated): a wrong password gets an answer.
  await page.getByLabel('Email').fill('nobody@e2e.example');
  await page.getByLabel('Password').fill('wrong password 1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/Wrong email or password/)).toBeVisible();
  expect(violations).toEqual([]);
});

test('after signing in, a callbackUrl that points off the site goes to the dashboard instead', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const account = await signUp(context.request, { prefix: 'callback', orgName: 'Callback Co' });
  await context.clearCookies();
  const page = await context.newPage();
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent('/\t/evil.example')}`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/o/'));
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  // The session cookie stays out of scripts' reach and off cross-site requests.
  const session = (await context.cookies()).find((c) => c.name.endsWith('authjs.session-token'));
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  await context.close();
});

test('"Send test" is limited per person: 429 with Retry-After and a sentence', async ({ request }) => {
  const account = await signUp(request, { prefix: 'limit', orgName: 'Limit Co' });
  const base = `/api/orgs/${account.orgSlug}/alerts/channels`;
  const { channel } = (await (await request.post(base, { data: { kind: 'email', email: 'limit.alerts@e2e.example' } })).json()) as { channel: { id: string } };
  const statuses: number[] = [];
  for (let i = 0; i < 10; i += 1) statuses.push((await request.post(`${base}/${channel.id}/test`)).status());
  expect(statuses).toEqual(Array(10).fill(200));
  const refused = await request.post(`${base}/${channel.id}/test`);
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
  expect(((await refused.json()) as { error: string }).error).toMatch(/^Too many test alerts: at most 10 an hour per person\. Try again in \d+ (minutes?|seconds?)\.$/);
});
