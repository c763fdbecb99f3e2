import { expect, request as playwrightRequest, test } from '@playwright/test';
import { connectAndSync, pageShown, signUp } from './fixtures';

// A renewal link end to end: a media buyer asks for a new code from an ad whose authorization ends
// soon, the creator opens the link on a phone (a fresh browser, no account) and pastes a code the
// sandbox's creator generated for that post; the ad's authorization then ends later.

const SANDBOX_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 2}`;

type Ad = { adId: string; itemId: string | null; authEndTime: string | null; postHandle: string | null };

test('request renewal from an expiring ad, the creator pastes a new code on a phone, the ad runs longer', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const account = await signUp(context.request, { prefix: 'renewals', orgName: 'Renewal Brand Co' });
  const slug = account.orgSlug!;
  await connectAndSync(context.request, slug);

  // The ad whose authorization ends soonest.
  const { ads } = (await (await context.request.get(`/api/orgs/${slug}/ads?sort=expiry`)).json()) as { ads: Ad[] };
  const ad = ads.find((a) => a.itemId && a.authEndTime && new Date(a.authEndTime) > new Date())!;
  expect(ad, 'an ad with an authorization still running').toBeTruthy();
  const endsBefore = new Date(ad.authEndTime!);

  const page = await context.newPage();
  await page.goto(`/o/${slug}/ads/${encodeURIComponent(ad.adId)}`);
  const box = page.getByTestId('ad-renewal');
  await box.getByRole('button', { name: /Request renewal/ }).click();
  await box.getByRole('button', { name: 'Create link' }).click();
  const url = (await box.getByTestId('renewal-url').textContent())!.trim();
  expect(url).toMatch(/\/r\/[A-Za-z0-9_-]{40,}$/);
  await expect(box.getByTestId('renewal-status')).toHaveAttribute('data-status', 'sent');

  // The creator generates a new code for that post in the TikTok app (the sandbox).
  const sandbox = await playwrightRequest.newContext();
  const issued = await sandbox.post(`${SANDBOX_URL}/_control/mutate`, { data: { op: 'issueCreatorCode', itemId: ad.itemId, days: 365 } });
  expect(issued.status(), await issued.text()).toBe(200);
  const { code } = (await issued.json()) as { code: string };
  const other = await sandbox.post(`${SANDBOX_URL}/_control/mutate`, { data: { op: 'issueCreatorCode', itemId: ads.find((a) => a.itemId && a.itemId !== ad.itemId)!.itemId, days: 365 } });
  const { code: otherCode } = (await other.json()) as { code: string };
  await sandbox.dispose();

  // Before the page's script runs, Send code is disabled: a tap cannot put the code in the address bar.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const bare = await noScript.newPage();
  await bare.goto(url);
  await expect(bare.getByRole('button', { name: 'Send code' })).toBeDisabled();
  await noScript.close();

  // The creator: a phone, no account, no cookies.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const creator = await phone.newPage();
  const external: string[] = [];
  creator.on('request', (r) => {
    if (!r.url().startsWith(new URL(url).origin)) external.push(r.url());
  });
  await creator.goto(url);
  await expect(creator.getByTestId('renewal-brand')).toContainText('Renewal Brand Co');
  await expect(creator.getByRole('heading', { name: 'In the TikTok app' })).toBeVisible();
  await expect(creator.getByText('Generate code')).toBeVisible();
  const { scrollWidth, clientWidth } = await creator.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, clientWidth: document.scrollingElement!.clientWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);

  // A code for another post: a clear message, nothing applied.
  await creator.getByLabel('Paste your new code').fill(otherCode);
  await creator.getByRole('button', { name: 'Send code' }).click();
  await expect(creator.getByTestId('form-error')).toContainText('different post');

  await creator.getByLabel('Paste your new code').fill(`  ${code}\n`);
  await creator.getByRole('button', { name: 'Send code' }).click();
  await expect(creator.getByTestId('renewal-done')).toContainText('Renewed — thank you!', { timeout: 30_000 });
  const doneText = (await creator.getByTestId('renewal-done').textContent()) ?? '';
  expect(doneText).toMatch(/until \d{1,2} \w+ \d{4}/);
  expect(await creator.content()).not.toContain(code);
  expect(external, 'the creator page loads nothing from other sites').toEqual([]);

  // The ad's authorization ends later, and the request shows applied.
  const detail = (await (await context.request.get(`/api/orgs/${slug}/ads/${encodeURIComponent(ad.adId)}`)).json()) as { ad: { authEndTime: string } };
  expect(new Date(detail.ad.authEndTime).getTime()).toBeGreaterThan(endsBefore.getTime() + 300 * 86_400_000);
  await page.goto(`/o/${slug}/renewals`);
  const row = page.getByTestId('renewal-row').first();
  await expect(row).toHaveAttribute('data-status', 'applied');
  await expect(row.getByTestId('renewal-new-end')).toBeVisible();
  await page.goto(`/o/${slug}/ads/${encodeURIComponent(ad.adId)}`);
  await expect(page.getByTestId('ad-renewal').getByTestId('renewal-status')).toHaveAttribute('data-status', 'applied');

  // The same code again applies nothing twice and says so; a made-up link is not valid.
  const again = await phone.request.post(`/api/renewals/${url.split('/r/')[1]}`, { data: { code } });
  expect(again.status()).toBe(200);
  expect(((await again.json()) as { outcome: string; message: string }).message).toContain('already applied');
  const guessed = await phone.request.post(`/api/renewals/${'x'.repeat(43)}`, { data: { code } });
  expect(guessed.status()).toBe(404);
  expect(await guessed.text()).not.toContain('Renewal Brand Co');
  await phone.close();

  // The ads list: tick two posts, one link each.
  await page.goto(`/o/${slug}/ads?sort=expiry`);
  await pageShown(page);
  const boxes = page.getByRole('checkbox', { name: /^Select post \d+ for a renewal request$/ });
  const labels = await boxes.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  const two = [...new Set(labels)].slice(0, 2);
  expect(two, 'two posts to tick in the list').toHaveLength(2);
  for (const itemId of two)
    await page
      .getByRole('checkbox', { name: `Select post ${itemId} for a renewal request` })
      .first()
      .check();
  await page.getByRole('button', { name: 'Request renewal for ticked posts' }).click();
  await expect(page.getByTestId('renewal-links').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('form-error')).toHaveCount(0);
  const { renewals } = (await (await context.request.get(`/api/orgs/${slug}/renewals`)).json()) as { renewals: { itemId: string; status: string }[] };
  expect(
    renewals
      .filter((r) => r.status === 'sent')
      .map((r) => r.itemId)
      .sort(),
  ).toEqual([...two].sort());
  await context.close();
});
