import { expect, test } from '@playwright/test';
import { connectAndSync, SANDBOX_TOKEN, signUp } from './fixtures';

test('connections are admin-only and another organization’s connections are a 404', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const owner = await signUp(ownerContext.request, { prefix: 'conn-owner', orgName: 'Quartz Cosmetics' });

  const short = await ownerContext.request.post(`/api/orgs/${owner.orgSlug}/connections`, { data: { accessToken: 'abc' } });
  expect(short.status()).toBe(422);
  expect((await short.json()).fields.accessToken[0]).toMatch(/too short/);

  const page = await ownerContext.newPage();
  await page.goto(`/o/${owner.orgSlug}/connections`);
  await expect(page.getByRole('heading', { name: 'Connections', exact: true })).toBeVisible();
  await expect(page.getByText('No connections yet')).toBeVisible();

  // A token connects over HTTP to the TikTok API this server is configured with (the standalone sandbox) and syncs.
  await connectAndSync(ownerContext.request, owner.orgSlug!);
  await page.goto(`/o/${owner.orgSlug}/sync`);
  await expect(page.getByText('Succeeded').first()).toBeVisible();

  const viewerContext = await browser.newContext();
  const viewer = await signUp(viewerContext.request, { prefix: 'conn-viewer', orgName: 'Viewer Home' });
  const invite = await ownerContext.request.post(`/api/orgs/${owner.orgSlug}/invitations`, { data: { email: viewer.email, role: 'viewer' } });
  const { invitation } = (await invite.json()) as { invitation: { url: string } };
  await viewerContext.request.post(`/api/invitations/${new URL(invitation.url).pathname.split('/').pop()}/accept`);
  expect((await viewerContext.request.get(`/api/orgs/${owner.orgSlug}/connections`)).status()).toBe(403);
  const viewerPage = await viewerContext.newPage();
  await viewerPage.goto(`/o/${owner.orgSlug}`);
  await expect(viewerPage.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Connections' })).toHaveCount(0);

  const strangerContext = await browser.newContext();
  await signUp(strangerContext.request, { prefix: 'conn-stranger', orgName: 'Stranger Org' });
  for (const url of [`/api/orgs/${owner.orgSlug}/connections`, `/api/orgs/${owner.orgSlug}/connections/oauth`]) {
    const response = await strangerContext.request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(404);
    expect(await response.text()).not.toContain('Quartz');
  }
  await Promise.all([ownerContext.close(), viewerContext.close(), strangerContext.close()]);
});

test('Sync now needs a connection, a member role and your own organization', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const owner = await signUp(ownerContext.request, { prefix: 'sync-owner', orgName: 'Basalt Foods' });
  const none = await ownerContext.request.post(`/api/orgs/${owner.orgSlug}/sync`);
  expect(none.status()).toBe(422);
  expect((await none.json()).error).toMatch(/Connect TikTok first/);
  expect((await ownerContext.request.get(`/api/orgs/${owner.orgSlug}/sync/not-a-run`)).status()).toBe(404);

  // The schedule: admins set it within bounds, from the settings page.
  const page0 = await ownerContext.newPage();
  await page0.goto(`/o/${owner.orgSlug}/settings`);
  const saved = page0.waitForResponse((r) => r.request().method() === 'PATCH');
  await page0.getByLabel('Sync schedule').selectOption('60');
  expect((await saved).status()).toBe(200);
  await page0.reload();
  await expect(page0.getByLabel('Sync schedule')).toHaveValue('60');
  const tooOften = await ownerContext.request.patch(`/api/orgs/${owner.orgSlug}`, { data: { syncIntervalMinutes: 5 } });
  expect(tooOften.status()).toBe(422);
  expect((await tooOften.json()).error).toMatch(/every 15 minutes to 24 hours/);

  const strangerContext = await browser.newContext();
  await signUp(strangerContext.request, { prefix: 'sync-stranger', orgName: 'Elsewhere' });
  expect((await strangerContext.request.patch(`/api/orgs/${owner.orgSlug}`, { data: { syncIntervalMinutes: 60 } })).status()).toBe(404);
  const foreign = await strangerContext.request.post(`/api/orgs/${owner.orgSlug}/sync`);
  expect(foreign.status()).toBe(404);
  expect(await foreign.text()).not.toContain('Basalt');
  const page = await strangerContext.newPage();
  expect((await page.goto(`/o/${owner.orgSlug}/sync`))?.status()).toBe(404);
  await Promise.all([ownerContext.close(), strangerContext.close()]);
});

test('Disconnect asks in an in-app dialog (no browser confirm): Escape keeps the connection, confirming disconnects it', async ({ browser }) => {
  const context = await browser.newContext();
  const owner = await signUp(context.request, { prefix: 'disconnect', orgName: 'Disconnect Brand' });
  const connected = await context.request.post(`/api/orgs/${owner.orgSlug}/connections`, { data: { accessToken: SANDBOX_TOKEN, label: 'Brand TikTok' } });
  expect(connected.status()).toBe(201);
  const { connection } = (await connected.json()) as { connection: { id: string } };
  const page = await context.newPage();
  page.on('dialog', () => {
    throw new Error('window.confirm() must not be used');
  });
  await page.goto(`/o/${owner.orgSlug}/connections/${connection.id}`);
  const disconnect = page.getByRole('button', { name: 'Disconnect', exact: true });
  await disconnect.click();
  const dialog = page.getByRole('dialog', { name: 'Disconnect Brand TikTok?' });
  await expect(dialog).toContainText('Sparkcheck forgets its TikTok token and stops syncing it');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(disconnect).toBeFocused();
  await disconnect.click();
  await dialog.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${owner.orgSlug}/connections$`));
  await context.close();
});
