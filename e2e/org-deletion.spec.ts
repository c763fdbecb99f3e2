import { expect, test } from '@playwright/test';
import { signUp } from './fixtures';

test('an owner deletes an organization by typing its name; it is gone for everyone', async ({ browser }) => {
  const context = await browser.newContext();
  const owner = await signUp(context.request, { prefix: 'deleter', orgName: 'Short Lived Co' });
  const page = await context.newPage();
  await page.goto(`/o/${owner.orgSlug}/settings`);

  const confirm = page.getByLabel('Type Short Lived Co to confirm');
  await confirm.fill('Short Lived');
  await page.getByRole('button', { name: 'Delete organization' }).click();
  await expect(page.getByText("Type the organization's name, Short Lived Co, to confirm that it and all its data are deleted").first()).toBeVisible();

  await confirm.fill('Short Lived Co');
  await page.getByRole('button', { name: 'Delete organization' }).click();
  await expect(page).not.toHaveURL(new RegExp(`/o/${owner.orgSlug}`));

  const gone = await page.goto(`/o/${owner.orgSlug}`);
  expect(gone!.status()).toBe(404);
  expect((await context.request.get(`/api/orgs/${owner.orgSlug}/connections`)).status()).toBe(404);
  await context.close();
});
