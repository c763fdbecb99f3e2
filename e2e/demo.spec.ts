import { expect, test } from '@playwright/test';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../lib/demo/credentials';
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
  await expect(page.getByLabel('Sync schedule')).toHaveValue('30');
  await page.getByRole('link', { name: 'Manage members' }).click();
  await expect(page).toHaveURL(/\/o\/demo\/settings\/members$/);
  await expect(page.getByTestId('member-dana@northwind-agency.example')).toBeVisible();
  await expect(page.getByTestId('invitation-sam@glowco.example')).toContainText('Viewer');
});

test('after its first sync the demo shows each ad’s health', async ({ request }) => {
  const signedIn = await request.post('/api/session', { data: { email: DEMO_EMAIL, password: DEMO_PASSWORD } });
  expect(signedIn.status()).toBe(200);
  // The demo connects and syncs once the server listens; health is stored right after the sync.
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/orgs/demo/ads?q=${encodeURIComponent('link pending')}`);
        const body = response.ok() ? ((await response.json()) as { ads: { rootCauseCode: string | null; status: string }[] }) : { ads: [] };
        return body.ads.map((ad) => [ad.status, ad.rootCauseCode]);
      },
      { timeout: 90_000, intervals: [1_000] },
    )
    .toEqual([['blocking', 'BC_LINK_PENDING']]);
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

test('connect TikTok through the sandbox consent page and choose what to sync', async ({ page }) => {
  await page.request.post('/api/session', { data: { email: DEMO_EMAIL, password: DEMO_PASSWORD } });
  await page.goto('/o/demo/connections');
  await page.getByRole('link', { name: 'Connect TikTok' }).click();
  // TikTok's consent page, as the sandbox serves it.
  await expect(page).toHaveURL(/\/sandbox\/portal\/auth\?/);
  await page.getByRole('button', { name: 'Authorize' }).click();
  await expect(page).toHaveURL(/\/o\/demo\/connections\/[0-9a-f-]{36}\?connected=1$/);
  await expect(page.getByTestId('connected-banner')).toBeVisible();
  const boxes = page.getByRole('group', { name: 'Ad accounts' }).getByRole('checkbox');
  await expect(boxes).toHaveCount(4);
  await boxes.first().uncheck();
  await page.getByRole('button', { name: 'Save selection' }).click();
  await expect(page.getByText('Saved. The next sync uses this selection.')).toBeVisible();
  await page.getByRole('link', { name: 'All connections' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Active' }).first()).toContainText('3 ad accounts');

  // A token TikTok rejects is refused with TikTok's code, and nothing is stored.
  await page.goto('/o/demo/connections');
  await page.getByLabel('Access token').fill('not-a-real-token-but-long-enough');
  await page.getByRole('button', { name: 'Connect' }).click();
  // TikTok's refusal is about the token, so it shows under the token field.
  await expect(page.locator('#accessToken-error')).toContainText('TikTok refused this access token (40105');
});

test('the demo organization is synced at start; Sync now shows progress to 100% and the run in the history', async ({ page }) => {
  await page.request.post('/api/session', { data: { email: DEMO_EMAIL, password: DEMO_PASSWORD } });
  await page.goto('/o/demo/sync');
  // The start-up sync (trigger "Demo start") finishes within a minute.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('row').filter({ hasText: 'Demo start' })).toContainText('Succeeded', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });

  await page.goto('/o/demo');
  await page.getByRole('button', { name: 'Sync now' }).click();
  const bar = page.getByRole('progressbar', { name: 'Sync progress' });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
  // At 100% the run still works out the ads' health (and checks previews) before it says complete.
  await expect(page.getByTestId('sync-bar')).toContainText('Sync complete', { timeout: 60_000 });

  await page.getByRole('link', { name: 'Sync history' }).click();
  // One run per connection (the demo's own, and the one connected in the test above), all finished.
  await expect(page.getByRole('row').filter({ hasText: 'Running' })).toHaveCount(0);
  const manual = page.getByRole('row').filter({ hasText: 'Sync now' });
  await expect(manual.first()).toContainText('Succeeded');
  await expect(manual.filter({ hasText: 'Northwind BCs (sandbox)' })).toContainText('No changes');
});
