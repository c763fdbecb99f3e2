import { expect, test } from '@playwright/test';
import { PASSWORD, uniqueEmail } from './fixtures';

test('sign up creates the organization, sign out, then sign in with clear errors', async ({ page }) => {
  const email = uniqueEmail('founder');
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('Fran Founder');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill('short');
  await page.getByLabel('Organization name').fill('Sunrise Skincare');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Password must be at least 10 characters').first()).toBeVisible();

  // What was typed survives the error; only the password is asked again.
  await expect(page.getByLabel('Organization name')).toHaveValue('Sunrise Skincare');
  await expect(page.getByLabel('Work email')).toHaveValue(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/o\/sunrise-skincare(-\d+)?$/);
  await expect(page.getByRole('heading', { name: 'Sunrise Skincare' })).toBeVisible();
  await expect(page.getByText('Fran Founder created the organization')).toBeVisible();
  // Sections that are not built yet are absent rather than fake.
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link')).toHaveText(['Overview', 'Ads', 'Team', 'Creator codes', 'Sync history', 'Connections', 'Settings']);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the password 1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('form-error')).toHaveText('Wrong password for that email address.');

  await page.getByLabel('Email').fill(uniqueEmail('nobody'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('form-error')).toContainText('No account uses that email address');

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Sunrise Skincare' })).toBeVisible();
});

test('signing up twice with one email is refused with a message', async ({ page, request }) => {
  const email = uniqueEmail('twice');
  const first = await request.post('/api/signup', { data: { name: 'A', email, password: PASSWORD, orgName: 'Twice Org', orgKind: 'agency' } });
  expect(first.status()).toBe(201);
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('B');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Organization name').fill('Twice Again');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('form-error')).toContainText(`An account with ${email} already exists`);
});

test('repeated wrong passwords are throttled with a 429 and a message', async ({ request }) => {
  const email = uniqueEmail('throttle');
  await request.post('/api/signup', { data: { name: 'T', email, password: PASSWORD, orgName: 'Throttle Org', orgKind: 'brand' } });
  for (let i = 0; i < 5; i++) {
    const r = await request.post('/api/session', { data: { email, password: 'wrong password 0' } });
    expect(r.status()).toBe(401);
  }
  const limited = await request.post('/api/session', { data: { email, password: PASSWORD } });
  expect(limited.status()).toBe(429);
  expect(limited.headers()['retry-after']).toMatch(/^\d+$/);
  expect((await limited.json()).error).toMatch(/Too many failed sign-in attempts/);
});

test('the demo login is not offered outside demo mode', async ({ page, request }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('demo-login')).toHaveCount(0);
  const r = await request.post('/api/session', { data: { email: 'demo@sparkcheck.local', password: 'sparkcheck-demo' } });
  expect(r.status()).toBe(401);
});
