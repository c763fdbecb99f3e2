import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { connectAndSync, signUp } from './fixtures';

// Ad health on an organization synced from the standalone sandbox: the overview's root-cause group
// leads to the ads it blocks, an ad's page shows the fix, the support packet downloads with the IDs.

test('overview → root-cause group → filtered ads → ad detail with the fix → support packet; another org gets 404', async ({ browser }) => {
  test.setTimeout(120_000);
  const ownerContext = await browser.newContext();
  const owner = await signUp(ownerContext.request, { prefix: 'health', orgName: 'Kestrel Sparkwear' });
  const slug = owner.orgSlug!;
  await connectAndSync(ownerContext.request, slug);
  const page = await ownerContext.newPage();

  await page.goto(`/o/${slug}`);
  await expect(page.getByTestId('stat-red')).toContainText(/\d+/);
  const group = page.getByTestId('root-cause-group').filter({ hasText: 'link to Business Center is pending' }).first();
  await expect(group).toBeVisible();
  const headline = group.getByRole('link');
  const adsInGroup = Number((await headline.innerText()).match(/^(\d+) ads? blocked/)?.[1]);
  expect(adsInGroup).toBeGreaterThan(0);
  await headline.click();

  await expect(page).toHaveURL(/\/ads\?status=blocking&cause=BC_LINK_PENDING&subject=tt_account/);
  await expect(page.getByTestId('root-cause-filter')).toContainText('Business Center link pending');
  const rows = page.locator('tbody tr');
  await expect(rows).toHaveCount(adsInGroup);
  for (const row of await rows.all()) await expect(row).toContainText('link to Business Center is pending');
  const firstAd = rows.first().getByRole('link');
  const adName = await firstAd.innerText();
  await firstAd.click();

  await expect(page.getByRole('heading', { name: adName })).toBeVisible();
  const adId = decodeURIComponent(page.url().split('/ads/')[1]!);
  await expect(page.getByTestId('root-cause')).toContainText('link to Business Center is pending');
  await expect(page.getByTestId('pillar-business_center')).toHaveAttribute('data-state', 'fail');
  const finding = page.getByTestId('finding-BC_LINK_PENDING');
  await expect(finding.getByTestId('fix-steps')).toContainText('scan the QR code');
  await expect(finding).toContainText('Who fixes it: TikTok account owner');

  const ad = (await (await ownerContext.request.get(`/api/orgs/${slug}/ads/${adId}`)).json()) as { ad: { advertiserId: string; itemId: string } };
  for (const [testId, extension] of [
    ['support-packet-json', 'json'],
    ['support-packet-md', 'md'],
  ] as const) {
    const downloading = page.waitForEvent('download');
    await page.getByTestId(testId).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`sparkcheck-ad-${adId}-support-packet.${extension}`);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    for (const id of [adId, ad.ad.advertiserId, ad.ad.itemId]) expect(text, `${extension} packet has ${id}`).toContain(id);
    expect(text).not.toContain('sandbox-access-token');
    if (extension === 'json') expect(JSON.parse(text)).toMatchObject({ ad: { adId }, adAccount: { advertiserId: ad.ad.advertiserId } });
  }

  // The JSON API: same filters; a bad one is a 422 that names it.
  const list = await ownerContext.request.get(`/api/orgs/${slug}/ads?status=blocking&cause=BC_LINK_PENDING`);
  expect(list.status()).toBe(200);
  const listed = (await list.json()) as { total: number; ads: { adId: string; findings: { code: string; fixSteps: string[] }[] }[] };
  expect(listed.total).toBeGreaterThanOrEqual(adsInGroup);
  expect(listed.ads.map((a) => a.adId)).toContain(adId);
  expect(listed.ads[0]!.findings.find((f) => f.code === 'BC_LINK_PENDING')!.fixSteps.length).toBeGreaterThan(0);
  const bad = await ownerContext.request.get(`/api/orgs/${slug}/ads?status=broken`);
  expect(bad.status()).toBe(422);
  expect(((await bad.json()) as { fields: Record<string, string[]> }).fields).toHaveProperty('status');

  // Another organization: its member gets 404 for this ad everywhere, and no name leaks.
  const attackerContext = await browser.newContext();
  const attacker = await signUp(attackerContext.request, { prefix: 'health-attacker', orgName: 'Attacker Health Org' });
  const secretWords = ['Kestrel', 'Sparkwear', adName];
  const attackerPage = await attackerContext.newPage();
  for (const path of [`/o/${slug}/ads`, `/o/${slug}/ads/${adId}`, `/o/${attacker.orgSlug}/ads/${adId}`]) {
    const response = await attackerPage.goto(path);
    expect(response?.status(), path).toBe(404);
    const html = await response!.text();
    for (const word of secretWords) expect(html, `${path} leaks ${word}`).not.toContain(word);
  }
  for (const path of [
    `/api/orgs/${slug}/ads`,
    `/api/orgs/${slug}/ads/${adId}`,
    `/api/orgs/${slug}/ads/${adId}/support-packet?format=md`,
    `/api/orgs/${attacker.orgSlug}/ads/${adId}`,
    `/api/orgs/${attacker.orgSlug}/ads/${adId}/support-packet`,
  ]) {
    const response = await attackerContext.request.get(path);
    expect(response.status(), path).toBe(404);
    const body = await response.text();
    for (const word of secretWords) expect(body, `${path} leaks ${word}`).not.toContain(word);
  }
  // The attacker's own organization, never synced, says what to do instead of showing anything.
  await attackerPage.goto(`/o/${attacker.orgSlug}/ads`);
  await expect(attackerPage.getByTestId('health-empty')).toContainText('No TikTok connection yet');
  await expect(attackerPage.getByRole('link', { name: 'Connect TikTok' })).toHaveAttribute('href', `/o/${attacker.orgSlug}/connections`);

  await ownerContext.close();
  await attackerContext.close();
});
