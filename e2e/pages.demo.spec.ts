import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_EMAIL, DEMO_ORG_SLUG, DEMO_PASSWORD } from '../lib/demo/credentials';
import { appPageRoutes, fillRoute } from './app-pages';
import { pageShown } from './fixtures';

// Every page of the app on the demo (read from app/**/page.tsx, so a new page cannot be skipped):
// on a 390 px phone nothing scrolls sideways, and at 1440 px axe-core finds no serious or critical
// accessibility violation. Pages with a dynamic segment get a real object of the demo.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
/** Pages a visitor sees signed out; every other page is visited as the demo owner. */
const SIGNED_OUT = new Set(['/', '/sign-in', '/sign-up', '/invite/[token]', '/r/[token]', '/api-reference']);

type Demo = { values: Record<string, string>; extra: string[] };

/** Waits for the demo's first sync, then finds an ad, a connection and a creator-code batch to show. */
async function demoObjects(request: APIRequestContext): Promise<Demo> {
  const signedIn = await request.post('/api/session', { data: { email: DEMO_EMAIL, password: DEMO_PASSWORD } });
  expect(signedIn.status()).toBe(200);
  const api = `/api/orgs/${DEMO_ORG_SLUG}`;
  let blocked: { adId: string; advertiserId: string } | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get(`${api}/ads?status=blocking`);
        blocked = response.ok() ? ((await response.json()) as { ads: { adId: string; advertiserId: string }[] }).ads[0] : undefined;
        return blocked !== undefined;
      },
      { timeout: 90_000, intervals: [1_000] },
    )
    .toBe(true);
  const { connections } = (await (await request.get(`${api}/connections`)).json()) as { connections: { id: string }[] };
  const { refs, creatorCodes } = (await (await request.get('/sandbox/_control/manifest')).json()) as { refs: Record<string, string>; creatorCodes: { code: string; kind: string }[] };
  const codes = ['valid', 'expired', 'malformed'].map((kind) => creatorCodes.find((c) => c.kind === kind && !c.code.includes(' '))!.code);
  const submitted = await request.post(`${api}/code-batches`, {
    headers: { 'Idempotency-Key': `pages-spec-${Date.now()}` },
    data: { codes, advertiserIds: [blocked!.advertiserId] },
  });
  expect(submitted.status(), await submitted.text()).toBe(202);
  const { batch } = (await submitted.json()) as { batch: { id: string } };
  // A key, so the API keys page shows its list. Named as scripts often are, in one long word: the
  // overview's recent activity then has a line with no place to wrap ("… made the viewer API key …").
  expect((await request.post(`${api}/api-keys`, { data: { name: 'looker_studio_weekly_report_all_clients', role: 'viewer' } })).status()).toBe(201);
  const team = `/o/${DEMO_ORG_SLUG}/team`;
  // A creator's renewal page with a real link (the pattern itself gets a token that matches nothing).
  const { ads } = (await (await request.get(`${api}/ads`)).json()) as { ads: { itemId: string | null }[] };
  const renewal = await request.post(`${api}/renewals`, { data: { itemId: ads.find((a) => a.itemId)!.itemId } });
  expect(renewal.status(), await renewal.text()).toBe(201);
  const renewalUrl = new URL(((await renewal.json()) as { url: string }).url);
  return {
    values: { org: DEMO_ORG_SLUG, adId: blocked!.adId, id: connections[0]!.id, batchId: batch.id, token: 'no-such-invitation' },
    // The team pages with their results filled in, as people arrive from a link.
    extra: [
      renewalUrl.pathname,
      `${team}/compare?m=${refs['user:dana']}&m=${refs['user:felix']}&m=${refs['user:grace']}`,
      `${team}/explain?member=${refs['user:hannah']}&post=${refs['post:northwind1']}`,
    ],
  };
}

async function visit(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status() ?? 0, url).toBeLessThan(500);
  await page.waitForLoadState('networkidle');
  await pageShown(page);
}

let demo: Demo;
test.beforeAll(async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  demo = await demoObjects(request);
  await request.dispose();
});

const urls = () => [...appPageRoutes().map((route) => ({ route, url: fillRoute(route, demo.values) })), ...demo.extra.map((url) => ({ route: url, url }))];

for (const width of ['phone', 'desktop'] as const) {
  test(`every app page on a ${width === 'phone' ? '390 px phone has no sideways scroll' : '1440 px screen has no serious or critical axe-core violation'}`, async ({ browser }) => {
    test.setTimeout(300_000);
    const viewport = width === 'phone' ? PHONE : DESKTOP;
    const signedOut = await browser.newContext({ viewport });
    const signedIn = await browser.newContext({ viewport });
    await signedIn.request.post('/api/session', { data: { email: DEMO_EMAIL, password: DEMO_PASSWORD } });
    const problems: string[] = [];
    for (const { route, url } of urls()) {
      const page = await (SIGNED_OUT.has(route) ? signedOut : signedIn).newPage();
      await visit(page, url);
      if (width === 'phone') {
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, clientWidth: document.scrollingElement!.clientWidth }));
        if (scrollWidth > clientWidth) problems.push(`${url}: ${scrollWidth} px wide on a ${clientWidth} px screen`);
      } else {
        const { violations } = await new AxeBuilder({ page }).analyze();
        for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
          problems.push(`${url}: ${v.impact} ${v.id} (${v.help}) on ${v.nodes.length} element(s), e.g. ${v.nodes[0]?.target.join(' ')}`);
        }
      }
      await page.close();
    }
    await signedOut.close();
    await signedIn.close();
    expect(problems).toEqual([]);
  });
}

test('the filtered ads list exports every matching ad as CSV, from the page', async ({ page }) => {
  await page.request.post('/api/session', { data: { email: DEMO_EMAIL, password: DEMO_PASSWORD } });
  const { total } = (await (await page.request.get(`/api/orgs/${DEMO_ORG_SLUG}/ads?status=blocking`)).json()) as { total: number };
  await page.goto(`/o/${DEMO_ORG_SLUG}/ads?status=blocking`);
  const link = page.getByTestId('ads-csv');
  await expect(link).toHaveText(`Export ${total} as CSV`);
  const csv = await page.request.get((await link.getAttribute('href'))!);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split('\r\n');
  expect(lines[0]).toMatch(/^ad_id,ad_name,ad_account_id,/);
  expect(lines).toHaveLength(total + 1);
  expect(lines.slice(1).every((line) => line.includes(',blocking,'))).toBe(true);
});

test('on a phone the menu opens the sections; Apply and Compare land on their result or say what is missing', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  await context.request.post('/api/session', { data: { email: DEMO_EMAIL, password: DEMO_PASSWORD } });
  const page = await context.newPage();
  await page.goto(`/o/${DEMO_ORG_SLUG}`);
  const sections = page.getByRole('navigation', { name: 'Sections' });
  await expect(sections).toBeHidden();
  await page.getByRole('button', { name: 'Menu' }).click();
  await sections.getByRole('link', { name: 'Ads' }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${DEMO_ORG_SLUG}/ads$`));
  await expect(sections).toBeHidden();

  await page.getByLabel('Search').fill('link pending');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/[?&]q=link\+pending&.*#results$/);
  await expect(page.getByRole('region', { name: 'Ads matching the filters' })).toBeFocused();

  await page.goto(`/o/${DEMO_ORG_SLUG}/team/compare`);
  await page.getByRole('button', { name: 'Compare' }).click();
  const comparison = page.getByRole('region', { name: 'Comparison' });
  await expect(comparison).toBeFocused();
  await expect(comparison).toContainText('Pick at least two members to compare.');
  await context.close();
});
