import { expect, test } from '@playwright/test';
import { connectAndSync, signUp } from './fixtures';

test('an admin configures alerts, sends a test and finds it in the outbox; viewers and strangers cannot reach them', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const owner = await signUp(ownerContext.request, { prefix: 'alerts-owner', orgName: 'Juniper Skincare' });
  const slug = owner.orgSlug!;
  await connectAndSync(ownerContext.request, slug);

  // A viewer (invited and accepted), for the member picker and the role check.
  const viewerContext = await browser.newContext();
  const viewer = await signUp(viewerContext.request, { prefix: 'alerts-viewer', orgName: 'Viewer Home' });
  const invite = await ownerContext.request.post(`/api/orgs/${slug}/invitations`, { data: { email: viewer.email, role: 'viewer' } });
  const { invitation } = (await invite.json()) as { invitation: { url: string } };
  expect((await viewerContext.request.post(`/api/invitations/${new URL(invitation.url).pathname.split('/').pop()}/accept`)).status()).toBe(200);

  const page = await ownerContext.newPage();
  await page.goto(`/o/${slug}/settings`);
  await page.getByRole('link', { name: 'Manage alerts' }).click();
  await expect(page.getByRole('heading', { name: 'Alerts', exact: true })).toBeVisible();

  // The expiry window: saved, and still there after a reload.
  await page.getByLabel('Expiry window (days)').fill('30');
  await page.getByRole('button', { name: 'Save alert settings' }).click();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Expiry window (days)')).toHaveValue('30');
  const tooLong = await ownerContext.request.patch(`/api/orgs/${slug}/alerts`, { data: { expiryWindowDays: 400 } });
  expect(tooLong.status()).toBe(422);
  expect((await tooLong.json()).error).toMatch(/expiry window is 1 to 90 days/);

  // Recipients: a member picked from the list, and an outside address.
  await page.getByLabel('A member of this organization').selectOption({ label: `${viewer.name} (${viewer.email})` });
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByTestId(`channel-${viewer.email}`)).toBeVisible();
  await page.getByLabel('Or any e-mail address').fill('not-an-address');
  await page.getByRole('button', { name: 'Add address' }).click();
  await expect(page.locator('#alert-email-error')).toContainText('Enter a valid email address');
  await page.getByLabel('Or any e-mail address').fill('client@agency.example');
  await page.getByRole('button', { name: 'Add address' }).click();
  await expect(page.getByTestId('channel-client@agency.example')).toBeVisible();

  // Slack: http is refused on the server; an https webhook is stored and only its hint comes back.
  await page.getByLabel('Incoming-webhook URL').fill('http://hooks.slack.com/services/T0/B0/abc');
  await page.getByRole('button', { name: 'Add Slack channel' }).click();
  await expect(page.locator('#slack-url-error')).toContainText('must start with https://');
  const secret = 'https://hooks.slack.com/services/T0E2E/B0E2E/e2eSecretWxyz';
  const added = await ownerContext.request.post(`/api/orgs/${slug}/alerts/channels`, { data: { kind: 'slack', url: secret, name: '#paid-social' } });
  expect(added.status()).toBe(201);
  const addedText = await added.text();
  expect(addedText).not.toContain('e2eSecret');
  expect(JSON.parse(addedText).channel).toMatchObject({ label: '#paid-social', detail: 'hooks.slack.com/…/Wxyz' });
  await page.reload();
  await expect(page.getByTestId('channel-#paid-social')).toContainText('hooks.slack.com/…/Wxyz');
  expect(await page.content()).not.toContain('e2eSecret');

  // Send test: no SMTP on this server, so the e-mail lands in the outbox.
  const row = page.getByTestId('channel-client@agency.example');
  await row.getByRole('button', { name: 'Send test' }).click();
  await expect(row.getByTestId('test-result')).toContainText('Test just now');
  await expect(row.getByTestId('test-result')).toContainText('In outbox');
  await row.getByRole('link', { name: 'Open the outbox' }).click();
  await expect(page.getByRole('heading', { name: 'Outbox & delivery log' })).toBeVisible();
  // (The minute schedule may add today's digest meanwhile: the test message is the one marked [Test].)
  const delivery = page.getByTestId('delivery').filter({ hasText: 'client@agency.example' }).filter({ hasText: '[Test]' });
  await expect(delivery).toHaveCount(1);
  await expect(delivery).toContainText('In outbox');
  await delivery.getByText('[Test] Sparkcheck digest for Juniper Skincare').click();
  await expect(delivery).toContainText('AUTHORIZATIONS EXPIRING WITHIN 30 DAYS');
  await expect(delivery).toContainText('RENEWAL REQUESTS');
  const log = await ownerContext.request.get(`/api/orgs/${slug}/alerts/deliveries`);
  const tests = ((await log.json()) as { deliveries: { kind: string }[] }).deliveries.filter((d) => d.kind === 'test');
  expect(tests).toEqual([expect.objectContaining({ kind: 'test', transport: 'outbox', status: 'sent', recipient: 'client@agency.example' })]);

  // A viewer: no controls on Settings, 403 from the API and from the alert pages (their own organization).
  const viewerPage = await viewerContext.newPage();
  await viewerPage.goto(`/o/${slug}/settings`);
  await expect(viewerPage.getByText('Admins and owners manage alerts.')).toBeVisible();
  expect((await viewerContext.request.get(`/api/orgs/${slug}/alerts`)).status()).toBe(403);
  expect((await viewerContext.request.post(`/api/orgs/${slug}/alerts/channels`, { data: { kind: 'email', email: 'me@viewer.example' } })).status()).toBe(403);
  expect((await viewerPage.goto(`/o/${slug}/settings/alerts`))?.status()).toBe(403);
  await expect(viewerPage.getByRole('heading', { name: 'Your role does not include this page' })).toBeVisible();
  expect((await viewerPage.goto(`/o/${slug}/settings/alerts/outbox`))?.status()).toBe(403);

  // Another organization's alerts are a 404 that names nothing.
  const strangerContext = await browser.newContext();
  await signUp(strangerContext.request, { prefix: 'alerts-stranger', orgName: 'Stranger Co' });
  const channelId = JSON.parse(addedText).channel.id as string;
  for (const [method, url] of [
    ['get', `/api/orgs/${slug}/alerts`],
    ['get', `/api/orgs/${slug}/alerts/deliveries`],
    ['post', `/api/orgs/${slug}/alerts/channels/${channelId}/test`],
    ['delete', `/api/orgs/${slug}/alerts/channels/${channelId}`],
  ] as const) {
    const response = await strangerContext.request[method](url);
    expect(response.status(), url).toBe(404);
    expect(await response.text()).not.toContain('Juniper');
  }
  const strangerPage = await strangerContext.newPage();
  expect((await strangerPage.goto(`/o/${slug}/settings/alerts/outbox`))?.status()).toBe(404);
  await Promise.all([ownerContext.close(), viewerContext.close(), strangerContext.close()]);
});
