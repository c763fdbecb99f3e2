import { expect, request as playwrightRequest, test, type Browser } from '@playwright/test';
import { connectAndSync, signUp, type Account } from './fixtures';

// The team pages on an organization synced from the standalone sandbox's seeded world, whose
// Business Centers hold members designed to differ (lib/tiktok-sandbox/seed-world.ts).

const SANDBOX_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 2}`;

async function sandboxRefs(): Promise<Record<string, string>> {
  const api = await playwrightRequest.newContext();
  const manifest = (await (await api.get(`${SANDBOX_URL}/_control/manifest`)).json()) as { refs: Record<string, string> };
  await api.dispose();
  return manifest.refs;
}

async function syncedOrg(browser: Browser, prefix: string, orgName: string) {
  const context = await browser.newContext();
  const account: Account = await signUp(context.request, { prefix, orgName });
  await connectAndSync(context.request, account.orgSlug!);
  return { context, account, base: `/o/${account.orgSlug}/team` };
}

test('compare two members: the difference is highlighted and said in a sentence', async ({ browser }) => {
  const { context, base } = await syncedOrg(browser, 'team-compare', 'Team Compare Co');
  const page = await context.newPage();

  // The matrix marks pending invitees and filters in the URL.
  await page.goto(`${base}?role=PENDING`);
  await expect(page.getByRole('heading', { name: '2 members' })).toBeVisible();
  await expect(page.getByText('Invited, not accepted')).toHaveCount(2);

  await page.goto(`${base}/compare`);
  await page.locator('#m0').selectOption({ label: 'Marco Bianchi · marco@northwind.example' });
  await page.locator('#m1').selectOption({ label: 'Hannah Schulz · hannah@northwind.example' });
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(/\/team\/compare\?m=\d+&m=\d+/);

  await expect(page.getByRole('heading', { name: '2 differences' })).toBeVisible();
  const differences = page.getByTestId('differences').getByRole('listitem');
  await expect(differences).toHaveText([
    'On ad account Northwind US, Marco Bianchi is Operator; Hannah Schulz is Analyst.',
    "Marco Bianchi can run Spark Ads with @northwind's existing posts on Northwind US; Hannah Schulz cannot.",
  ]);
  const highlighted = page.locator('tr[data-differs="true"]');
  await expect(highlighted).toHaveCount(2);
  await expect(highlighted.first()).toContainText('Role on Northwind US');
  await expect(highlighted.first()).toContainText('Operator');
  await expect(highlighted.first()).toContainText('Analyst');
  const background = await highlighted.first().evaluate((row) => getComputedStyle(row).backgroundColor);
  expect(background).not.toBe('rgba(0, 0, 0, 0)');
  // The permission both hold is shown, not highlighted.
  await expect(page.locator('tr:not([data-differs])', { hasText: 'Existing posts on @northwind' })).toHaveCount(1);
  await context.close();
});

test('explain a post for the member who cannot use it: the first missing link and what to change', async ({ browser }) => {
  const refs = await sandboxRefs();
  const { context, base } = await syncedOrg(browser, 'team-explain', 'Team Explain Co');
  const page = await context.newPage();
  await page.goto(`${base}/explain`);
  await page.locator('#member').selectOption({ label: 'Leo Park · leo@northwind.example' });
  await page.getByLabel('or paste a post (item) ID').fill(refs['post:northwind1']!);
  await page.getByRole('button', { name: 'Explain' }).click();

  await expect(page.getByTestId('explain-verdict')).toContainText('Leo Park cannot use this post. First missing link: Member is assigned the TikTok account with Existing posts.');
  const path = page.getByTestId('access-path');
  await expect(path.locator('[data-link="bcPermission"]')).toHaveAttribute('data-ok', 'true');
  await expect(path.locator('[data-link="memberPermission"]')).toContainText('Leo Park is assigned @northwind without Existing posts');
  await expect(path.locator('[data-link="memberPermission"]')).toContainText('What to change: In Business Center → Accounts → TikTok accounts → @northwind → Members, give Leo Park Existing posts.');

  // The member who can: Marco, on Northwind US.
  await page.locator('#member').selectOption({ label: 'Marco Bianchi · marco@northwind.example' });
  await page.getByRole('button', { name: 'Explain' }).click();
  await expect(page.getByTestId('explain-verdict')).toHaveText(/Marco Bianchi can use this post on Northwind US\./);

  // An ID Sparkcheck has never seen is named.
  await page.getByLabel('or paste a post (item) ID').fill('123456789');
  await page.getByRole('button', { name: 'Explain' }).click();
  await expect(page.getByTestId('form-error')).toHaveText('Sparkcheck has not seen post 123456789 in any synced ad, identity or Spark authorization');
  await context.close();
});

test("another organization's team pages and API are a 404 without names", async ({ browser }) => {
  const refs = await sandboxRefs();
  const victim = await syncedOrg(browser, 'team-victim', 'Halcyon Private Team');
  const attackerContext = await browser.newContext();
  await signUp(attackerContext.request, { prefix: 'team-attacker', orgName: 'Team Attacker Org' });
  const slug = victim.account.orgSlug!;
  const members = `${refs['user:marco']},${refs['user:hannah']}`;
  const secretWords = ['Halcyon', 'Northwind', 'Marco', 'Hannah', victim.account.email];

  const page = await attackerContext.newPage();
  for (const path of [
    `/o/${slug}/team`,
    `/o/${slug}/team/compare?m=${refs['user:marco']}&m=${refs['user:hannah']}`,
    `/o/${slug}/team/explain?member=${refs['user:marco']}&item=${refs['post:northwind1']}`,
    `/o/${slug}/team/findings`,
    `/o/${slug}/team/history`,
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    const html = await response!.text();
    for (const word of secretWords) expect(html, `${path} leaks ${word}`).not.toContain(word);
  }
  for (const url of [`/api/orgs/${slug}/team/compare?members=${members}`, `/api/orgs/${slug}/team/explain?member=${refs['user:marco']}&post=${refs['post:northwind1']}`]) {
    const response = await attackerContext.request.get(url);
    expect(response.status(), url).toBe(404);
    const body = await response.text();
    for (const word of secretWords) expect(body, `${url} leaks ${word}`).not.toContain(word);
  }
  // The owner gets the same data as JSON.
  const own = await victim.context.request.get(`/api/orgs/${slug}/team/compare?members=${members}`);
  expect(own.status()).toBe(200);
  expect(((await own.json()) as { diff: { differences: unknown[] } }).diff.differences).toHaveLength(2);
  await Promise.all([victim.context.close(), attackerContext.close()]);
});
