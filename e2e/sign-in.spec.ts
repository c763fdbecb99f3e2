import { expect, test } from '@playwright/test';
import { confirmEmail, PASSWORD, uniqueEmail } from './fixtures';

const CHECK_EMAIL = 'Check your e-mail: we sent a link to confirm your address.';

test('sign up, then sign in with one answer for a wrong password and an unknown address', async ({ page }) => {
  const email = uniqueEmail('founder');
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('Fran Founder');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill('short');
  await page.getByLabel('Organization name').fill('Sunrise Skincare');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Password must be at least 12 characters').first()).toBeVisible();
  await page.getByLabel('Password').fill('password1234');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(/Password is too easy to guess: This is similar to a commonly used password/).first()).toBeVisible();

  // What was typed survives the error; only the password is asked again.
  await expect(page.getByLabel('Organization name')).toHaveValue('Sunrise Skincare');
  await expect(page.getByLabel('Work email')).toHaveValue(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=check-email/);
  await expect(page.getByTestId('form-notice')).toContainText(CHECK_EMAIL);

  // Each answer is awaited: the form re-renders with what was typed when the action returns.
  const submit = async (address: string, password: string) => {
    await page.getByLabel('Email').fill(address);
    await page.getByLabel('Password').fill(password);
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/sign-in'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await answered;
  };
  await submit(email, 'not the password 1');
  await expect(page.getByTestId('form-error')).toHaveText('Wrong email or password.');
  await submit(uniqueEmail('nobody'), PASSWORD);
  await expect(page.getByTestId('form-error')).toHaveText('Wrong email or password.');

  // An unconfirmed account signs in and works, but cannot connect TikTok yet.
  await submit(email, PASSWORD);
  await expect(page.getByRole('heading', { name: 'Sunrise Skincare' })).toBeVisible();
  await expect(page.getByText('Fran Founder created the organization')).toBeVisible();
  const slug = new URL(page.url()).pathname.split('/')[2];
  const connect = await page.request.post(`/api/orgs/${slug}/connections`, { data: { accessToken: 'sandbox-access-token' } });
  expect(connect.status()).toBe(403);
  expect((await connect.json()).error).toContain(`Confirm ${email} before you connect TikTok`);

  // Signing out ends the session on the server: the cookie copied before stops working.
  const cookies = await page.context().cookies();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.context().addCookies(cookies);
  const again = await page.request.get('/api/orgs');
  expect(again.status()).toBe(401);
});

test('signing up with a taken address answers exactly like a fresh one', async ({ page, request }) => {
  const email = uniqueEmail('twice');
  const first = await request.post('/api/signup', { data: { name: 'A', email, password: PASSWORD, orgName: 'Twice Org', orgKind: 'agency' } });
  const second = await request.post('/api/signup', { data: { name: 'B', email, password: 'another pass phrase 7', orgName: 'Twice Again', orgKind: 'agency' } });
  expect([first.status(), second.status()]).toEqual([202, 202]);
  expect(await second.json()).toEqual(await first.json());
  expect(second.headers()['set-cookie']).toBeUndefined();

  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('B');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Organization name').fill('Twice Again');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('form-notice')).toContainText(CHECK_EMAIL);
});

test('guesses slow the account down, whatever X-Forwarded-For claims, and 30 at once check only 5', async ({ request }) => {
  const email = uniqueEmail('throttle');
  await request.post('/api/signup', { data: { name: 'T', email, password: PASSWORD, orgName: 'Throttle Org', orgKind: 'brand' } });
  await confirmEmail(email);
  for (let i = 0; i < 5; i++) {
    const r = await request.post('/api/session', { data: { email, password: 'wrong password 0' }, headers: { 'X-Forwarded-For': `203.0.113.${i}`, 'X-Real-IP': `198.51.100.${i}` } });
    expect(r.status()).toBe(401);
  }
  const limited = await request.post('/api/session', { data: { email, password: PASSWORD }, headers: { 'X-Forwarded-For': '203.0.113.77' } });
  expect(limited.status()).toBe(429);
  expect(limited.headers()['retry-after']).toBe('30');
  expect((await limited.json()).error).toBe('Too many failed sign-in attempts. Try again in 30 seconds.');

  // Auth.js's own credentials endpoint (which would take a client-chosen address) is closed.
  const direct = await request.post('/api/auth/callback/credentials', { form: { email, password: PASSWORD, ip: '192.0.2.1' } });
  expect(direct.status()).toBe(404);

  const target = uniqueEmail('parallel');
  await request.post('/api/signup', { data: { name: 'P', email: target, password: PASSWORD, orgName: 'Parallel Org', orgKind: 'brand' } });
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => request.post('/api/session', { data: { email: target, password: `parallel guess ${i}` } })));
  const statuses = answers.map((r) => r.status());
  expect(statuses.filter((s) => s === 401)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(25);
});

test('the demo login is not offered outside demo mode, nor the account-mail outbox', async ({ page, request }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('demo-login')).toHaveCount(0);
  const r = await request.post('/api/session', { data: { email: 'demo@sparkcheck.local', password: 'sparkcheck-demo' } });
  expect(r.status()).toBe(401);
  expect((await page.goto('/mail'))?.status()).toBe(404);
});

test('the browser tab and a phone home screen show the Sparkcheck mark, and /favicon.ico is that icon, not a page', async ({ page, request }) => {
  await page.goto('/sign-in');
  const icons = await page.locator('link[rel="icon"], link[rel="apple-touch-icon"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).getAttribute('href')!));
  expect(icons.map((href) => new URL(href, 'http://x').pathname).sort()).toEqual(['/apple-icon.png', '/favicon.ico', '/icon.svg']);
  for (const href of icons) {
    const response = await request.get(href);
    expect(response.status(), href).toBe(200);
    expect(response.headers()['content-type'], href).toMatch(/^image\//);
  }
  // Browsers also ask for /favicon.ico on their own: it is the icon (an ICO file), not the not-found page.
  const favicon = await request.get('/favicon.ico');
  expect(favicon.status()).toBe(200);
  expect([...(await favicon.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
});
