import { expect, test } from '@playwright/test';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../db/seed/demo-credentials';
import { resolveTikTokTarget } from '../lib/demo/tiktok-target';
import { readEnv } from '../lib/env';
import { createMemoryLimiter, createTikTokClient } from '../lib/tiktok';
import { SANDBOX_ACCESS_TOKEN } from '../lib/tiktok-sandbox';

test('the embedded default serves sign-in with the demo login, and the demo login works', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByTestId('demo-login')).toContainText(DEMO_EMAIL);
  await expect(page.getByTestId('demo-login')).toContainText(DEMO_PASSWORD);

  await page.getByLabel('Email').fill(DEMO_EMAIL);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/o\/demo$/);
  await expect(page.getByRole('heading', { name: 'Northwind Agency' })).toBeVisible();

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/o\/demo\/settings\/members$/);
  await expect(page.getByTestId('member-dana@northwind-agency.example')).toBeVisible();
  await expect(page.getByTestId('invitation-sam@glowco.example')).toContainText('Viewer');
});

test('in demo mode the TikTok client talks to the sandbox this server mounts', async ({ baseURL }) => {
  const port = new URL(baseURL!).port;
  const target = resolveTikTokTarget(readEnv({ PORT: port }));
  expect(target.sandbox).toBe(true);
  const client = createTikTokClient({ baseUrl: target.baseUrl, accessToken: SANDBOX_ACCESS_TOKEN, orgId: 'e2e', limiter: createMemoryLimiter() });
  const advertisers = await client.listAuthorizedAdvertisers({ app_id: target.appId!, secret: target.appSecret! });
  expect(advertisers.length).toBeGreaterThanOrEqual(3);
  // The consent page is there too, like TikTok's portal.
  const consent = await fetch(`${baseURL}/sandbox/portal/auth?app_id=${target.appId}&redirect_uri=${encodeURIComponent(`${baseURL}/`)}&state=x`);
  expect(consent.status).toBe(200);
});
