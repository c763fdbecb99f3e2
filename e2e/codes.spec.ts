import { expect, request as playwrightRequest, test, type Browser } from '@playwright/test';
import { connectAndSync, signUp, type Account } from './fixtures';

// Creator codes on an organization synced from the standalone sandbox. The codes come from the
// sandbox's manifest (world.creatorCodes, each with its intended outcome); applying them changes
// only the authorizations of fresh posts on Northwind EU, which no other spec relies on.

const SANDBOX_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 2}`;

type CreatorCode = { code: string; kind: string; appliedTo: string[]; error: string | null };

async function manifest(): Promise<{ refs: Record<string, string>; creatorCodes: CreatorCode[] }> {
  const api = await playwrightRequest.newContext();
  const body = (await (await api.get(`${SANDBOX_URL}/_control/manifest`)).json()) as { refs: Record<string, string>; creatorCodes: CreatorCode[] };
  await api.dispose();
  return body;
}

async function syncedOrg(browser: Browser, prefix: string, orgName: string) {
  const context = await browser.newContext();
  const account: Account = await signUp(context.request, { prefix, orgName });
  await connectAndSync(context.request, account.orgSlug!);
  return { context, account, base: `/o/${account.orgSlug}/codes` };
}

test('paste 20 codes, preview warns, apply, watch progress to the end, results and history', async ({ browser }) => {
  test.setTimeout(180_000);
  const { refs, creatorCodes } = await manifest();
  const eu = refs['advertiser:northwindEu']!;
  const pick = (kind: string, n: number, where: (c: CreatorCode) => boolean = () => true) => creatorCodes.filter((c) => c.kind === kind && where(c)).slice(0, n);
  const valid = pick('valid', 12);
  const expired = pick('expired', 2);
  const malformed = pick('malformed', 2, (c) => !c.code.includes(' '));
  const already = pick('already_applied', 2, (c) => c.appliedTo.includes(eu));
  const deleted = pick('deleted_post', 2);
  const all = [...valid, ...expired, ...malformed, ...already, ...deleted];
  expect(all).toHaveLength(20);

  const { context, account, base } = await syncedOrg(browser, 'codes', 'Codes Co');
  const page = await context.newPage();
  await page.goto(base);
  await expect(page.getByRole('heading', { name: 'Creator codes', level: 1 })).toBeVisible();

  // Pasted the way people paste: a spreadsheet column, a quoted list, a duplicate.
  const [a, b, ...rest] = all.map((c) => c.code);
  await page.getByLabel('Creator codes').fill(`${a}\n"${b}", ${rest.slice(0, 5).join(', ')}\n${rest.slice(5).join('\n')}\n${a}\n`);
  await expect(page.getByTestId('code-count')).toHaveText('20 codes ready, 1 entry flagged');
  await expect(page.getByTestId('line-feedback')).toContainText('duplicate of line 1 (merged)');

  await page.getByRole('checkbox', { name: new RegExp(eu) }).check();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const rows = page.getByTestId('preview-row');
  await expect(rows).toHaveCount(20, { timeout: 60_000 });
  const warnings = page.getByTestId('preview-rows');
  await expect(warnings.locator('[data-warning="already_applied"]')).toHaveCount(2);
  await expect(warnings.locator('[data-warning="expired"]')).toHaveCount(2);
  await expect(warnings.locator('[data-warning="invalid_code"]')).toHaveCount(2);
  await expect(warnings.locator('[data-warning="post_deleted"]')).toHaveCount(2);
  await expect(warnings.locator('[data-warning="caption_locked"]')).toHaveCount(16);

  // Blocked and already-applied rows start unticked; send them anyway to see TikTok's answers.
  await expect(page.getByText('12 of 20 codes selected')).toBeVisible();
  for (const c of [...expired, ...already]) await page.getByRole('checkbox', { name: `Apply ${c.code.slice(0, 4)}…${c.code.slice(-3)}` }).check();
  await page.getByRole('button', { name: 'Apply 16 codes' }).click();

  await expect(page.getByTestId('batch-progress')).toHaveText('20 of 20', { timeout: 90_000 });
  await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible();
  const items = page.getByTestId('batch-item');
  await expect(items.and(page.locator('[data-state="applied"]'))).toHaveCount(12);
  await expect(items.and(page.locator('[data-state="already_applied"]'))).toHaveCount(2);
  await expect(items.and(page.locator('[data-state="failed"]'))).toHaveCount(2);
  await expect(items.and(page.locator('[data-state="skipped"]'))).toHaveCount(4);
  await expect(items.and(page.locator('[data-state="failed"]')).first()).toContainText('Ask the creator for: A new code');
  await expect(items.and(page.locator('[data-state="failed"]')).first()).toContainText('TikTok 40002: auth_code_expired');
  await expect(page.getByRole('button', { name: 'Retry 2 failed' })).toBeVisible();
  // Codes left out at preview keep why, and what to ask the creator for.
  const skipped = items.and(page.locator('[data-state="skipped"]'));
  await expect(skipped.filter({ hasText: 'Left out at preview and not sent: TikTok does not recognise this as a creator code' })).toHaveCount(2);
  await expect(skipped.filter({ hasText: 'Ask the creator for: The code again, copied in full' })).toHaveCount(2);
  await expect(skipped.filter({ hasText: 'the post behind this code was deleted' })).toHaveCount(2);
  await expect(skipped.filter({ hasText: 'Ask the creator for: A code for a post that is still live' })).toHaveCount(2);
  // Codes are credentials: results show them masked (the paste box above is the user's own input).
  const results = (await page.getByTestId('batch-items').textContent()) ?? '';
  for (const c of all) expect(results).not.toContain(c.code);

  const csv = await context.request.get((await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'))!);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split('\r\n');
  expect(lines).toHaveLength(21);
  expect(lines.filter((l) => l.includes(',applied,'))).toHaveLength(12);
  const skippedLines = lines.filter((l) => l.includes(',skipped,'));
  expect(skippedLines).toHaveLength(4);
  for (const line of skippedLines) expect(line).toMatch(/Left out at preview and not sent: .+,.*(copied in full|still live)/);
  for (const c of all) expect(lines.join('\n')).not.toContain(c.code);

  await page.getByRole('link', { name: 'History', exact: true }).click();
  const batch = page.getByTestId('code-batch');
  await expect(batch).toHaveCount(1);
  await expect(batch).toContainText(account.name);
  await expect(batch).toContainText('12 applied');
  await expect(batch).toContainText('2 already applied');
  await expect(batch).toContainText('2 failed');
  await expect(batch).toContainText('4 skipped');
  await batch.getByRole('link', { name: 'Details' }).click();
  await expect(page.getByTestId('batch-progress')).toHaveText('20 of 20');
  await expect(page.getByTestId('batch-item')).toHaveCount(20);
  // The history page, as the server sends it, holds no code in full.
  const html = await page.content();
  for (const c of all) expect(html).not.toContain(c.code);

  await context.close();
});

test('pasting 21 codes is an error that offers to split them into batches of 20', async ({ browser }) => {
  const context = await browser.newContext();
  const account = await signUp(context.request, { prefix: 'codes-split', orgName: 'Split Co' });
  const page = await context.newPage();
  await page.goto(`/o/${account.orgSlug}/codes`);
  const codes = Array.from({ length: 21 }, (_, i) => `#SplitCode${String(i).padStart(2, '0')}+abc/def=`);
  await page.getByLabel('Creator codes').fill(codes.join('\n'));
  await expect(page.getByRole('alert').filter({ hasText: 'a batch takes at most 20' })).toContainText('21 codes — a batch takes at most 20');
  await expect(page.getByRole('button', { name: 'Preview', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Split into batches of 20' }).click();
  await expect(page.getByLabel('Creator codes')).toHaveValue(codes.slice(0, 20).join('\n'));
  await expect(page.getByTestId('code-queue')).toContainText('1 more batch (1 codes)');
  await page.getByRole('button', { name: 'Load the next batch' }).click();
  await expect(page.getByLabel('Creator codes')).toHaveValue(codes[20]!);
  await context.close();
});

test('the API: idempotency key, validation, foreign ad accounts and batches, viewers', async ({ browser }) => {
  const { refs, creatorCodes } = await manifest();
  const us = refs['advertiser:northwindUs']!;
  const { context, account } = await syncedOrg(browser, 'codes-api', 'Codes API Co');
  const api = context.request;
  const url = `/api/orgs/${account.orgSlug}/code-batches`;
  const codes = creatorCodes
    .filter((c) => c.kind === 'valid')
    .slice(-2)
    .map((c) => c.code);
  const body = { codes, advertiserIds: [us] };

  expect((await api.post(url, { data: body })).status()).toBe(422);
  const first = await api.post(url, { data: body, headers: { 'Idempotency-Key': 'e2e-key-0001' } });
  expect(first.status()).toBe(202);
  const again = await api.post(url, { data: body, headers: { 'Idempotency-Key': 'e2e-key-0001' } });
  expect(again.status()).toBe(200);
  const firstId = ((await first.json()) as { batch: { id: string } }).batch.id;
  expect(((await again.json()) as { batch: { id: string } }).batch.id).toBe(firstId);
  const changed = await api.post(url, { data: { ...body, codes: codes.slice(0, 1) }, headers: { 'Idempotency-Key': 'e2e-key-0001' } });
  expect(changed.status()).toBe(422);
  expect(((await changed.json()) as { error: string }).error).toMatch(/different batch/);

  // Ten identical submissions at once (a flaky network resending): one batch, created once.
  const burst = await Promise.all(
    Array.from({ length: 10 }, () => api.post(url, { data: { ...body, advertiserIds: [refs['advertiser:lumenPerformance']!] }, headers: { 'Idempotency-Key': 'e2e-key-burst' } })),
  );
  expect(burst.map((r) => r.status()).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
  const burstIds = await Promise.all(burst.map(async (r) => ((await r.json()) as { batch: { id: string } }).batch.id));
  expect(new Set(burstIds).size).toBe(1);
  let burstBatch = { finishedAt: null as string | null, counts: { applied: 0 } };
  await expect
    .poll(
      async () => {
        burstBatch = ((await (await api.get(`${url}/${burstIds[0]}`)).json()) as { batch: typeof burstBatch }).batch;
        return burstBatch.finishedAt;
      },
      { timeout: 30_000 },
    )
    .not.toBeNull();
  expect(burstBatch.counts.applied).toBe(2);

  const tooMany = await api.post(`${url}/preview`, { data: { codes: Array.from({ length: 21 }, (_, i) => `#code-${i}-abcdef`), advertiserIds: [us] } });
  expect(tooMany.status()).toBe(422);
  expect(((await tooMany.json()) as { error: string }).error).toMatch(/At most 20 codes/);
  expect((await api.post(`${url}/preview`, { data: { codes: ['#abc\u0000defghi'], advertiserIds: [us] } })).status()).toBe(422);
  const foreignAccount = await api.post(url, { data: { ...body, advertiserIds: ['7000000000000000000'] }, headers: { 'Idempotency-Key': 'e2e-key-0002' } });
  expect(foreignAccount.status()).toBe(404);

  // Another organization sees none of it, not even that the batch exists.
  const otherContext = await browser.newContext();
  const other = await signUp(otherContext.request, { prefix: 'codes-other', orgName: 'Other Co' });
  const foreignBatch = await otherContext.request.get(`/api/orgs/${other.orgSlug}/code-batches/${firstId}`);
  expect(foreignBatch.status()).toBe(404);
  expect(await foreignBatch.text()).not.toContain('Codes API Co');
  expect((await otherContext.request.get(`${url}/${firstId}`)).status()).toBe(404);
  const otherPage = await otherContext.newPage();
  expect((await otherPage.goto(`/o/${other.orgSlug}/codes/${firstId}`))?.status()).toBe(404);

  // A viewer has no "Creator codes" link and gets 403 from the API.
  const invited = await api.post(`/api/orgs/${account.orgSlug}/invitations`, { data: { email: other.email, role: 'viewer' } });
  const { invitation } = (await invited.json()) as { invitation: { url: string } };
  await otherPage.goto(new URL(invitation.url).pathname);
  await otherPage.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(otherPage).toHaveURL(new RegExp(`/o/${account.orgSlug}$`));
  await expect(otherPage.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Creator codes' })).toHaveCount(0);
  expect((await otherContext.request.post(url, { data: body, headers: { 'Idempotency-Key': 'e2e-key-0003' } })).status()).toBe(403);
  expect((await otherContext.request.post(`${url}/preview`, { data: body })).status()).toBe(403);
  expect((await otherContext.request.get(`${url}/${firstId}`)).status()).toBe(403);
  expect((await otherPage.goto(`/o/${account.orgSlug}/codes`))?.status()).toBe(403);
  await expect(otherPage.getByRole('heading', { name: 'Your role does not include this page' })).toBeVisible();
  await otherContext.close();
  await context.close();
});
