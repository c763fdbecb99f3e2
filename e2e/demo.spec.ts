import { expect, test } from '@playwright/test';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../db/seed/demo-credentials';

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
